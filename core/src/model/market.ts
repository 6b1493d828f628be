import type { ValueOf } from '../util/value-of.js';
import type { PerpTerms } from '../perp/perp-terms.js';

export const MarketType = {
  Spot: 'spot',
  Perp: 'perp',
  Forex: 'forex',
  Dex: 'dex',
} as const;
export type MarketType = ValueOf<typeof MarketType>;

/**
 * What the engine must know about an instrument to trade it exactly.
 * Precisions are decimal places (ccxt's DECIMAL_PLACES mode); for markets whose ccxt precision is a
 * tick size, adapters convert it (0.001 → 3).
 */
export interface MarketSpec {
  readonly exchange: string;
  readonly marketType: MarketType;
  /** Unified symbol, ccxt style: `BASE/QUOTE` (spot) or `BASE/QUOTE:SETTLE` (perp). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly pricePrecision: number;
  readonly amountPrecision: number;
  readonly takerFee: string;
  readonly makerFee: string;
  /** Minimum order value in quote currency; "0" when the venue has none. */
  readonly minNotional: string;
  /** Perpetuals: maintenance margin and constant funding rate; absent = Binance USDⓈ-M defaults (core/src/perp). */
  readonly perp?: PerpTerms;
}

/** A ccxt unified symbol names its settle currency after `:` on derivatives (`BTC/USDT:USDT`). */
export function isPerpSymbol(symbol: string): boolean {
  return symbol.includes(':');
}

/** `ETH/USDT` → `ETH/USDT:USDT` (a linear perpetual settles in its quote); a perp symbol is kept. */
export function perpSymbolOf(symbol: string): string {
  if (isPerpSymbol(symbol)) return symbol;
  const quote = symbol.split('/')[1];
  return quote ? `${symbol}:${quote}` : symbol;
}

/** `binance:spot:XRP/ETH` — the key symbols are sharded, ordered and stored under. */
export function marketKey(m: Pick<MarketSpec, 'exchange' | 'marketType' | 'symbol'>): string {
  return `${m.exchange}:${m.marketType}:${m.symbol}`;
}
