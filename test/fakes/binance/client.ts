/**
 * TEST SUPPORT ONLY: the real ccxt binance client (REST, or ccxt.pro for the WebSocket path) pointed at
 * the local fake, with Cascade's venue profile options.
 *
 * Follows Binance's documented API hosts: Spot `https://api.binance.com/api/v3/*`, USDⓈ-M Futures
 * `https://fapi.binance.com/fapi/*`; the fake serves both under one local base, keeping the paths.
 */
import ccxt, { type Exchange } from 'ccxt';
import { type AccountKind, venueProfiles } from '../../../adapters/src/venues/ccxt/venue-profile.js';

export interface FakeClientOptions {
  /** ccxt's request timeout (ms). */
  readonly timeoutMs?: number;
  /** ccxt.pro client (has watchMyTrades), else plain REST. */
  readonly pro?: boolean;
}

/**
 * ccxt binance picks its per-market error table (spot / linear / …) by the request's host
 * (`https://fapi.binance.com/` → linear); a local URL matches none, leaving only the table shared by
 * all markets, where e.g. -2019 is OperationFailed instead of the USDⓈ-M InsufficientFunds. This puts
 * back the host → market mapping for the fake's paths, so errors classify as they do in production.
 */
export function routeBinanceExceptionsByPath(ex: Exchange): void {
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

export async function binanceClientForFake(fake: { readonly ccxtUrls: { readonly api: Readonly<Record<string, unknown>> } }, kind: AccountKind, opts: FakeClientOptions = {}): Promise<Exchange> {
  const config = {
    apiKey: 'fake-key',
    secret: 'fake-secret',
    enableRateLimit: false,
    timeout: opts.timeoutMs ?? 10_000,
    urls: fake.ccxtUrls,
    options: venueProfiles.binance.ccxtOptions(kind),
  };
  const ex: Exchange = opts.pro === true ? new ccxt.pro.binance(config) : new ccxt.binance(config);
  routeBinanceExceptionsByPath(ex);
  // ccxt refuses plain ws:// URLs (the fake) until its http agent is loaded.
  if (opts.pro === true) await ex.loadHttpProxyAgent();
  return ex;
}
