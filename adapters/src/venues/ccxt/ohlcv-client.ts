import ccxt, { type Exchange } from 'ccxt';

/** What `warmUpCandles` needs of a venue: its REST OHLCV. */
export type OhlcvClient = Pick<Exchange, 'fetchOHLCV'>;

/**
 * A ccxt REST client of `exchangeId` (no credentials, ccxt's defaults) for candle history; null when
 * ccxt has no such exchange.
 */
export function createOhlcvClient(exchangeId: string): OhlcvClient | null {
  const ns: Readonly<Record<string, unknown>> = ccxt;
  const Ctor = Object.hasOwn(ns, exchangeId) ? ns[exchangeId] : undefined;
  if (typeof Ctor !== 'function') return null;
  return new (Ctor as new () => Exchange)();
}
