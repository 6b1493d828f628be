import { type MarketSpec, type MarketType, isPerpSymbol, perpSymbolOf } from '../model/market.js';
import { BINANCE_USDM_FEES, BINANCE_USDM_TERMS } from '../perp/perp-terms.js';

/** Binance spot, regular tier: 0.1 % taker and maker (binance.com/en/fee). */
const SPOT_FEE = '0.001';

/**
 * The market a tape is traded as: `override` when given (`--market spot|perp`), forex for quote
 * tapes, a perpetual when the symbol is a ccxt derivative symbol (`BTC/USDT:USDT`), spot otherwise.
 */
export function tapeMarketType(symbol: string, quoteTape: boolean, override?: 'spot' | 'perp'): MarketType {
  if (quoteTape) return 'forex';
  if (override) return override;
  return isPerpSymbol(symbol) ? 'perp' : 'spot';
}

/**
 * A replayed tape carries no venue market info, so the spec comes from what the tape shows: its
 * precision, and the venue's standard fees — Binance spot 0.1 % taker/maker, or on a perpetual the
 * Binance USDⓈ-M fees, first-tier maintenance margin and base funding rate (core/src/perp/perp-terms).
 * A perp spec's symbol is the ccxt perp form (`ETH/USDT` traded as perp is `ETH/USDT:USDT`).
 * Live markets take all of this from ccxt `loadMarkets()` instead.
 */
export function marketFromTape(exchange: string, symbol: string, precision: { pricePrecision: number; amountPrecision: number }, marketType: MarketSpec['marketType'] = isPerpSymbol(symbol) ? 'perp' : 'spot'): MarketSpec {
  const sym = marketType === 'perp' ? perpSymbolOf(symbol) : symbol;
  const [base = sym, quoteSettle = ''] = sym.split('/');
  const quote = quoteSettle.split(':')[0] ?? quoteSettle;
  const spec: MarketSpec = {
    exchange,
    marketType,
    symbol: sym,
    base,
    quote,
    pricePrecision: precision.pricePrecision,
    amountPrecision: precision.amountPrecision,
    takerFee: marketType === 'forex' ? '0' : marketType === 'perp' ? BINANCE_USDM_FEES.takerFee : SPOT_FEE,
    makerFee: marketType === 'forex' ? '0' : marketType === 'perp' ? BINANCE_USDM_FEES.makerFee : SPOT_FEE,
    minNotional: '0',
  };
  return marketType === 'perp' ? { ...spec, perp: BINANCE_USDM_TERMS } : spec;
}
