import type { Trade } from '../model/trade.js';

/**
 * The last `horizonMs` of one symbol's trades in parallel typed arrays (a growable ring), shared by
 * every rolling window of shorter span. Appending is O(1) amortised and allocates only when the ring
 * doubles, never per trade.
 */
export class TradeWindow {
  private cap: number;
  /** cap − 1 (cap is a power of two). */
  private mask: number;
  private head = 0; // index of the oldest retained trade
  private len = 0;
  ts: Float64Array;
  price: Float64Array;
  amount: Float64Array;
  /** +1 buy aggressor, -1 sell aggressor. */
  sign: Int8Array;
  /** Total appended since creation: windows track positions in this absolute sequence. */
  appended = 0;

  constructor(readonly horizonMs: number, initialCapacity = 1024) {
    // A power of two, so a ring index is `& mask` (issue 14: a remainder by a variable capacity is an
    // integer division, and every rolling window takes a slot or more per trade).
    let cap = 1;
    while (cap < initialCapacity) cap *= 2;
    this.cap = cap;
    this.mask = cap - 1;
    this.ts = new Float64Array(this.cap);
    this.price = new Float64Array(this.cap);
    this.amount = new Float64Array(this.cap);
    this.sign = new Int8Array(this.cap);
  }

  get size(): number {
    return this.len;
  }

  /** Absolute sequence number of the oldest retained trade. */
  get firstSeq(): number {
    return this.appended - this.len;
  }

  push(t: Trade): void {
    // Evicted here, not by a helper taking the cutoff: a double argument to a call that is not
    // inlined is boxed, a heap number per trade.
    const cutoff = t.ts - this.horizonMs;
    while (this.len > 0 && (this.ts[this.head] as number) <= cutoff) {
      this.head = (this.head + 1) & this.mask;
      this.len -= 1;
    }
    if (this.len === this.cap) this.grow();
    const i = (this.head + this.len) & this.mask;
    this.ts[i] = t.ts;
    this.price[i] = t.price;
    this.amount[i] = t.amount;
    this.sign[i] = t.side === 'buy' ? 1 : -1;
    this.len += 1;
    this.appended += 1;
  }

  /** Slot of absolute sequence number `seq` (must be retained). */
  slot(seq: number): number {
    return (this.head + (seq - this.firstSeq)) & this.mask;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const ts = new Float64Array(cap);
    const price = new Float64Array(cap);
    const amount = new Float64Array(cap);
    const sign = new Int8Array(cap);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % this.cap;
      ts[k] = this.ts[i] as number;
      price[k] = this.price[i] as number;
      amount[k] = this.amount[i] as number;
      sign[k] = this.sign[i] as number;
    }
    this.ts = ts;
    this.price = price;
    this.amount = amount;
    this.sign = sign;
    this.head = 0;
    this.cap = cap;
    this.mask = cap - 1;
  }
}
