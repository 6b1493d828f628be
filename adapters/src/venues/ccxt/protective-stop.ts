import { type Clock, type ValueOf, type VenuePort, derivedId, type ProtectiveStopConfig, type ProtectiveStopPlan, defaultProtectiveStopConfig, planProtectiveStop } from '@cascade/core';

/** What kind of stop the manager rests for a venue account (see README, per venue). */
export const StopMode = {
  /** Reduce-only stop-market (perps): can only close. Moves place the new stop, then cancel the old. */
  ReduceOnly: 'reduce_only',
  /** Spot sell-stop of the held amount: the venue locks the coins, so moves cancel first, then place. */
  SellStop: 'sell_stop',
  None: 'none',
} as const;
export type StopMode = ValueOf<typeof StopMode>;

export const ProtectionStatus = {
  /** A stop rests on the venue at `stopPrice`. */
  Resting: 'resting',
  /** No stop yet or right now (it would trigger at once, or the last attempt failed): the client exit monitor alone protects. */
  Pending: 'pending',
  /** The venue account cannot hold one: the client exit monitor alone protects, even while we are down. */
  Unsupported: 'unsupported',
  /** The position is closed or closing; the stop was cancelled. */
  Released: 'released',
} as const;
export type ProtectionStatus = ValueOf<typeof ProtectionStatus>;

export interface ProtectedPosition {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Base amount the stop closes. */
  readonly amount: string;
}

/** Goes on the position's record: whether (and where) the venue itself protects the position. */
export interface ProtectiveStopRecord {
  readonly positionId: string;
  readonly symbol: string;
  readonly status: ProtectionStatus;
  readonly mode: StopMode;
  readonly clientOrderId: string | null;
  readonly stopPrice: string | null;
  readonly placedAt: number | null;
  /** Stops placed for this position so far (the next stop's sequence number). */
  readonly placements: number;
  /** Stops that should have been cancelled but were not yet (retried on every update). */
  readonly orphans: readonly string[];
  readonly note: string | null;
}

export interface ProtectiveStopOptions {
  readonly venue: VenuePort;
  readonly clock: Clock;
  readonly config?: ProtectiveStopConfig;
  /** Default: reduce-only where the venue says it can, else none. Binance spot opts into `sell_stop`. */
  readonly mode?: StopMode;
  /** Client id of the n-th stop of a position (deterministic, so a restart re-derives it). */
  readonly stopIdFor?: (positionId: string, n: number) => string;
  /** Every change of a record (persist it with the position). */
  readonly onChange?: (r: ProtectiveStopRecord) => void;
}

interface Pending {
  readonly pos: ProtectedPosition;
  readonly trail: number | string;
  readonly last: number | string;
}

const why = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/**
 * Issue 5 item 4: keeps an exchange-held stop at the client trailing stop's level so a position
 * stays protected while our services are down. The client exit monitor stays primary; this is the
 * backstop. Where and when to move comes from core's `planProtectiveStop` (never looser, at most one
 * move per interval, only moves of enough ticks); this class only talks to the venue.
 *
 * Updates for one position run one at a time; trail updates arriving meanwhile collapse into the
 * latest, which runs next.
 */
/**
 * Client order id of placement `n` of a position's protective stop. Derived, so whoever knows a
 * record knows the id its next placement will carry (`placements`): a close cancels that one too,
 * in case a trail is placing it at that moment (see protective-stops.ts, `trailProtectiveStop`).
 */
/** The prefix of every protective stop's client id (`derivedId` joins it with a dash). */
const STOP_ID_PREFIX = 'cs';
export const protectiveStopClientId = (positionId: string, n: number): string => derivedId(STOP_ID_PREFIX, positionId, String(n));

/** Whether a client order id is one of the stops this manager places (any position, any placement). */
export const isProtectiveStopId = (clientOrderId: string): boolean => clientOrderId.startsWith(`${STOP_ID_PREFIX}-`);

/** Every stop a record may have resting on the venue: its orphans, then its current stop. */
export const recordStopIds = (r: Pick<ProtectiveStopRecord, 'orphans' | 'clientOrderId'>): string[] => (r.clientOrderId === null ? [...r.orphans] : [...r.orphans, r.clientOrderId]);

export class ProtectiveStopManager {
  private readonly records = new Map<string, ProtectiveStopRecord>();
  private readonly latest = new Map<string, Pending>();
  private readonly running = new Map<string, Promise<ProtectiveStopRecord>>();
  private readonly config: ProtectiveStopConfig;
  private readonly mode: StopMode;
  private readonly stopIdFor: (positionId: string, n: number) => string;

  constructor(private readonly opts: ProtectiveStopOptions) {
    this.config = opts.config ?? defaultProtectiveStopConfig;
    this.mode = opts.mode ?? (opts.venue.capabilities.reduceOnlyStop ? StopMode.ReduceOnly : StopMode.None);
    if (this.mode === StopMode.ReduceOnly && !opts.venue.capabilities.reduceOnlyStop) throw new RangeError(`${opts.venue.id} cannot rest reduce-only stops`);
    this.stopIdFor = opts.stopIdFor ?? protectiveStopClientId;
  }

  record(positionId: string): ProtectiveStopRecord | undefined {
    return this.records.get(positionId);
  }

  /** Resume after a restart from the record stored with the position. */
  adopt(r: ProtectiveStopRecord): void {
    this.records.set(r.positionId, r);
  }

  /** Feed the client trail's level and the last price; places or moves the stop when the plan says so. */
  update(pos: ProtectedPosition, trailLevel: number | string, lastPrice: number | string): Promise<ProtectiveStopRecord> {
    this.latest.set(pos.positionId, { pos, trail: trailLevel, last: lastPrice });
    const inFlight = this.running.get(pos.positionId);
    if (inFlight) return inFlight;
    const run = this.drain(pos.positionId).finally(() => this.running.delete(pos.positionId));
    this.running.set(pos.positionId, run);
    return run;
  }

  /** Cancel the stop (and any orphan): the position is closed, or the client is about to close it. */
  async release(positionId: string): Promise<ProtectiveStopRecord | undefined> {
    await this.running.get(positionId)?.catch(() => undefined);
    const r = this.records.get(positionId);
    if (!r) return undefined;
    const toCancel = recordStopIds(r);
    const left: string[] = [];
    for (const id of toCancel) {
      try {
        await this.opts.venue.cancelOrder(r.symbol, id);
      } catch {
        left.push(id);
      }
    }
    return this.save({ ...r, status: ProtectionStatus.Released, clientOrderId: null, stopPrice: null, orphans: left, note: left.length ? `cancel failed for ${left.join(', ')}` : null });
  }

  private async drain(positionId: string): Promise<ProtectiveStopRecord> {
    let out = this.records.get(positionId);
    for (let p = this.latest.get(positionId); p !== undefined; p = this.latest.get(positionId)) {
      this.latest.delete(positionId);
      out = await this.step(p);
    }
    return out as ProtectiveStopRecord;
  }

  private initial(pos: ProtectedPosition): ProtectiveStopRecord {
    return { positionId: pos.positionId, symbol: pos.symbol, status: ProtectionStatus.Pending, mode: this.mode, clientOrderId: null, stopPrice: null, placedAt: null, placements: 0, orphans: [], note: null };
  }

  private async step({ pos, trail, last }: Pending): Promise<ProtectiveStopRecord> {
    let r = this.records.get(pos.positionId) ?? this.initial(pos);
    if (r.status === ProtectionStatus.Released) return r;
    if (this.mode === StopMode.None) {
      if (r.status === ProtectionStatus.Unsupported) return r;
      return this.save({ ...r, status: ProtectionStatus.Unsupported, note: `${this.opts.venue.id} cannot hold a reduce-only stop on this account` });
    }
    if (this.mode === StopMode.SellStop && pos.side !== 'long') {
      return this.save({ ...r, status: ProtectionStatus.Unsupported, note: 'a spot sell-stop protects longs only' });
    }
    r = await this.sweepOrphans(r);
    const spec = await this.opts.venue.market(pos.symbol);
    const resting = r.clientOrderId !== null && r.stopPrice !== null && r.placedAt !== null ? { price: r.stopPrice, placedAt: r.placedAt } : null;
    const plan: ProtectiveStopPlan = planProtectiveStop({ side: pos.side, trailLevel: trail, lastPrice: last, pricePrecision: spec.pricePrecision, resting, now: this.opts.clock.now(), config: this.config });
    if (plan.action === 'hold') return r;
    return plan.action === 'place' ? this.place(r, pos, plan.price) : this.move(r, pos, plan.price);
  }

  private async place(r: ProtectiveStopRecord, pos: ProtectedPosition, price: string): Promise<ProtectiveStopRecord> {
    const id = this.stopIdFor(pos.positionId, r.placements);
    try {
      await this.opts.venue.createOrder({
        clientOrderId: id,
        symbol: pos.symbol,
        side: pos.side === 'long' ? 'sell' : 'buy',
        type: 'stop',
        amount: pos.amount,
        stopPrice: price,
        reduceOnly: this.mode === StopMode.ReduceOnly,
      });
    } catch (e) {
      // The id is spent either way: a retry must not collide with an order that may have landed.
      return this.save({ ...r, status: r.clientOrderId ? r.status : ProtectionStatus.Pending, placements: r.placements + 1, orphans: [...r.orphans, id], note: `placing stop at ${price} failed: ${why(e)}` });
    }
    return this.save({ ...r, status: ProtectionStatus.Resting, clientOrderId: id, stopPrice: price, placedAt: this.opts.clock.now(), placements: r.placements + 1, note: null });
  }

  private async move(r: ProtectiveStopRecord, pos: ProtectedPosition, price: string): Promise<ProtectiveStopRecord> {
    const old = r.clientOrderId as string;
    if (this.mode === StopMode.ReduceOnly) {
      // New first: two reduce-only stops for a moment are harmless (the second finds nothing to
      // reduce), a moment with none is not.
      const placed = await this.place(r, pos, price);
      if (placed.clientOrderId === old) return placed;
      return this.cancelOld(placed, old);
    }
    // A spot sell-stop locks the coins: the old one must go before the new one can be placed.
    try {
      await this.opts.venue.cancelOrder(pos.symbol, old);
    } catch (e) {
      return this.save({ ...r, note: `cancelling stop ${old} to move it failed: ${why(e)}` });
    }
    const bare = this.save({ ...r, status: ProtectionStatus.Pending, clientOrderId: null, stopPrice: null, placedAt: null });
    return this.place(bare, pos, price);
  }

  private async cancelOld(r: ProtectiveStopRecord, old: string): Promise<ProtectiveStopRecord> {
    try {
      await this.opts.venue.cancelOrder(r.symbol, old);
      return r;
    } catch (e) {
      return this.save({ ...r, orphans: [...r.orphans, old], note: `cancelling replaced stop ${old} failed: ${why(e)}` });
    }
  }

  private async sweepOrphans(r: ProtectiveStopRecord): Promise<ProtectiveStopRecord> {
    if (r.orphans.length === 0) return r;
    const left: string[] = [];
    for (const id of r.orphans) {
      try {
        await this.opts.venue.cancelOrder(r.symbol, id);
      } catch {
        left.push(id);
      }
    }
    return left.length === r.orphans.length ? r : this.save({ ...r, orphans: left });
  }

  private save(r: ProtectiveStopRecord): ProtectiveStopRecord {
    this.records.set(r.positionId, r);
    this.opts.onChange?.(r);
    return r;
  }
}
