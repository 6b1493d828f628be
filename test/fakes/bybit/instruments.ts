/**
 * TEST SUPPORT ONLY: the instruments of the Bybit fake (one model per symbol, listed in the `linear`
 * USDT-perpetual and the `spot` category) and the public market endpoints that serve them.
 *
 * Follows Bybit's documented V5 Market endpoints:
 * - `GET /v5/market/instruments-info` (docs/v5/market/instrument): `category` required; linear items
 *   with `contractType` LinearPerpetual, `priceFilter` {minPrice, maxPrice, tickSize}, `lotSizeFilter`
 *   {minOrderQty, maxOrderQty, qtyStep, maxMktOrderQty, minNotionalValue, …}, `leverageFilter`; spot
 *   items with `lotSizeFilter` {basePrecision, quotePrecision, minOrderQty, maxOrderQty, minOrderAmt,
 *   maxOrderAmt} and `priceFilter` {tickSize}. `status=PreLaunch` lists nothing (no pre-market
 *   contracts here); `inverse` and `option` list nothing (not modelled).
 * - `GET /v5/market/time` (docs/v5/market/time): {timeSecond, timeNano}.
 * - `GET /v5/asset/coin/query-info` (docs/v5/asset/coin-info), the private endpoint ccxt's fetchCurrencies calls.
 */
import { BybitError, type Params, paramError, str } from './bybit-error.js';
import type { Routes } from './server.js';

/** One symbol as the fake lists it; decimals are strings, as Bybit sends them. */
export interface FakeBybitSymbol {
  /** Bybit id, e.g. BTCUSDT (the same in both categories). */
  readonly symbol: string;
  readonly baseCoin: string;
  readonly quoteCoin: string;
  readonly linear: {
    readonly minPrice: string;
    readonly maxPrice: string;
    readonly tickSize: string;
    readonly minOrderQty: string;
    readonly maxOrderQty: string;
    readonly maxMktOrderQty: string;
    readonly qtyStep: string;
    readonly minNotionalValue: string;
    readonly maxLeverage: string;
  };
  readonly spot: {
    readonly basePrecision: string;
    readonly quotePrecision: string;
    readonly minOrderQty: string;
    readonly maxOrderQty: string;
    readonly minOrderAmt: string;
    readonly maxOrderAmt: string;
    readonly tickSize: string;
  };
}

/**
 * BTCUSDT and ETHUSDT with the filters Bybit listed them with (instruments-info, 2025): the linear
 * BTC tick 0.10 / step 0.001 and ETH tick 0.01 / step 0.01 (coarser than Binance's 0.001), spot base
 * precision 0.000001 BTC / 0.00001 ETH, min order amount 1 USDT.
 */
export const defaultBybitSymbols: readonly FakeBybitSymbol[] = [
  {
    symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT',
    linear: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10', minOrderQty: '0.001', maxOrderQty: '1190.000', maxMktOrderQty: '500.000', qtyStep: '0.001', minNotionalValue: '5', maxLeverage: '100.00' },
    spot: { basePrecision: '0.000001', quotePrecision: '0.00000001', minOrderQty: '0.000048', maxOrderQty: '71.73956243', minOrderAmt: '1', maxOrderAmt: '2000000', tickSize: '0.01' },
  },
  {
    symbol: 'ETHUSDT', baseCoin: 'ETH', quoteCoin: 'USDT',
    linear: { minPrice: '0.01', maxPrice: '199999.98', tickSize: '0.01', minOrderQty: '0.01', maxOrderQty: '7240.00', maxMktOrderQty: '3620.00', qtyStep: '0.01', minNotionalValue: '5', maxLeverage: '100.00' },
    spot: { basePrecision: '0.00001', quotePrecision: '0.0000001', minOrderQty: '0.00062', maxOrderQty: '1229.2336343', minOrderAmt: '1', maxOrderAmt: '2000000', tickSize: '0.01' },
  },
];

export type Category = 'linear' | 'spot';

/** Decimals of a step such as '0.10' (priceScale 2 for tick 0.10). */
const decimalsOf = (step: string): number => (step.includes('.') ? (step.split('.')[1]?.length ?? 0) : 0);

export class InstrumentTable {
  private readonly byId: ReadonlyMap<string, FakeBybitSymbol>;

  constructor(readonly list: readonly FakeBybitSymbol[]) {
    this.byId = new Map(list.map((s) => [s.symbol, s]));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The symbol named by `symbol`: 10001 when absent or unknown (spot: 170121 "Invalid symbol."). */
  require(q: Params, category: Category): FakeBybitSymbol {
    const id = str(q, 'symbol');
    const s = id === undefined ? undefined : this.byId.get(id);
    if (s === undefined) throw category === 'spot' ? new BybitError(170121, 'Invalid symbol.') : paramError('params error: symbol invalid');
    return s;
  }

  routes(now: () => number): Routes {
    return {
      'GET /v5/market/time': {
        signed: false,
        handle: () => {
          const t = now();
          return { timeSecond: String(Math.floor(t / 1000)), timeNano: `${t}000000` };
        },
      },
      'GET /v5/market/instruments-info': { signed: false, handle: (q) => this.instrumentsInfo(q) },
      'GET /v5/asset/coin/query-info': {
        signed: true,
        handle: () => ({
          rows: [...new Set(this.list.flatMap((s) => [s.baseCoin, s.quoteCoin]))].map((coin) => ({
            name: coin, coin, remainAmount: '1000000',
            chains: [{ chainType: coin, confirmation: '6', withdrawFee: '0', depositMin: '0', withdrawMin: '0', chain: coin, chainDeposit: '1', chainWithdraw: '1', minAccuracy: '8', withdrawPercentageFee: '0' }],
          })),
        }),
      },
    };
  }

  private instrumentsInfo(q: Params): Record<string, unknown> {
    const category = str(q, 'category');
    if (category === undefined) throw paramError('params error: category is required');
    if (!['linear', 'spot', 'inverse', 'option'].includes(category)) throw paramError('params error: category invalid');
    const symbol = str(q, 'symbol');
    const status = str(q, 'status');
    const listed = category === 'linear' || category === 'spot' ? this.list.filter((s) => symbol === undefined || s.symbol === symbol) : [];
    // Every listing here is Trading; asking for PreLaunch (as ccxt does) finds none.
    const rows = status !== undefined && status !== 'Trading' ? [] : listed;
    const list = category === 'linear' ? rows.map(linearInfo) : category === 'spot' ? rows.map(spotInfo) : [];
    return category === 'spot' ? { category, list } : { category, list, nextPageCursor: '' };
  }
}

function linearInfo(s: FakeBybitSymbol): Record<string, unknown> {
  const l = s.linear;
  return {
    symbol: s.symbol, contractType: 'LinearPerpetual', status: 'Trading', baseCoin: s.baseCoin, quoteCoin: s.quoteCoin, launchTime: '1584230400000',
    deliveryTime: '0', deliveryFeeRate: '', priceScale: String(decimalsOf(l.tickSize)),
    leverageFilter: { minLeverage: '1', maxLeverage: l.maxLeverage, leverageStep: '0.01' },
    priceFilter: { minPrice: l.minPrice, maxPrice: l.maxPrice, tickSize: l.tickSize },
    lotSizeFilter: { maxOrderQty: l.maxOrderQty, minOrderQty: l.minOrderQty, qtyStep: l.qtyStep, postOnlyMaxOrderQty: l.maxOrderQty, maxMktOrderQty: l.maxMktOrderQty, minNotionalValue: l.minNotionalValue },
    unifiedMarginTrade: true, fundingInterval: 480, settleCoin: s.quoteCoin, copyTrading: 'both', upperFundingRate: '0.005', lowerFundingRate: '-0.005',
    isPreListing: false, preListingInfo: null, riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' }, displayName: '',
  };
}

function spotInfo(s: FakeBybitSymbol): Record<string, unknown> {
  const p = s.spot;
  return {
    symbol: s.symbol, baseCoin: s.baseCoin, quoteCoin: s.quoteCoin, innovation: '0', status: 'Trading', marginTrading: 'utaOnly', stTag: '0',
    lotSizeFilter: { basePrecision: p.basePrecision, quotePrecision: p.quotePrecision, minOrderQty: p.minOrderQty, maxOrderQty: p.maxOrderQty, minOrderAmt: p.minOrderAmt, maxOrderAmt: p.maxOrderAmt },
    priceFilter: { tickSize: p.tickSize },
    riskParameters: { priceLimitRatioX: '0.005', priceLimitRatioY: '0.01' },
  };
}
