import type { Firestore } from 'firebase-admin/firestore';
import type { BusPublisher } from '@cascade/adapters/pubsub';
import { systemClock } from '@cascade/adapters/clock';
import { openTradeFeed } from '@cascade/adapters/venues/ccxt';
import { type MarketSpec, type TradesEncoding, type WatchlistEntry, checkConfig, marketKey, watchlistCollectionKey } from '@cascade/core';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { alertPublisher } from './alert-publisher.js';
import { LiveStreamSet } from './live-stream-set.js';
import { countStreamEvents, publishedCount } from './status-counters.js';
import { StreamHealth, StreamHealthConfigSchema } from './stream-health.js';
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

/**
 * The live streamer driven by the watchlist: streams `pinned` plus every active entry of
 * `watchlists/{exchange}_{marketType}/symbols`, adding and dropping streams as the watchlist changes,
 * with /status on `port`. Runs until `signal` aborts (or a publish fails for good), then drains.
 */
export async function streamLiveWatchlist(opts: {
  bus: BusPublisher;
  /** How trade batches carry their trades (CASCADE_TRADES_ENCODING); rows when absent. */
  encoding?: TradesEncoding;
  db: Firestore;
  exchange: string;
  marketType: 'spot' | 'perp';
  /** Streamed whatever the watchlist says (the `--symbols` of the command line). */
  pinned?: readonly string[];
  port: number;
  /** Where the status server listens (statusHost of the service's environment; loopback when absent). */
  host?: string;
  urls?: Record<string, unknown>;
  options?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Handed the /status reader once it is up (main logs it every minute). */
  onStatus?: (read: () => Record<string, unknown>) => void;
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
    if (!pub) pubs.set(marketKey(market), (pub = new TradePublisher(opts.bus, market, 'live', () => systemClock.now(), undefined, undefined, opts.encoding)));
    return pub;
  };
  const set = new LiveStreamSet({
    feed,
    sink: (market, trade) => publisher(market).push(trade),
    flush: (market) => publisher(market).flush(),
    onMarket: (market) => void publisher(market),
    ...countStreamEvents(status),
    log: (line) => console.log(`streamer: ${line}`),
    health,
    onAlert: (a) => alerts.publish(a),
  });
  const read = () => ({ ...status, symbols: set.symbols, published: publishedCount(pubs), streams: health.snapshot() });
  const server = await startStatusServer(opts.port, read, { host: opts.host });
  opts.onStatus?.(read);
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
