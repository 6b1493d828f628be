/**
 * TEST SUPPORT ONLY: the one symbol model of the Binance fake and the exchangeInfo it is served as.
 *
 * Follows Binance's documented "Exchange information" endpoints:
 * - Spot API, `GET /api/v3/exchangeInfo` (spot/rest-api "General endpoints"; filters as in
 *   spot/filters: PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL, …).
 * - USDⓈ-M Futures, `GET /fapi/v1/exchangeInfo` (derivatives/usds-margined-futures/market-data
 *   "Exchange Information"; filters PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL, …).
 * A symbol is listed in both markets with the same filters, so one spec drives spot and perp tests.
 */
import { BinanceError, missingParam } from './binance-error.js';

/** One symbol as the fake lists it; decimals are strings, as Binance sends them. */
export interface FakeSymbol {
  /** Binance id, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** PRICE_FILTER */
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly tickSize: string;
  /** LOT_SIZE (and MARKET_LOT_SIZE) */
  readonly minQty: string;
  readonly maxQty: string;
  readonly stepSize: string;
  /** NOTIONAL (spot) / MIN_NOTIONAL (USDⓈ-M) */
  readonly minNotional: string;
  readonly maxNotional: string;
  /** Spot status; the USDⓈ-M listing is TRADING when this is, else CLOSE. Default TRADING. */
  readonly status?: 'TRADING' | 'HALT' | 'BREAK';
}

/**
 * BTCUSDT and ETHUSDT with the filters of the USDⓈ-M listing (tick 0.10 / 0.01, step 0.001, min
 * notional 5): tests that assert on filters state them; tests that pass their own symbols override these.
 */
export const defaultSymbols: readonly FakeSymbol[] = [
  {
    symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT',
    minPrice: '0.10', maxPrice: '1000000.00000000', tickSize: '0.10',
    minQty: '0.001', maxQty: '9000.00000000', stepSize: '0.001',
    minNotional: '5', maxNotional: '9000000.00000000',
  },
  {
    symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT',
    minPrice: '0.01', maxPrice: '1000000.00000000', tickSize: '0.01',
    minQty: '0.001', maxQty: '9000.00000000', stepSize: '0.001',
    minNotional: '5', maxNotional: '9000000.00000000',
  },
];

/** A spot symbol with Binance-like filters, for tests where only the names and status matter. */
export function fakeSymbol(base: string, quote: string, status: FakeSymbol['status'] = 'TRADING'): FakeSymbol {
  return {
    symbol: `${base}${quote}`, baseAsset: base, quoteAsset: quote,
    minPrice: '0.00000001', maxPrice: '1000000.00000000', tickSize: '0.00000001',
    minQty: '0.00100000', maxQty: '9000000.00000000', stepSize: '0.00100000',
    minNotional: '5.00000000', maxNotional: '9000000.00000000', status,
  };
}

/** The symbols of one fake instance, looked up as the endpoints do. */
export class SymbolTable {
  private readonly byId: ReadonlyMap<string, FakeSymbol>;

  constructor(readonly list: readonly FakeSymbol[]) {
    this.byId = new Map(list.map((s) => [s.symbol, s]));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The symbol named by the `symbol` parameter: -1102 when absent, -1121 "Invalid symbol." when unknown. */
  require(q: Readonly<Record<string, string>>): FakeSymbol {
    const id = q.symbol;
    if (id === undefined || id === '') throw missingParam('symbol');
    return this.lookup(id);
  }

  lookup(id: string): FakeSymbol {
    const s = this.byId.get(id);
    if (!s) throw new BinanceError(400, -1121, 'Invalid symbol.');
    return s;
  }
}

const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

/** Decimals of a step such as '0.0010' (3). */
function decimalsOf(step: string): number {
  return step.includes('.') ? (step.replace(/0+$/, '').split('.')[1]?.length ?? 0) : 0;
}

/** One symbol of `GET /api/v3/exchangeInfo`, with the fields and filters Binance documents for spot. */
export function spotSymbolInfo(s: FakeSymbol): Record<string, unknown> {
  return {
    symbol: s.symbol,
    status: s.status ?? 'TRADING',
    baseAsset: s.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: s.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 50 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: s.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** One perpetual of `GET /fapi/v1/exchangeInfo`, with the fields and filters Binance documents for USDⓈ-M. */
export function usdmSymbolInfo(s: FakeSymbol): Record<string, unknown> {
  return {
    symbol: s.symbol, pair: s.symbol, contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000,
    status: (s.status ?? 'TRADING') === 'TRADING' ? 'TRADING' : 'CLOSE',
    maintMarginPercent: '2.5000', requiredMarginPercent: '5.0000', baseAsset: s.baseAsset, quoteAsset: s.quoteAsset, marginAsset: s.quoteAsset,
    pricePrecision: decimalsOf(s.tickSize), quantityPrecision: decimalsOf(s.stepSize), baseAssetPrecision: 8, quotePrecision: 8, underlyingType: 'COIN',
    underlyingSubType: [], triggerProtect: '0.0500', liquidationFee: '0.012500', marketTakeBound: '0.05', maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', stepSize: s.stepSize, maxQty: s.maxQty, minQty: s.minQty },
      { filterType: 'MARKET_LOT_SIZE', stepSize: s.stepSize, maxQty: s.maxQty, minQty: s.minQty },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
  };
}

/** The whole `GET /api/v3/exchangeInfo` body. */
export function spotExchangeInfo(symbols: SymbolTable, serverTime: number): Record<string, unknown> {
  return { timezone: 'UTC', serverTime, rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: symbols.list.map(spotSymbolInfo) };
}

/** The whole `GET /fapi/v1/exchangeInfo` body. */
export function usdmExchangeInfo(symbols: SymbolTable, serverTime: number): Record<string, unknown> {
  return {
    timezone: 'UTC', serverTime, futuresType: 'U_MARGINED', rateLimits: RATE_LIMITS, exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }], symbols: symbols.list.map(usdmSymbolInfo),
  };
}
