import type { ValueOf } from '../util/value-of.js';

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
}

/** `binance:spot:XRP/ETH` — the key symbols are sharded, ordered and stored under. */
export function marketKey(m: Pick<MarketSpec, 'exchange' | 'marketType' | 'symbol'>): string {
  return `${m.exchange}:${m.marketType}:${m.symbol}`;
}
