/**
 * Holds what was decided at one trade until the order it causes would reach the venue: the first
 * LATER trade at or after `decidedTs + latencyMs`. The backtester fills there, and the live stack's
 * paper venue prices off that same trade, so both see the same fill on any replay speed.
 */
export class LatencyGate<T> {
  private readonly pending: { item: T; dueTs: number; afterSeq: number }[] = [];

  constructor(readonly latencyMs: number) {}

  get size(): number {
    return this.pending.length;
  }

  /** `seq` is the position of the deciding trade in the stream (it never releases its own items). */
  hold(item: T, decidedTs: number, seq: number): void {
    this.pending.push({ item, dueTs: decidedTs + this.latencyMs, afterSeq: seq });
  }

  /** Items due at this trade, in the order they were held. */
  release(ts: number, seq: number): T[] {
    if (this.pending.length === 0) return EMPTY as T[];
    const out: T[] = [];
    let keep = 0;
    for (const p of this.pending) {
      if (seq > p.afterSeq && ts >= p.dueTs) out.push(p.item);
      else this.pending[keep++] = p;
    }
    this.pending.length = keep;
    return out;
  }

  /** What is still waiting (end of tape). */
  drain(): T[] {
    const out = this.pending.map((p) => p.item);
    this.pending.length = 0;
    return out;
  }
}

const EMPTY: readonly unknown[] = Object.freeze([]);
