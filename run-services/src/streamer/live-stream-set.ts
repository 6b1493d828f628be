import type { MarketSpec } from '@cascade/core';
import type { TradeFeed, TradeFeedMarkets } from '@cascade/adapters/venues/ccxt';
import { type LiveStreamsOptions, runLiveStreams } from './live.js';

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
