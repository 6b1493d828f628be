import type { Exchange, Trade } from 'ccxt';
import type { Clock, Sleeper, VenueFill } from '@cascade/core';

export interface FillStreamOptions {
  /** Use ccxt.pro `watchMyTrades` first (default true when the client has it). */
  readonly websocket?: boolean;
  /** REST polling period while the websocket is down or absent. */
  readonly pollIntervalMs?: number;
  /** How long polling lasts before the websocket is tried again. */
  readonly websocketRetryMs?: number;
  /** Fills at or after this time are delivered (default: when the stream starts). */
  readonly since?: number;
}

export interface FillStreamDeps {
  readonly client: Exchange;
  readonly clock: Clock;
  /** Waits between polls; a real timer at the edge. */
  readonly sleeper: Sleeper;
  /** Symbols to poll: most venues' trade history is per symbol. Read on every poll. */
  readonly symbols: () => readonly string[];
  /** ccxt trade → our fill (null to drop: a market we do not trade on this account). */
  readonly toFill: (t: Trade) => VenueFill | null;
  readonly onFill: (f: VenueFill) => void;
  readonly onError: (e: unknown) => void;
  /** Reports which source is live, for logs and status. */
  readonly onMode?: (mode: 'websocket' | 'polling') => void;
}

const DEDUPE_WINDOW = 10_000;

/**
 * Fills as they happen: the websocket (ccxt.pro `watchMyTrades`) while it works; when it fails, REST
 * polling (`fetchMyTrades` per symbol) from the last fill seen, which also fills the gap the dropped
 * socket left. Each trade id is delivered once, whichever source saw it first.
 */
export class FillStream {
  private stopped = false;
  private wake: () => void = () => undefined;
  /** Resolves when stop() is called: a pending watchMyTrades must not hold stop() hostage. */
  private readonly stopSignal = new Promise<'stop'>((resolve) => {
    this.wake = () => resolve('stop');
  });
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private lastTs: number;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: FillStreamDeps,
    private readonly opts: FillStreamOptions = {},
  ) {
    this.lastTs = opts.since ?? deps.clock.now();
  }

  start(): () => Promise<void> {
    this.done = this.run();
    return async () => {
      this.stopped = true;
      this.wake();
      await this.done;
    };
  }

  private async run(): Promise<void> {
    const ws = (this.opts.websocket ?? true) && this.deps.client.has.watchMyTrades === true;
    const retryWsMs = this.opts.websocketRetryMs ?? 60_000;
    while (!this.stopped) {
      if (ws) {
        this.deps.onMode?.('websocket');
        await this.watch();
        if (this.stopped) return;
      }
      this.deps.onMode?.('polling');
      await this.poll(ws ? this.deps.clock.now() + retryWsMs : Number.POSITIVE_INFINITY);
    }
  }

  /** Returns when the websocket fails (reported) or the stream stops. */
  private async watch(): Promise<void> {
    while (!this.stopped) {
      try {
        const pending = this.deps.client.watchMyTrades();
        // Observed even when stop() wins the race, so its later rejection is not unhandled.
        pending.catch(() => undefined);
        const trades = await Promise.race([pending, this.stopSignal]);
        if (trades === 'stop') return;
        this.deliver(trades);
      } catch (e) {
        if (!this.stopped) this.deps.onError(e);
        return;
      }
    }
  }

  private async poll(until: number): Promise<void> {
    const every = this.opts.pollIntervalMs ?? 2_000;
    while (!this.stopped && this.deps.clock.now() < until) {
      for (const symbol of this.deps.symbols()) {
        if (this.stopped) return;
        try {
          // From a little before the last fill seen: the venue's clock and ours disagree by a few
          // ms, and a duplicate costs a set lookup while a miss costs a position.
          this.deliver(await this.deps.client.fetchMyTrades(symbol, Math.max(0, this.lastTs - 1_000)));
        } catch (e) {
          this.deps.onError(e);
        }
      }
      if (this.stopped) return;
      await this.deps.sleeper.sleep(every);
    }
  }

  private deliver(trades: readonly Trade[]): void {
    const sorted = [...trades].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
    for (const t of sorted) {
      if (this.stopped) return;
      const fill = this.deps.toFill(t);
      if (fill === null) continue;
      const key = `${fill.symbol} ${fill.tradeId}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.order.push(key);
      if (this.order.length > DEDUPE_WINDOW) this.seen.delete(this.order.shift() as string);
      if (fill.timestamp > this.lastTs) this.lastTs = fill.timestamp;
      this.deps.onFill(fill);
    }
  }
}
