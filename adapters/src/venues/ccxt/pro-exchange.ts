import ccxt, { type Exchange } from 'ccxt';
import { type TradeFeed, ccxtTradeFeed } from './trade-feed.js';

export interface ProExchangeConfig {
  /** ccxt exchange id, e.g. `binance`. */
  readonly exchange: string;
  /** Deep-merged into the exchange's ccxt `urls` (e.g. to point at a local fake). */
  readonly urls?: Readonly<Record<string, unknown>>;
  /** Deep-merged into the exchange's ccxt `options`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** ccxt request timeout, ms (ccxt's default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * A ccxt.pro exchange for public market data (no credentials), ccxt's rate limiter on. Any ccxt.pro
 * id works, not only the venues with a trading profile (`createCcxtClient` is for accounts).
 */
export async function openCcxtProExchange(cfg: ProExchangeConfig): Promise<Exchange> {
  const Ctor = proConstructor(cfg.exchange);
  if (Ctor === undefined) throw new Error(`ccxt.pro has no exchange "${cfg.exchange}"`);
  const ex = new Ctor({
    enableRateLimit: true,
    ...(cfg.timeoutMs === undefined ? {} : { timeout: cfg.timeoutMs }),
    ...(cfg.urls ? { urls: cfg.urls } : {}),
    ...(cfg.options ? { options: cfg.options } : {}),
  });
  // ccxt refuses plain ws:// URLs (a local fake) until its http agent is loaded.
  await ex.loadHttpProxyAgent();
  return ex;
}

/** The public trade stream of a ccxt.pro exchange (see `openCcxtProExchange`). */
export async function openTradeFeed(cfg: ProExchangeConfig): Promise<TradeFeed> {
  return ccxtTradeFeed(await openCcxtProExchange(cfg));
}

function proConstructor(id: string): (new (cfg: object) => Exchange) | undefined {
  const ns: Readonly<Record<string, unknown>> = ccxt.pro;
  const ctor = Object.hasOwn(ns, id) ? ns[id] : undefined;
  return typeof ctor === 'function' ? (ctor as new (cfg: object) => Exchange) : undefined;
}
