import type { Trade } from '../../model/trade.js';

/**
 * Aggressor buy/sell volume and large-trade counts over the trailing `windowMs`, for the dump
 * detector's per-trade rules. Growable typed-array ring: O(1) amortised per trade, no allocation
 * per trade. Float sums are rebuilt from the ring every `rebuildEvery` evictions against drift.
 */
export class TradeFlowWindow {
  private cap: number;
  private ts: Float64Array;
  private amount: Float64Array;
  /** +1 buy, −1 sell; ±2 when the trade was large when it arrived. */
  private kind: Int8Array;
  private head = 0;
  private len = 0;
  private buy = 0;
  private sell = 0;
  private bigBuys = 0;
  private bigSells = 0;
  private evictions = 0;
  private threshold = Number.NaN;

  constructor(
    readonly windowMs: number,
    initialCapacity = 256,
    private readonly rebuildEvery = 4096,
  ) {
    this.cap = initialCapacity;
    this.ts = new Float64Array(this.cap);
    this.amount = new Float64Array(this.cap);
    this.kind = new Int8Array(this.cap);
  }

  /** `largeAt`: the size from which a trade counts as large (NaN or ∞ = none is). */
  push(t: Trade, largeAt: number): void {
    this.evictUpTo(t.ts);
    this.threshold = largeAt;
    if (this.len === this.cap) this.grow();
    const i = (this.head + this.len) % this.cap;
    const big = t.amount >= largeAt;
    const sign = t.side === 'buy' ? 1 : -1;
    this.ts[i] = t.ts;
    this.amount[i] = t.amount;
    this.kind[i] = big ? 2 * sign : sign;
    this.len += 1;
    if (sign > 0) {
      this.buy += t.amount;
      if (big) this.bigBuys += 1;
    } else {
      this.sell += t.amount;
      if (big) this.bigSells += 1;
    }
    if (this.evictions >= this.rebuildEvery) this.rebuild();
  }

  get trades(): number {
    return this.len;
  }
  get buyVolume(): number {
    return Math.max(0, this.buy);
  }
  get sellVolume(): number {
    return Math.max(0, this.sell);
  }
  get largeBuys(): number {
    return this.bigBuys;
  }
  get largeSells(): number {
    return this.bigSells;
  }
  /** The large-trade threshold in force at the latest trade. */
  get largeAt(): number {
    return this.threshold;
  }

  private evictUpTo(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.len > 0 && (this.ts[this.head] as number) <= cutoff) {
      const k = this.kind[this.head] as number;
      const a = this.amount[this.head] as number;
      if (k > 0) {
        this.buy -= a;
        if (k === 2) this.bigBuys -= 1;
      } else {
        this.sell -= a;
        if (k === -2) this.bigSells -= 1;
      }
      this.head = (this.head + 1) % this.cap;
      this.len -= 1;
      this.evictions += 1;
    }
  }

  private rebuild(): void {
    let b = 0;
    let s = 0;
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % this.cap;
      if ((this.kind[i] as number) > 0) b += this.amount[i] as number;
      else s += this.amount[i] as number;
    }
    this.buy = b;
    this.sell = s;
    this.evictions = 0;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const ts = new Float64Array(cap);
    const amount = new Float64Array(cap);
    const kind = new Int8Array(cap);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % this.cap;
      ts[k] = this.ts[i] as number;
      amount[k] = this.amount[i] as number;
      kind[k] = this.kind[i] as number;
    }
    this.ts = ts;
    this.amount = amount;
    this.kind = kind;
    this.head = 0;
    this.cap = cap;
  }
}
