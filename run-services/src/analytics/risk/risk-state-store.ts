import type { Firestore } from 'firebase-admin/firestore';
import { type Clock, type RiskState, RiskStateSchema } from '@cascade/core';
import { readDoc } from '@cascade/adapters/firestore';
import type { RiskCounters } from './risk-ports.js';

/** `risk_state/current`: the one document the console and execute-signal's risk gate read. */
export const RISK_STATE_DOC = 'risk_state/current';

export function firestoreStateWriter(db: Firestore): (s: RiskState) => Promise<void> {
  return async (s) => {
    await db.doc(RISK_STATE_DOC).set(RiskStateSchema.parse(s));
  };
}

/**
 * The stored state, null when there is none. A document that does not match `RiskStateSchema` throws
 * a `StoredDocumentError` naming the document and its bad fields; the service then starts fresh and
 * logs it (a guess at a half-read breaker would be worse than none).
 */
export function firestoreStateReader(db: Firestore): () => Promise<RiskState | null> {
  return async () => readDoc(RiskStateSchema, await db.doc(RISK_STATE_DOC).get());
}

/** The fields whose change is a decision the console and the entry gate must see promptly. */
export function decisionKey(s: RiskState): string {
  return JSON.stringify([s.entries, s.breaker, s.drawdown.level, s.drawdown.day, s.health.band, s.positions, s.leaders.map((l) => l.dumpActive)]);
}

export interface StateWritesPorts {
  /** The state as of now (risk time). */
  readonly state: () => RiskState;
  readonly write: (s: RiskState) => Promise<void>;
  /** Wall clock: the throttle is in wall time whatever risk time is. */
  readonly clock: Clock;
  readonly schedule: (fn: () => void, ms: number) => () => void;
  readonly counters: RiskCounters;
  readonly log: (line: string) => void;
}

/**
 * The throttled writer of `risk_state/current`. A changed decision (entries, breaker, levels, band,
 * closing list, leader dumps) is written as soon as the last write is `minWriteMs` old; otherwise the
 * figures are refreshed every `refreshMs`. Writes never overlap, and each writes the state as of its
 * own moment, stamped `writtenAt` with the wall clock: the entry gate refuses a state that has not
 * been refreshed for its configured age, so the refresh is also the risk service's heartbeat.
 */
export class RiskStateWrites {
  private writing: Promise<void> | null = null;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private lastKey = '';
  private cancelDeferred: (() => void) | null = null;

  constructor(
    private readonly ports: StateWritesPorts,
    private readonly minWriteMs: number,
    private readonly refreshMs: number,
  ) {}

  /** A state restored at start counts as written: the same decisions are not written again at once. */
  restored(s: RiskState): void {
    this.lastKey = decisionKey(s);
  }

  async maybeWrite(urgent: boolean): Promise<void> {
    if (this.writing) {
      if (urgent) this.defer(this.minWriteMs);
      return;
    }
    const s = this.ports.state();
    const key = decisionKey(s);
    const wall = this.ports.clock.now();
    const since = wall - this.lastWriteAt;
    const changed = key !== this.lastKey;
    if (!changed && since < this.refreshMs) return;
    if (since < this.minWriteMs) {
      this.defer(this.minWriteMs - since);
      return;
    }
    this.writing = this.write(s, key, wall);
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
  }

  /**
   * Replays only: returns once the decisions as of now are written, writing at once whatever
   * `minWriteMs` says (a write in flight is waited for first). A replay waits on it so the next setup
   * meets the entry blocks the tape's time holds, not the ones a throttle let through. Gives up after
   * a failed write (logged and counted by `write`; the next tick tries again).
   */
  async flush(): Promise<void> {
    if (this.writing) await this.writing;
    const s = this.ports.state();
    const key = decisionKey(s);
    if (key === this.lastKey) return;
    this.cancelDeferred?.();
    this.cancelDeferred = null;
    this.writing = this.write(s, key, this.ports.clock.now());
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
  }

  /** Cancels a deferred write and waits for the one in flight. */
  async end(): Promise<void> {
    this.cancelDeferred?.();
    this.cancelDeferred = null;
    await this.writing;
  }

  private async write(s: RiskState, key: string, wall: number): Promise<void> {
    this.lastWriteAt = wall;
    try {
      // The wall-clock stamp is the heartbeat the entry gate checks (a replay's risk time is the tape's).
      await this.ports.write({ ...s, writtenAt: Math.round(wall) });
      this.lastKey = key;
      this.ports.counters.stateWrites += 1;
    } catch (e) {
      // lastKey stays: the next tick tries again.
      this.ports.counters.writeErrors += 1;
      this.ports.log(`writing ${RISK_STATE_DOC} failed: ${(e as Error).message}`);
    }
  }

  private defer(ms: number): void {
    if (this.cancelDeferred) return;
    this.cancelDeferred = this.ports.schedule(() => {
      this.cancelDeferred = null;
      void this.maybeWrite(true);
    }, Math.max(1, ms));
  }
}
