import type CcxtDefault from 'ccxt';
import type { Exchange, MarketInterface, Ticker } from 'ccxt';
import type { ValueOf } from '@cascade/core';

/** The watchlist market types a ccxt venue serves; forex and DEX venues are not ccxt markets. */
export const VenueMarketType = { Spot: 'spot', Perp: 'perp' } as const;
export type VenueMarketType = ValueOf<typeof VenueMarketType>;

export function isVenueMarketType(t: string): t is VenueMarketType {
  return t === VenueMarketType.Spot || t === VenueMarketType.Perp;
}

export type SymbolLookup =
  | { readonly kind: 'found'; readonly symbol: string; readonly active: boolean }
  | { readonly kind: 'unknown-venue'; readonly message: string }
  | { readonly kind: 'unknown-symbol'; readonly message: string };

/** One market's 24 h statistics, the ranking inputs of the top-liquid updater. */
export interface VenueTicker {
  /** Unified ccxt symbol. */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** ccxt's `active`: false for halted or delisted markets. */
  readonly active: boolean;
  readonly quoteVolume: number | null;
  /** Trades in the last 24 h; only some venues report it (Binance: `count`). */
  readonly trades24h: number | null;
  readonly bid: number | null;
  readonly ask: number | null;
}

type Ccxt = typeof CcxtDefault;
let ccxtModule: Promise<Ccxt> | null = null;

/**
 * ccxt is loaded on first use: it is tens of megabytes, and every function of the codebase shares
 * one bundle, so a static import would slow the cold start of the trading functions too.
 */
function loadCcxt(): Promise<Ccxt> {
  ccxtModule ??= import('ccxt').then((m) => m.default);
  return ccxtModule;
}

/** The venue did not answer (ccxt's NetworkError family: timeouts, maintenance, DDoS protection); worth retrying later. */
export class VenueUnavailableError extends Error {
  override readonly name = 'VenueUnavailableError';
}

/** ccxt network failures become `VenueUnavailableError`; exchange errors stay as they are. */
async function venueCall<T>(exchange: string, call: () => Promise<T>): Promise<T> {
  const ccxt = await loadCcxt();
  try {
    return await call();
  } catch (e) {
    if (e instanceof ccxt.NetworkError) throw new VenueUnavailableError(`${exchange}: ${e.message}`, { cause: e });
    throw e;
  }
}

/** What the watchlist API and jobs need to know about a venue. */
export interface VenueMarkets {
  /** A unified symbol (`PEPE/USDT`, `BTC/USDT:USDT`) or the venue's id (`PEPEUSDT`) → the unified symbol. */
  lookup(exchange: string, marketType: string, input: string): Promise<SymbolLookup>;
  tickers(exchange: string, marketType: VenueMarketType): Promise<VenueTicker[]>;
}

export interface CcxtVenueMarketsOptions {
  /** Constructor config merged per exchange id (tests point `urls` at a local fake). */
  readonly overrides?: Readonly<Record<string, Record<string, unknown>>>;
  /** Markets are reloaded after this long: listings change a few times a week. */
  readonly marketsTtlMs?: number;
  readonly now?: () => number;
}

type Markets = Record<string, MarketInterface>;

const HOUR_MS = 3_600_000;

function matchesType(m: MarketInterface, type: VenueMarketType): boolean {
  return type === VenueMarketType.Spot ? m.spot === true : m.swap === true;
}

/**
 * Venue markets through ccxt REST clients: one client per exchange per instance, markets loaded
 * once and reused for `marketsTtlMs` (a `loadMarkets()` is a multi-megabyte download on large venues).
 */
export class CcxtVenueMarkets implements VenueMarkets {
  private readonly clients = new Map<string, Exchange>();
  private readonly loaded = new Map<string, { at: number; markets: Promise<Markets> }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(private readonly opts: CcxtVenueMarketsOptions = {}) {
    this.ttl = opts.marketsTtlMs ?? HOUR_MS;
    this.now = opts.now ?? (() => Date.now());
  }

  async lookup(exchange: string, marketType: string, input: string): Promise<SymbolLookup> {
    if (!isVenueMarketType(marketType)) return { kind: 'unknown-venue', message: `market type ${marketType} is not served through ccxt (spot and perp are)` };
    const ccxt = await loadCcxt();
    if (!ccxt.exchanges.includes(exchange)) return { kind: 'unknown-venue', message: `${exchange} is not a ccxt exchange id` };
    const markets = await this.markets(exchange);
    const m = findMarket(markets, marketType, input.trim());
    if (!m) return { kind: 'unknown-symbol', message: `${exchange} has no ${marketType} market ${input}` };
    return { kind: 'found', symbol: m.symbol, active: m.active !== false };
  }

  async tickers(exchange: string, marketType: VenueMarketType): Promise<VenueTicker[]> {
    const markets = await this.markets(exchange);
    const ex = await this.client(exchange);
    const raw = await venueCall(exchange, () => ex.fetchTickers(undefined, { type: marketType === VenueMarketType.Perp ? 'swap' : 'spot' }));
    const out: VenueTicker[] = [];
    for (const t of Object.values(raw)) {
      const m = t.symbol ? markets[t.symbol] : undefined;
      if (!m || !matchesType(m, marketType)) continue;
      out.push(venueTicker(t, m));
    }
    return out;
  }

  private markets(exchange: string): Promise<Markets> {
    const cur = this.loaded.get(exchange);
    const now = this.now();
    if (cur && now - cur.at < this.ttl) return cur.markets;
    const markets = this.client(exchange).then((ex) => venueCall(exchange, () => ex.loadMarkets(cur !== undefined) as Promise<Markets>));
    this.loaded.set(exchange, { at: now, markets });
    // A failed load is not cached: the next call tries again.
    markets.catch(() => {
      if (this.loaded.get(exchange)?.markets === markets) this.loaded.delete(exchange);
    });
    return markets;
  }

  private async client(exchange: string): Promise<Exchange> {
    const existing = this.clients.get(exchange);
    if (existing) return existing;
    const ccxt = await loadCcxt();
    const Ctor = (ccxt as unknown as Record<string, new (cfg: object) => Exchange>)[exchange];
    if (!Ctor) throw new Error(`ccxt has no exchange "${exchange}"`);
    const ex = this.clients.get(exchange) ?? new Ctor({ enableRateLimit: true, timeout: 15_000, ...(this.opts.overrides?.[exchange] ?? {}) });
    this.clients.set(exchange, ex);
    return ex;
  }
}

/** Exact unified symbol, then the venue id, then (perp) `BASE/QUOTE` as the linear swap `BASE/QUOTE:QUOTE`. */
function findMarket(markets: Markets, type: VenueMarketType, input: string): MarketInterface | undefined {
  const candidates: MarketInterface[] = [];
  const byUnified = markets[input] ?? markets[input.toUpperCase()];
  if (byUnified) candidates.push(byUnified);
  if (!input.includes('/')) {
    const ids = new Set([input, input.toUpperCase()]);
    for (const m of Object.values(markets)) if (m.id !== undefined && ids.has(m.id)) candidates.push(m);
  } else if (type === VenueMarketType.Perp && !input.includes(':')) {
    const quote = input.toUpperCase().split('/')[1] ?? '';
    const linear = markets[`${input.toUpperCase()}:${quote}`];
    if (linear) candidates.push(linear);
  }
  return candidates.find((m) => matchesType(m, type));
}

function numberOrNull(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * Binance `GET /api/v3/ticker/24hr` (spot) as ccxt returns it; `count` (trades) is only in `info`:
 *   {"symbol":"BNBBTC","lastPrice":"4.00000200","bidPrice":"4.00000000","askPrice":"4.00000200",
 *    "volume":"8913.30000000","quoteVolume":"15.30000000","count":76, …}
 */
function venueTicker(t: Ticker, m: MarketInterface): VenueTicker {
  const info: unknown = t.info;
  const count = info !== null && typeof info === 'object' && 'count' in info ? numberOrNull((info as { count: unknown }).count) : null;
  // Some venues report only base volume: value it at the average (or last) price.
  const price = t.vwap ?? t.average ?? t.last ?? null;
  const quoteVolume = t.quoteVolume ?? (t.baseVolume !== undefined && t.baseVolume !== null && price !== null ? t.baseVolume * price : null);
  return {
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    active: m.active !== false,
    quoteVolume: numberOrNull(quoteVolume),
    trades24h: count,
    bid: numberOrNull(t.bid),
    ask: numberOrNull(t.ask),
  };
}

let shared: CcxtVenueMarkets | null = null;

/**
 * The instance-wide venue client (markets cached across invocations of a warm instance). `overrides`
 * (tests and the local stack point `urls` at a fake) apply when the first call builds it.
 */
export function venueMarkets(overrides: CcxtVenueMarketsOptions['overrides'] = {}): CcxtVenueMarkets {
  shared ??= new CcxtVenueMarkets({ overrides });
  return shared;
}
