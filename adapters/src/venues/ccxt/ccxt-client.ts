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

/**
 * ccxt picks a venue's per-market error table by the request's host (binance: `fapi.binance.com` →
 * linear, `api.binance.com` → spot). A client pointed elsewhere (a testnet, the local fake: see
 * `CASCADE_VENUE_URLS`) matches none and would classify e.g. -2019 as OperationFailed rather than
 * InsufficientFunds. This maps by the documented paths instead (`/fapi/` linear, `/api/` spot).
 */
export function routeExceptionsByPath(ex: Exchange): void {
  const tables = ex.exceptions as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>;
  Object.assign(ex, {
    getExceptionsByUrl(url: string | undefined, exactOrBroad: string): Record<string, unknown> {
      if (url === undefined) return {};
      const path = new URL(url).pathname;
      const type = path.startsWith('/fapi/') ? 'linear' : path.startsWith('/api/') ? 'spot' : undefined;
      return type === undefined ? {} : (tables[type]?.[exactOrBroad] ?? {});
    },
  });
}
