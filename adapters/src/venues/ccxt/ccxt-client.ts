import ccxt, { type Exchange } from 'ccxt';
import type { AccountKind, VenueProfile } from './venue-profile.js';

export interface CcxtClientConfig {
  /** ccxt credential fields: apiKey/secret (Binance, Bybit), + password (OKX), walletAddress/privateKey (Hyperliquid). */
  readonly credentials: Readonly<Partial<Record<string, string>>>;
  /** Deep-merged into ccxt's `urls` (e.g. `{ api: … }` to point at a local fake). */
  readonly urls?: Readonly<Record<string, unknown>>;
  /** ccxt.pro class (websocket fills); default true. */
  readonly pro?: boolean;
  /** ccxt request timeout, ms (ccxt's default 10 s). */
  readonly timeoutMs?: number;
  /** Extra ccxt options, over the profile's. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * The ccxt client CcxtVenue drives, configured from the venue profile. ccxt's own rate limiter stays
 * on: it spaces requests by the venue's documented weights, and our retries handle what gets through.
 */
export function createCcxtClient(profile: VenueProfile, kind: AccountKind, cfg: CcxtClientConfig): Exchange {
  const ns = (cfg.pro ?? true ? ccxt.pro : ccxt) as unknown as Record<string, (new (c: object) => Exchange) | undefined>;
  const Ctor = ns[profile.ccxtId];
  if (Ctor === undefined) throw new RangeError(`ccxt has no exchange "${profile.ccxtId}"`);
  return new Ctor({
    ...cfg.credentials,
    enableRateLimit: true,
    ...(cfg.timeoutMs === undefined ? {} : { timeout: cfg.timeoutMs }),
    ...(cfg.urls === undefined ? {} : { urls: cfg.urls }),
    options: { ...profile.ccxtOptions(kind), ...cfg.options },
  });
}
