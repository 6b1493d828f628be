/**
 * TEST SUPPORT ONLY: the real ccxt binance client (REST, or ccxt.pro for the WebSocket path) pointed at
 * the local fake, with Cascade's venue profile options.
 *
 * Follows Binance's documented API hosts: Spot `https://api.binance.com/api/v3/*`, USDⓈ-M Futures
 * `https://fapi.binance.com/fapi/*`; the fake serves both under one local base, keeping the paths.
 */
import ccxt, { type Exchange } from 'ccxt';
import { type AccountKind, venueProfiles } from '../../../adapters/src/venues/ccxt/venue-profile.js';
import { routeExceptionsByPath } from '../../../adapters/src/venues/ccxt/ccxt-client.js';

export interface FakeClientOptions {
  /** ccxt's request timeout (ms). */
  readonly timeoutMs?: number;
  /** ccxt.pro client (has watchMyTrades), else plain REST. */
  readonly pro?: boolean;
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
  // The production mapping (the fake serves the documented paths on a local host).
  routeExceptionsByPath(ex);
  // ccxt refuses plain ws:// URLs (the fake) until its http agent is loaded.
  if (opts.pro === true) await ex.loadHttpProxyAgent();
  return ex;
}
