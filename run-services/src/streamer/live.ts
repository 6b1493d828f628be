import ccxt from 'ccxt';
import type { Exchange, Market, Trade as CcxtTrade } from 'ccxt';
import type { BusPublisher } from '@cascade/infra';
import type { AggressorSide, MarketSpec, RejectReason, Trade } from '@cascade/core';
import { TickRule, TradeValidator, marketKey } from '@cascade/core';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { TradePublisher } from './trade-publisher.js';

/** ccxt precision is a tick size (TICK_SIZE mode) on most venues, decimals on some: make it decimals. */
export function decimalsOf(precision: number | undefined, mode: number): number {
  if (precision === undefined) return 8;
  if (mode === ccxt.TICK_SIZE) return Math.max(0, Math.round(-Math.log10(precision)));
  return precision;
}

export function marketSpecFromCcxt(exchange: string, m: NonNullable<Market>, precisionMode: number): MarketSpec {
  const type = m.swap ? 'perp' : 'spot';
  return {
    exchange,
    marketType: type,
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    pricePrecision: decimalsOf(m.precision.price, precisionMode),
    amountPrecision: decimalsOf(m.precision.amount, precisionMode),
    takerFee: String(m.taker ?? 0.001),
    makerFee: String(m.maker ?? 0.001),
    minNotional: String(m.limits?.cost?.min ?? 0),
  };
}

export interface LiveStreamsOptions {
  /** A ccxt.pro exchange. `runLiveStreams` loads its markets and closes it when it returns. */
  readonly exchange: Exchange;
  /** Unified symbols, e.g. `BTC/USDT`; every one must be a market of the exchange. */
  readonly symbols: readonly string[];
  /**
   * Receives each new trade once, per symbol in feed order. A sink that throws is fatal: the other
   * streams stop and `runLiveStreams` rejects with that error (the caller's process restarts).
   */
  readonly sink: (market: MarketSpec, trade: Trade) => Promise<void>;
  /** Called once the markets are loaded, with the spec of every symbol in `symbols` order. */
  readonly onMarkets?: (markets: readonly MarketSpec[]) => void;
  /** Called after the trades of one `watchTrades` result went to `sink` (when there was at least one). */
  readonly flush?: (market: MarketSpec) => Promise<void>;
  /** Aborting stops every stream and closes the exchange; `runLiveStreams` then resolves. */
  readonly signal?: AbortSignal;
  /** A failed `loadMarkets` (symbol null) or `watchTrades`, about to be retried after `retryInMs`. */
  readonly onError?: (symbol: string | null, error: unknown, retryInMs: number) => void;
  /** A trade the feed sent that was dropped: `duplicate` is routine (ccxt's cache, a replayed message). */
  readonly onReject?: (market: MarketSpec, reason: RejectReason) => void;
  /** Retry delays: doubling from `initialMs`, capped at `maxMs`, reset by a successful call. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

const defaultBackoff = { initialMs: 500, maxMs: 30_000 };

/**
 * Streams the trades of `symbols` from a ccxt.pro exchange into `sink` until `signal` aborts.
 *
 * - ccxt's `watchTrades` resolves with its per-symbol cache (or, with `newUpdates`, the tail of it),
 *   so a trade can come back in a later result; a `TradeValidator` per symbol drops ids it has seen
 *   and trades older than the last one delivered, which also keeps duplicates out across reconnects.
 * - A failed `loadMarkets` or `watchTrades` is reported to `onError` and retried with capped
 *   exponential backoff. ccxt.pro reopens a dropped socket (and resubscribes) on the next watch call;
 *   trades the venue sent while it was down are not recovered.
 * - Trades without an aggressor side get the tick rule's and `sideInferred: true`; trades with one
 *   still update the rule so a following zero tick inherits the venue's side.
 */
export async function runLiveStreams(opts: LiveStreamsOptions): Promise<void> {
  const { exchange, symbols, sink } = opts;
  const backoff = opts.backoff ?? defaultBackoff;
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  if (opts.signal?.aborted) stop.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= exchange.close().catch(() => undefined));
  // Closing the exchange rejects pending watches (ExchangeClosedByUser) so every loop sees the stop.
  stop.signal.addEventListener('abort', () => void close(), { once: true });

  const retrying = async <T>(symbol: string | null, call: () => Promise<T>): Promise<T | undefined> => {
    let delay = backoff.initialMs;
    for (;;) {
      if (stop.signal.aborted) return undefined;
      try {
        return await call();
      } catch (e) {
        if (stop.signal.aborted) return undefined;
        opts.onError?.(symbol, e, delay);
        await sleep(delay, stop.signal);
        delay = Math.min(backoff.maxMs, delay * 2);
      }
    }
  };

  try {
    const markets = await retrying(null, () => exchange.loadMarkets());
    if (markets === undefined) return;
    const specs = symbols.map((symbol) => {
      const m = markets[symbol];
      if (!m) throw new Error(`${exchange.id} has no market ${symbol}`);
      return { symbol, spec: marketSpecFromCcxt(exchange.id, m, exchange.precisionMode ?? ccxt.TICK_SIZE) };
    });
    opts.onMarkets?.(specs.map((s) => s.spec));

    const streamSymbol = async (symbol: string, spec: MarketSpec): Promise<void> => {
      const validator = new TradeValidator();
      const rule = new TickRule();
      for (;;) {
        const trades = await retrying(symbol, () => exchange.watchTrades(symbol));
        if (trades === undefined) return;
        let delivered = 0;
        for (const t of trades) {
          const trade = normalise(t, rule, validator, (reason) => opts.onReject?.(spec, reason));
          if (trade === null) continue;
          await sink(spec, trade);
          delivered += 1;
        }
        if (delivered > 0 && opts.flush) await opts.flush(spec);
      }
    };

    const results = await Promise.allSettled(
      specs.map(({ symbol, spec }) =>
        streamSymbol(symbol, spec).catch((e: unknown) => {
          stop.abort(e);
          throw e;
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    await close();
  }
}

/** A ccxt trade as ours, or null when the validator drops it (reported through `reject`). */
function normalise(t: CcxtTrade, rule: TickRule, validator: TradeValidator, reject: (reason: RejectReason) => void): Trade | null {
  const price = t.price ?? NaN;
  const venueSide: AggressorSide | null = t.side === 'buy' || t.side === 'sell' ? t.side : null;
  const side = venueSide ?? rule.peek(price);
  // Venues without trade ids are rare; time, price and amount then stand in for one.
  const id = t.id ?? `${t.timestamp}:${t.price}:${t.amount}`;
  const trade: Trade = { id, ts: t.timestamp ?? NaN, price, amount: t.amount ?? NaN, side, sideInferred: venueSide === null };
  const reason = validator.accept(trade);
  if (reason !== null) {
    reject(reason);
    return null;
  }
  rule.update(price, side);
  return trade;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The live streamer: trades of `symbols` from ccxt.pro `exchange` to Pub/Sub (one ordered
 * `TradePublisher` per market), with /status on `port`. Runs until `signal` aborts, then drains the
 * publishers. `urls` is deep-merged into the exchange's ccxt `urls` (e.g. to point at a local fake).
 */
export async function streamLive(opts: {
  bus: BusPublisher;
  exchange: string;
  symbols: string[];
  port: number;
  urls?: Record<string, unknown>;
  signal?: AbortSignal;
}): Promise<void> {
  exitWithParent();
  const Ctor = (ccxt.pro as unknown as Record<string, new (cfg: object) => Exchange>)[opts.exchange];
  if (!Ctor) throw new Error(`ccxt.pro has no exchange "${opts.exchange}"`);
  const ex = new Ctor({ enableRateLimit: true, ...(opts.urls ? { urls: opts.urls } : {}) });
  // ccxt refuses plain ws:// URLs (a local fake) until its http agent is loaded.
  await ex.loadHttpProxyAgent();
  const pubs = new Map<string, TradePublisher>();
  const status = { state: 'loading-markets', errors: 0, rejected: 0, duplicates: 0, symbols: opts.symbols };
  const server = await startStatusServer(opts.port, () => ({ ...status, published: [...pubs.values()].reduce((a, p) => a + p.published, 0) }));
  const publisher = (market: MarketSpec): TradePublisher => {
    const pub = pubs.get(marketKey(market));
    if (!pub) throw new Error(`streamer: no publisher for ${marketKey(market)}`);
    return pub;
  };
  try {
    await runLiveStreams({
      exchange: ex,
      symbols: opts.symbols,
      signal: opts.signal,
      onMarkets: (markets) => {
        for (const m of markets) pubs.set(marketKey(m), new TradePublisher(opts.bus, m, 'live', () => Date.now()));
        status.state = 'running';
      },
      sink: (market, trade) => publisher(market).push(trade),
      flush: (market) => publisher(market).flush(),
      onError: (symbol, e, retryInMs) => {
        status.errors += 1;
        console.error(`streamer: ${symbol === null ? 'loadMarkets' : `watchTrades ${symbol}`} failed: ${(e as Error).message}; retrying in ${retryInMs} ms`);
      },
      onReject: (_market, reason) => {
        if (reason === 'duplicate') status.duplicates += 1;
        else status.rejected += 1;
      },
    });
    status.state = 'draining';
    await Promise.all([...pubs.values()].map((p) => p.drain()));
    status.state = 'stopped';
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
