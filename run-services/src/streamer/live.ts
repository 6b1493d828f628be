import type { z } from 'zod';
import type { BusPublisher } from '@cascade/adapters/pubsub';
import { type MarketSpec, type TradesEncoding, type RejectReason, type RetryPorts, type Trade, marketKey } from '@cascade/core';
import { sleep, systemClock, systemRandom } from '@cascade/adapters/clock';
import { type GapFillReport, type TradeCursor, type TradeFeed, type TradeHistory, type VenueTrade, CcxtTradeNormaliser, GapFillConfigSchema, GapOutcome, fillGap, gapEnd, openTradeFeed } from '@cascade/adapters/venues/ccxt';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { alertPublisher } from './alert-publisher.js';
import { type ReconnectBackoff, defaultReconnectBackoff, reconnectDelayMs, reconnectPolicy } from './reconnect-backoff.js';
import { countStreamEvents, publishedCount } from './status-counters.js';
import { type DataConnectionAlert, StreamHealth, StreamHealthConfigSchema, describeOpenGap } from './stream-health.js';
import { TradePublisher } from './trade-publisher.js';

export interface LiveStreamsOptions {
  /** The venue's trade stream (`openTradeFeed`). `runLiveStreams` loads its markets and closes it when it returns. */
  readonly feed: TradeFeed;
  /** Unified symbols, e.g. `BTC/USDT`; every one must be a market of the venue. */
  readonly symbols: readonly string[];
  /**
   * Receives each new trade once, per symbol in venue order (trades fetched to fill a gap included).
   * A sink that throws is fatal: the other streams stop and `runLiveStreams` rejects with that error
   * (the caller's process restarts).
   */
  readonly sink: (market: MarketSpec, trade: Trade) => Promise<void>;
  /** Called once the markets are loaded, with the spec of every symbol in `symbols` order. */
  readonly onMarkets?: (markets: readonly MarketSpec[]) => void;
  /** Called after the trades of one `watchTrades` result or one gap fill went to `sink` (when there was at least one). */
  readonly flush?: (market: MarketSpec) => Promise<void>;
  /** Aborting stops every stream and closes the feed; `runLiveStreams` then resolves. */
  readonly signal?: AbortSignal;
  /** A failed `loadMarkets` (symbol null) or `watchTrades`, about to be retried after `retryInMs`. */
  readonly onError?: (symbol: string | null, error: unknown, retryInMs: number) => void;
  /** A trade the feed sent that was dropped: `duplicate` is routine (ccxt's cache, a replayed message). */
  readonly onReject?: (market: MarketSpec, reason: RejectReason) => void;
  /**
   * Reconnect delays: full jitter under a ceiling doubling from `initialMs`, capped at `maxMs`,
   * reset by a successful call. Faults ccxt does not class as transient wait `maxMs`.
   */
  readonly backoff?: ReconnectBackoff;
  /** Clock, sleeper and random draws for backoff, fills and health; the system's by default. */
  readonly ports?: Partial<RetryPorts>;
  /** REST history that fills gaps per symbol; default the feed's. */
  readonly history?: (symbol: string) => TradeHistory | { readonly none: string };
  /** Gap-fill bounds; parsed once (defaults in `GapFillConfigSchema`). */
  readonly gapFill?: z.input<typeof GapFillConfigSchema>;
  /** Receives per-symbol state; one is made (with default thresholds) when not given. */
  readonly health?: StreamHealth;
  /** How often the connection-lost alert is checked besides after each failed reconnect. */
  readonly healthCheckEveryMs?: number;
  /** Critical data-connection alerts: a symbol disconnected too long (once per outage), a gap left open. */
  readonly onAlert?: (alert: DataConnectionAlert) => void;
  /** After each gap fill: what REST gave, and how many of its trades were new. */
  readonly onGapFill?: (market: MarketSpec, report: GapFillReport, published: number) => void;
}

/**
 * Streams the trades of `symbols` from a venue's trade feed into `sink` until `signal` aborts.
 *
 * - ccxt's `watchTrades` resolves with its per-symbol cache (or, with `newUpdates`, the tail of it),
 *   so a trade can come back in a later result; a `TradeValidator` per symbol drops ids it has seen
 *   and trades older than the last one delivered, which also keeps duplicates out across reconnects.
 * - A failed `loadMarkets` or `watchTrades` is reported to `onError` and retried with exponential
 *   backoff and full jitter (`ccxtTradeFeed` switches ccxt's own re-dial backoff off so this policy is the only
 *   one). ccxt.pro reopens a dropped socket (and resubscribes) on the next watch call, and that call
 *   resolves with the new socket's first trades.
 * - Gap fill: after an outage, the trades between the last one delivered and the newest of the new
 *   socket's first result are fetched over REST (`fillGap`) and go to `sink` before that result. On
 *   venues with consecutive ids (Binance spot) a fill runs only when ids jump, and a jump without a
 *   disconnect (ccxt's cache overflowing while we were busy) is filled the same way. A gap the fill
 *   could not close is an `onAlert`; so is a symbol disconnected longer than the health threshold.
 *   An outage before a symbol's first trade has nothing to fill from and is not filled.
 * - Trades without an aggressor side get the tick rule's and `sideInferred: true`; trades with one
 *   still update the rule so a following zero tick inherits the venue's side.
 */
export async function runLiveStreams(opts: LiveStreamsOptions): Promise<void> {
  const { feed, symbols, sink } = opts;
  const policy = reconnectPolicy(opts.backoff ?? defaultReconnectBackoff);
  const gapConfig = GapFillConfigSchema.parse(opts.gapFill ?? {});
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  if (opts.signal?.aborted) stop.abort(opts.signal.reason);
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const stopped = new Promise<void>((resolve) => {
    if (stop.signal.aborted) resolve();
    else stop.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const ports: RetryPorts = {
    clock: opts.ports?.clock ?? systemClock,
    random: opts.ports?.random ?? systemRandom,
    sleeper: opts.ports?.sleeper ?? { sleep: (ms) => sleep(ms, stop.signal) },
  };
  const pause = (ms: number) => Promise.race([ports.sleeper.sleep(ms), stopped]);
  const health = opts.health ?? new StreamHealth(feed.id, StreamHealthConfigSchema.parse({}), ports.clock);
  const raise = (alerts: readonly DataConnectionAlert[]) => {
    for (const a of alerts) opts.onAlert?.(a);
  };
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= feed.close().catch(() => undefined));
  // Closing the feed rejects pending watches (ExchangeClosedByUser) so every loop sees the stop.
  stop.signal.addEventListener('abort', () => void close(), { once: true });
  const timer = setInterval(() => raise(health.check()), opts.healthCheckEveryMs ?? 1_000);
  timer.unref();

  const retrying = async <T>(symbol: string | null, call: () => Promise<T>): Promise<T | undefined> => {
    for (let failures = 1; ; failures += 1) {
      if (stop.signal.aborted) return undefined;
      try {
        return await call();
      } catch (e) {
        if (stop.signal.aborted) return undefined;
        const delay = reconnectDelayMs(policy, failures, e, ports.random);
        opts.onError?.(symbol, e, delay);
        await pause(delay);
      }
    }
  };

  try {
    const markets = await retrying(null, () => feed.loadMarkets());
    if (markets === undefined) return;
    const specs = symbols.map((symbol) => {
      const spec = markets.spec(symbol);
      if (!spec) throw new Error(`${feed.id} has no market ${symbol}`);
      return { symbol, spec };
    });
    opts.onMarkets?.(specs.map((s) => s.spec));

    const streamSymbol = async (symbol: string, spec: MarketSpec): Promise<void> => {
      const normaliser = new CcxtTradeNormaliser((reason) => opts.onReject?.(spec, reason));
      const history = (opts.history ?? ((s: string) => feed.history(s)))(symbol);
      const contiguous = !('none' in history) && history.contiguousIds;
      health.begin(symbol);
      /** The last trade delivered: where a gap starts. */
      let last: TradeCursor | null = null;
      const deliver = async (t: VenueTrade): Promise<boolean> => {
        const trade = normaliser.accept(t);
        if (trade === null) return false;
        await sink(spec, trade);
        last = { id: trade.id, ts: trade.ts };
        health.trade(symbol, trade.ts);
        return true;
      };
      const fill = async (from: TradeCursor, until: TradeCursor): Promise<void> => {
        const gap = { from, until };
        if ('none' in history) {
          raise([health.gapOpen(symbol, gap, null, describeOpenGap(gap, null, history.none))]);
          return;
        }
        health.filling(symbol);
        let published = 0;
        const report = await fillGap({
          symbol, from, until, history, config: gapConfig, ports, signal: stop.signal,
          onTrade: async (t) => {
            if (await deliver(t)) published += 1;
          },
        });
        if (published > 0 && opts.flush) await opts.flush(spec);
        health.gapFilled(symbol, published);
        health.live(symbol);
        opts.onGapFill?.(spec, report, published);
        if (report.outcome !== GapOutcome.Filled && report.outcome !== GapOutcome.Aborted) {
          raise([health.gapOpen(symbol, gap, report, describeOpenGap(gap, report, `${report.outcome}: ${report.detail}`))]);
        }
      };

      try {
        let failures = 0;
        for (;;) {
          let trades: VenueTrade[];
          try {
            trades = await feed.watchTrades(symbol);
          } catch (e) {
            if (stop.signal.aborted) return;
            failures += 1;
            const delay = reconnectDelayMs(policy, failures, e, ports.random);
            health.failed(symbol, e);
            opts.onError?.(symbol, e, delay);
            raise(health.check());
            await pause(delay);
            if (stop.signal.aborted) return;
            continue;
          }
          if (stop.signal.aborted) return;
          // The watch resolved, so the socket delivers again (the outage is over, whatever the fill
          // finds); its newest trade bounds what may be missing.
          const outage = failures > 0;
          failures = 0;
          health.live(symbol);
          const anchor: TradeCursor | null = last;
          if (anchor !== null && (outage || contiguous)) {
            const until = gapEnd(trades, anchor, contiguous);
            if (until !== null) await fill(anchor, until);
          }
          let delivered = 0;
          for (const t of trades) if (await deliver(t)) delivered += 1;
          if (delivered > 0 && opts.flush) await opts.flush(spec);
        }
      } finally {
        health.stopped(symbol);
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
    clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    stop.abort();
    await close();
  }
}

/**
 * The live streamer: trades of `symbols` from ccxt.pro `exchange` to Pub/Sub (one ordered
 * `TradePublisher` per market), with /status on `port` (counters and per-symbol stream health).
 * Data-connection alerts go to `trading.events`. Runs until `signal` aborts, then drains the
 * publishers. `urls` and `options` are deep-merged into the exchange's (e.g. to point at a local fake).
 */
export async function streamLive(opts: {
  bus: BusPublisher;
  /** How trade batches carry their trades (CASCADE_TRADES_ENCODING); rows when absent. */
  encoding?: TradesEncoding;
  exchange: string;
  symbols: string[];
  port: number;
  /** Where the status server listens (statusHost of the service's environment; loopback when absent). */
  host?: string;
  urls?: Record<string, unknown>;
  /** Deep-merged into the exchange's ccxt `options`. */
  options?: Record<string, unknown>;
  signal?: AbortSignal;
  gapFill?: z.input<typeof GapFillConfigSchema>;
  health?: z.input<typeof StreamHealthConfigSchema>;
  /** Handed the /status reader once it is up (main logs it every minute). */
  onStatus?: (read: () => Record<string, unknown>) => void;
}): Promise<void> {
  exitWithParent();
  const feed = await openTradeFeed({ exchange: opts.exchange, ...(opts.urls ? { urls: opts.urls } : {}), ...(opts.options ? { options: opts.options } : {}) });
  const pubs = new Map<string, TradePublisher>();
  const health = new StreamHealth(feed.id, StreamHealthConfigSchema.parse(opts.health ?? {}), systemClock);
  const alerts = alertPublisher(opts.bus, () => systemClock.now());
  const status = { state: 'loading-markets', errors: 0, rejected: 0, duplicates: 0, alerts: 0, symbols: opts.symbols };
  const read = () => ({
    ...status,
    published: publishedCount(pubs),
    streams: health.snapshot(),
  });
  const server = await startStatusServer(opts.port, read, { host: opts.host });
  opts.onStatus?.(read);
  const publisher = (market: MarketSpec): TradePublisher => {
    const pub = pubs.get(marketKey(market));
    if (!pub) throw new Error(`streamer: no publisher for ${marketKey(market)}`);
    return pub;
  };
  try {
    await runLiveStreams({
      feed,
      symbols: opts.symbols,
      signal: opts.signal,
      health,
      gapFill: opts.gapFill,
      onMarkets: (markets) => {
        for (const m of markets) pubs.set(marketKey(m), new TradePublisher(opts.bus, m, 'live', () => systemClock.now(), undefined, undefined, opts.encoding));
        status.state = 'running';
      },
      sink: (market, trade) => publisher(market).push(trade),
      flush: (market) => publisher(market).flush(),
      ...countStreamEvents(status),
      onGapFill: (market, r, published) => {
        console.log(`streamer: ${market.symbol} gap after trade ${r.from.id}: ${published} trades published from REST (${r.pages} pages, ${r.outcome})`);
      },
      onAlert: (a) => {
        status.alerts += 1;
        alerts.publish(a);
      },
    });
    status.state = 'draining';
    await Promise.all([...pubs.values()].map((p) => p.drain()));
    await alerts.settle();
    status.state = 'stopped';
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
