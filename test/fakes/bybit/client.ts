/**
 * TEST SUPPORT ONLY: the real ccxt bybit client pointed at the local fake, with Cascade's venue profile
 * options and the fake's API key (so ccxt's HMAC signing is checked for real).
 *
 * Follows Bybit's documented API host (`https://api.bybit.com`, paths `/v5/*`); the fake serves them
 * under one local base, keeping the paths.
 */
import ccxt, { type Exchange } from 'ccxt';
import { type AccountKind, venueProfiles } from '../../../adapters/src/venues/ccxt/venue-profile.js';

/** The API key and secret the fake knows and the client signs with. */
export const FAKE_BYBIT_KEY = 'fake-bybit-key';
export const FAKE_BYBIT_SECRET = 'fake-bybit-secret';

export interface BybitClientOptions {
  /** ccxt's request timeout (ms). */
  readonly timeoutMs?: number;
  /** Sign with another secret (a test of the fake's signature check). */
  readonly secret?: string;
}

interface HasUrls {
  readonly ccxtUrls: { readonly api: Readonly<Record<string, unknown>> };
}

function config(fake: HasUrls, kind: AccountKind, opts: BybitClientOptions): Record<string, unknown> {
  return {
    apiKey: FAKE_BYBIT_KEY,
    secret: opts.secret ?? FAKE_BYBIT_SECRET,
    enableRateLimit: false,
    timeout: opts.timeoutMs ?? 10_000,
    urls: fake.ccxtUrls,
    options: venueProfiles.bybit.ccxtOptions(kind),
  };
}

/** The REST client (what CcxtVenue trades with). */
export function bybitClientForFake(fake: HasUrls, kind: AccountKind, opts: BybitClientOptions = {}): Exchange {
  return new ccxt.bybit(config(fake, kind, opts));
}

/** The ccxt.pro client (public trade streams on the fake's WebSocket). */
export async function bybitProClientForFake(fake: HasUrls, kind: AccountKind, opts: BybitClientOptions = {}): Promise<Exchange> {
  const ex: Exchange = new ccxt.pro.bybit(config(fake, kind, opts));
  // ccxt refuses plain ws:// URLs (the fake) until its http agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}
