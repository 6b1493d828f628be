import type { Candle } from '../../analytics/candle.js';

/** The last `capacity` closed 1m candles of one symbol; `back(0)` is the latest. Out-of-order candles are dropped. */
export class CandleHistory {
  private readonly buf: (Candle | undefined)[];
  private next = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    this.buf = new Array<Candle | undefined>(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Returns false (and keeps nothing) for a candle not later than the latest. */
  push(c: Candle): boolean {
    const latest = this.n > 0 ? this.back(0) : undefined;
    if (latest && c.openTime <= latest.openTime) return false;
    this.buf[this.next] = c;
    this.next = (this.next + 1) % this.capacity;
    if (this.n < this.capacity) this.n += 1;
    return true;
  }

  /** The candle `k` places before the latest (0 = latest). */
  back(k: number): Candle {
    if (k < 0 || k >= this.n) throw new RangeError(`candle ${k} back of ${this.n}`);
    return this.buf[(this.next - 1 - k + 2 * this.capacity) % this.capacity] as Candle;
  }

  /** Mean volume of candles `from` … `from + count − 1` back (NaN when any is missing). */
  meanVolume(from: number, count: number): number {
    if (count <= 0 || from + count > this.n) return Number.NaN;
    let s = 0;
    for (let k = from; k < from + count; k++) s += this.back(k).volume;
    return s / count;
  }
}
