import { type MarketSpec, type Trade, type TradesReceived, Topic, derivedId, marketKey } from '@cascade/core';
import type { BusPublisher } from '@cascade/adapters/pubsub';

/** Max trades per Pub/Sub message: ~100 B each keeps a batch far below the 10 MB message limit. */
export const MAX_BATCH = 500;
/** Outstanding publishes per market; the client keeps same-key messages in order. */
const MAX_IN_FLIGHT = 64;

/**
 * Publishes a market's trades as ordered batches (`TradesReceived`, ordering key = market key) and
 * counts what it published. Batch ids derive from market and sequence, so a re-run of the same tape
 * produces the same ids.
 */
export class TradePublisher {
  private seq = 0;
  private pending: Trade[] = [];
  private readonly inflight = new Set<Promise<void>>();
  published = 0;
  batches = 0;
  lastTs = 0;
  failures = 0;
  /** The first batch that could not be published after every retry; the stream stops on it. */
  private fatal: Error | null = null;

  constructor(
    private readonly bus: BusPublisher,
    readonly market: MarketSpec,
    private readonly source: 'replay' | 'live',
    private readonly now: () => number,
  ) {}

  get key(): string {
    return marketKey(this.market);
  }

  async push(t: Trade): Promise<void> {
    this.pending.push(t);
    if (this.pending.length >= MAX_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.fatal) throw this.fatal;
    if (this.pending.length === 0) return;
    const trades = this.pending;
    this.pending = [];
    this.seq += 1;
    const eventId = derivedId('trades', this.key, String(this.seq), trades[0]?.id ?? '');
    const last = trades[trades.length - 1] as Trade;
    const msg: TradesReceived = {
      type: 'trades.received',
      eventId,
      tsEvent: last.ts,
      tsInit: this.now(),
      correlationId: eventId,
      causationId: null,
      payload: {
        market: this.market,
        seq: this.seq,
        source: this.source,
        trades: trades.map((x) => ({ id: x.id, ts: x.ts, price: x.price, amount: x.amount, side: x.side, sideInferred: x.sideInferred })),
      },
    };
    while (this.inflight.size >= MAX_IN_FLIGHT) await Promise.race(this.inflight);
    // Failures are kept, not left as a rejected promise nobody awaits (which would crash the process).
    const p: Promise<void> = this.send(msg)
      .catch((e: unknown) => {
        this.fatal ??= new Error(`could not publish batch ${msg.payload.seq} of ${this.key}: ${(e as Error).message}`, { cause: e });
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    this.published += trades.length;
    this.batches += 1;
    this.lastTs = last.ts;
  }

  async drain(): Promise<void> {
    await this.flush();
    await Promise.all(this.inflight);
    if (this.fatal) throw this.fatal;
  }

  private async send(msg: TradesReceived): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.bus.publish(Topic.MarketTrades, msg, this.key);
        return;
      } catch (e) {
        this.failures += 1;
        if (attempt >= 8) throw e;
        // An ordered publish that fails pauses its key until resumed (client contract).
        this.bus.resumeOrdering(Topic.MarketTrades, this.key);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  }
}
