import { type Fault, FaultKind, FaultOutcome, type MarketSpec, type RetryPolicy, RetryPolicySchema, type RetryPorts, type Trade, type TradesReceived, TradesEncoding, type TradesReceivedOnWire, Topic, derivedId, encodeBinaryTradeColumns, encodeTradeColumns, marketKey, retryWithBackoff } from '@cascade/core';
import type { BusPublisher } from '@cascade/adapters/pubsub';
import { realSleeper, systemClock, systemRandom } from '@cascade/adapters/clock';
import { streamEpoch } from './stream-epoch.js';

/** Max trades per Pub/Sub message: ~100 B each (rows; ~21 B binary) keeps a batch far below the 10 MB message limit. */
export const MAX_BATCH = 500;
/** Outstanding publishes per market; the client keeps same-key messages in order. */
const MAX_IN_FLIGHT = 64;

/**
 * A batch is published up to 8 times; the waits between attempts have ceilings of 200 ms doubling to
 * at most 5 s (200, 400, 800, 1 600, 3 200, 5 000, 5 000 ms: under 17 s in all, well inside the
 * elapsed cap), each a full-jitter draw under its ceiling.
 */
export const PUBLISH_RETRY: RetryPolicy = RetryPolicySchema.parse({ maxAttempts: 8, baseDelayMs: 200, factor: 2, maxDelayMs: 5_000, maxElapsedMs: 60_000 });

/** Every publish failure is worth another attempt: the batch id makes a duplicate harmless downstream. */
const anyFailureIsRetryable = (): Fault => ({ kind: FaultKind.Unknown, retryable: true, outcome: FaultOutcome.Unknown, matched: '', lineage: [] });

/** What the publisher needs of the bus. */
export type TradeBus = Pick<BusPublisher, 'publish' | 'resumeOrdering'>;

const systemPorts: RetryPorts = { clock: systemClock, sleeper: realSleeper, random: systemRandom };

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
    private readonly bus: TradeBus,
    readonly market: MarketSpec,
    private readonly source: 'replay' | 'live',
    private readonly now: () => number,
    /** Clock, sleeper and random draws of the publish retries; the system's by default. */
    private readonly retryPorts: RetryPorts = systemPorts,
    /** This process's run: sequences restart at 1 with every process, so consumers dedupe per epoch. */
    readonly epoch: number = streamEpoch,
    /**
     * How batches carry their trades. Rows unless told: the streamer process chooses (its
     * CASCADE_TRADES_ENCODING), so a rolling deploy can switch once every consumer reads columns.
     */
    readonly encoding: TradesEncoding = TradesEncoding.Rows,
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
    const last = trades.at(-1);
    if (last === undefined) return;
    const envelope = { type: 'trades.received', eventId, tsEvent: last.ts, tsInit: this.now(), correlationId: eventId, causationId: null } as const;
    const batch = { market: this.market, seq: this.seq, epoch: this.epoch, source: this.source };
    const msg: TradesReceived | TradesReceivedOnWire =
      this.encoding === TradesEncoding.ColumnarBinV1
        ? { ...envelope, payload: { encoding: TradesEncoding.ColumnarBinV1, ...batch, columns: encodeBinaryTradeColumns(trades) } }
        : this.encoding === TradesEncoding.ColumnarV1
          ? { ...envelope, payload: { encoding: TradesEncoding.ColumnarV1, ...batch, columns: encodeTradeColumns(trades) } }
          : { ...envelope, payload: { ...batch, trades: trades.map((x) => ({ id: x.id, ts: x.ts, price: x.price, amount: x.amount, side: x.side, sideInferred: x.sideInferred })) } };
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

  private async send(msg: TradesReceived | TradesReceivedOnWire): Promise<void> {
    await retryWithBackoff(
      async () => {
        try {
          await this.bus.publish(Topic.MarketTrades, msg, this.key);
        } catch (e) {
          this.failures += 1;
          throw e;
        }
      },
      PUBLISH_RETRY,
      this.retryPorts,
      {
        classify: anyFailureIsRetryable,
        // An ordered publish that fails pauses its key until resumed (client contract).
        onRetry: () => this.bus.resumeOrdering(Topic.MarketTrades, this.key),
      },
    );
  }
}
