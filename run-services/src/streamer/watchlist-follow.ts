import type { Firestore } from 'firebase-admin/firestore';
import type { BusPublisher } from '@cascade/adapters/pubsub';
import { systemClock } from '@cascade/adapters/clock';
import { type TradeFeed, type TradeFeedMarkets, openTradeFeed } from '@cascade/adapters/venues/ccxt';
import { type MarketSpec, type WatchlistEntry, checkConfig, marketKey, watchlistCollectionKey } from '@cascade/core';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { StreamHealth, StreamHealthConfigSchema } from './stream-health.js';
import { type LiveStreamsOptions, alertPublisher, runLiveStreams } from './live.js';
import { TradePublisher } from './trade-publisher.js';

/** Active symbols in stream order: permanent or not yet expired, priority 1 first, then by symbol. */
export function activeWatchlistSymbols(entries: Iterable<WatchlistEntry>, now: number): string[] {
  return [...entries]
    .filter((e) => e.expiresAt === null || e.expiresAt > now)
    .sort((a, b) => a.priority - b.priority || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))
    .map((e) => e.symbol);
}

/** The earliest expiry still ahead of `now`, when the active set will next change without a write. */
export function nextExpiry(entries: Iterable<WatchlistEntry>, now: number): number | null {
  let next: number | null = null;
  for (const e of entries) if (e.expiresAt !== null && e.expiresAt > now && (next === null || e.expiresAt < next)) next = e.expiresAt;
  return next;
}

export interface FollowOptions {
  readonly now?: () => number;
  readonly log?: (line: string) => void;
  /** Delay before listening again after the listener failed. */
  readonly retryMs?: number;
}

/**
 * Follows `watchlists/{exchangeMarket}/symbols` with a snapshot listener and calls `onChange` with the
 * active symbols whenever that list changes: on writes, and at each expiry instant (the cleaner only
 * deletes expired entries at midnight; streams stop when the entry expires). A document that fails the
 * schema keeps its last valid version in effect (none if it never had one). Returns the unsubscribe.
 */
export function followWatchlist(db: Firestore, exchangeMarket: string, onChange: (symbols: string[]) => void, opts: FollowOptions = {}): () => void {
  const now = opts.now ?? (() => systemClock.now());
  const log = opts.log ?? ((line: string) => console.log(line));
  const entries = new Map<string, WatchlistEntry>();
  let last: string | null = null;
  let expiryTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;

  const emit = () => {
    clearTimeout(expiryTimer);
    const t = now();
    const symbols = activeWatchlistSymbols(entries.values(), t);
    const key = symbols.join('\n');
    if (key !== last) {
      last = key;
      onChange(symbols);
    }
    const next = nextExpiry(entries.values(), t);
    if (next !== null && !stopped) expiryTimer = setTimeout(emit, Math.min(2 ** 31 - 1, next - t + 1));
  };

  const listen = () => {
    unsubscribe = db
      .collection('watchlists')
      .doc(exchangeMarket)
      .collection('symbols')
      .onSnapshot(
        (snap) => {
          for (const ch of snap.docChanges()) {
            if (ch.type === 'removed') {
              entries.delete(ch.doc.id);
              continue;
            }
            const r = checkConfig('symbols', ch.doc.data());
            if (r.ok) entries.set(ch.doc.id, r.value);
            else log(`watchlist ${exchangeMarket}/${ch.doc.id} refused (${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}); ${entries.has(ch.doc.id) ? 'last valid version stays' : 'ignored'}`);
          }
          emit();
        },
        (err) => {
          log(`watchlist ${exchangeMarket}: listener failed (${err.message}); listening again in ${opts.retryMs ?? 5_000} ms`);
          unsubscribe = null;
          if (!stopped) retryTimer = setTimeout(listen, opts.retryMs ?? 5_000);
        },
      );
  };
  listen();

  return () => {
    stopped = true;
    clearTimeout(expiryTimer);
    clearTimeout(retryTimer);
    unsubscribe?.();
  };
}

export type StreamSetOptions = Omit<LiveStreamsOptions, 'feed' | 'symbols' | 'signal' | 'onMarkets'> & {
  /** The venue's trade stream, shared by every symbol; closed by `close()`. */
  readonly feed: TradeFeed;
  /** Called once per symbol the first time its stream starts, with the market's spec. */
  readonly onMarket?: (market: MarketSpec) => void;
  readonly log?: (line: string) => void;
};

interface Running {
  readonly stop: AbortController;
  readonly done: Promise<void>;
}

/**
 * Live trade streams whose symbol set changes at run time. Each symbol runs `runLiveStreams` on the
 * shared feed through a view whose `close()` unsubscribes that symbol (`unwatchTrades`) instead
 * of closing the connection, so adding or dropping a symbol leaves the others streaming. A removed
 * stream delivers nothing after its removal, even if the venue sends a last message. A failing sink
 * is fatal, as in `runLiveStreams`: every stream stops and `done` rejects.
 */
export class LiveStreamSet {
  private readonly running = new Map<string, Running>();
  private readonly known = new Set<string>();
  private wanted: string[] = [];
  private closed = false;
  private fail!: (e: unknown) => void;
  private finish!: () => void;
  readonly done: Promise<void>;

  constructor(private readonly opts: StreamSetOptions) {
    this.done = new Promise<void>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
    // `done` is also awaited by callers; an unobserved rejection must not crash the process first.
    this.done.catch(() => undefined);
  }

  get symbols(): readonly string[] {
    return [...this.running.keys()];
  }

  /** Streams exactly `symbols` from now on (symbols the venue does not list are logged and skipped). */
  update(symbols: readonly string[]): void {
    if (this.closed) return;
    this.wanted = [...new Set(symbols)];
    const want = new Set(this.wanted);
    for (const [symbol, run] of this.running) {
      if (want.has(symbol)) continue;
      this.running.delete(symbol);
      run.stop.abort();
      this.log(`streams: stopped ${symbol}`);
    }
    void this.startMissing();
  }

  private log(line: string): void {
    (this.opts.log ?? ((l: string) => console.log(l)))(line);
  }

  private async startMissing(): Promise<void> {
    let markets: TradeFeedMarkets;
    try {
      markets = await this.opts.feed.loadMarkets();
    } catch (e) {
      // runLiveStreams retries loadMarkets itself; here a failure only delays the start to the next update.
      this.log(`streams: loadMarkets failed (${(e as Error).message}); symbols start on the next watchlist change`);
      return;
    }
    for (const symbol of this.wanted) {
      if (this.closed || this.running.has(symbol)) continue;
      if (!markets.spec(symbol)) {
        this.log(`streams: ${this.opts.feed.id} has no market ${symbol}; not streamed`);
        continue;
      }
      this.start(symbol);
    }
  }

  private start(symbol: string): void {
    const stop = new AbortController();
    const view = symbolView(this.opts.feed, symbol);
    const live = () => !stop.signal.aborted;
    const flush = this.opts.flush;
    const done = runLiveStreams({
      ...this.opts,
      feed: view,
      symbols: [symbol],
      signal: stop.signal,
      onMarkets: (markets) => {
        for (const m of markets) {
          if (this.known.has(m.symbol)) continue;
          this.known.add(m.symbol);
          this.opts.onMarket?.(m);
        }
      },
      sink: (market, trade) => (live() ? this.opts.sink(market, trade) : Promise.resolve()),
      flush: flush && ((market) => (live() ? flush(market) : Promise.resolve())),
    }).catch((e: unknown) => {
      this.log(`streams: ${symbol} failed: ${(e as Error).message}; stopping every stream`);
      this.fail(e);
      void this.close();
    });
    this.running.set(symbol, { stop, done });
    this.log(`streams: started ${symbol}`);
  }

  /** Stops every stream, then closes the feed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const runs = [...this.running.values()];
    this.running.clear();
    for (const r of runs) r.stop.abort();
    await Promise.all(runs.map((r) => r.done));
    await this.opts.feed.close().catch(() => undefined);
    this.finish();
  }
}

/**
 * The feed as one symbol's stream sees it: the shared feed's, except `close`, which unsubscribes this
 * symbol. ccxt rejects the pending `watchTrades` of an unsubscribed symbol (UnsubscribeError), which is
 * how the stream's loop notices it was stopped. Venues without `unWatchTrades` keep the subscription;
 * that stream's trades are dropped.
 */
function symbolView(feed: TradeFeed, symbol: string): TradeFeed {
  return {
    id: feed.id,
    loadMarkets: () => feed.loadMarkets(),
    watchTrades: (s) => feed.watchTrades(s),
    history: (s) => feed.history(s),
    unwatchTrades: (s) => feed.unwatchTrades(s),
    close: () => feed.unwatchTrades(symbol),
  };
}

/**
 * The live streamer driven by the watchlist: streams `pinned` plus every active entry of
 * `watchlists/{exchange}_{marketType}/symbols`, adding and dropping streams as the watchlist changes,
 * with /status on `port`. Runs until `signal` aborts (or a publish fails for good), then drains.
 */
export async function streamLiveWatchlist(opts: {
  bus: BusPublisher;
  db: Firestore;
  exchange: string;
  marketType: 'spot' | 'perp';
  /** Streamed whatever the watchlist says (the `--symbols` of the command line). */
  pinned?: readonly string[];
  port: number;
  urls?: Record<string, unknown>;
  options?: Record<string, unknown>;
  signal?: AbortSignal;
}): Promise<void> {
  exitWithParent();
  const feed = await openTradeFeed({ exchange: opts.exchange, ...(opts.urls ? { urls: opts.urls } : {}), ...(opts.options ? { options: opts.options } : {}) });
  // Stream health and the data_connection alerts (connection lost, gap left open), as in --live.
  const health = new StreamHealth(feed.id, StreamHealthConfigSchema.parse({}), systemClock);
  const alerts = alertPublisher(opts.bus, () => systemClock.now());
  const pinned = opts.pinned ?? [];
  const pubs = new Map<string, TradePublisher>();
  const status = { state: 'following', errors: 0, rejected: 0, duplicates: 0, watchlist: [] as string[], symbols: [] as readonly string[] };
  const publisher = (market: MarketSpec): TradePublisher => {
    let pub = pubs.get(marketKey(market));
    // One publisher per market for the life of the process: a symbol dropped and added again keeps its batch sequence.
    if (!pub) pubs.set(marketKey(market), (pub = new TradePublisher(opts.bus, market, 'live', () => systemClock.now())));
    return pub;
  };
  const set = new LiveStreamSet({
    feed,
    sink: (market, trade) => publisher(market).push(trade),
    flush: (market) => publisher(market).flush(),
    onMarket: (market) => void publisher(market),
    onError: (symbol, e, retryInMs) => {
      status.errors += 1;
      console.error(`streamer: ${symbol === null ? 'loadMarkets' : `watchTrades ${symbol}`} failed: ${(e as Error).message}; retrying in ${retryInMs} ms`);
    },
    onReject: (_market, reason) => {
      if (reason === 'duplicate') status.duplicates += 1;
      else status.rejected += 1;
    },
    log: (line) => console.log(`streamer: ${line}`),
    health,
    onAlert: (a) => alerts.publish(a),
  });
  const server = await startStatusServer(opts.port, () => ({ ...status, symbols: set.symbols, published: [...pubs.values()].reduce((a, p) => a + p.published, 0), streams: health.snapshot() }));
  const unfollow = followWatchlist(opts.db, watchlistCollectionKey(opts.exchange, opts.marketType), (symbols) => {
    status.watchlist = symbols;
    set.update([...pinned, ...symbols]);
  });
  if (pinned.length > 0) set.update(pinned);
  const onAbort = () => void set.close();
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await set.done;
    status.state = 'draining';
    await Promise.all([...pubs.values()].map((p) => p.drain()));
    await alerts.settle();
    status.state = 'stopped';
  } finally {
    unfollow();
    opts.signal?.removeEventListener('abort', onAbort);
    await set.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
