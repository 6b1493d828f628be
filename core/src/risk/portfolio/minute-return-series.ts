/**
 * One symbol's 1-minute log returns, ln(close_m / close_{m−1}), keyed by minute index, keeping the
 * last `window` minutes so another series can look a minute up when its own candle arrives later.
 *
 * Missing minutes: the candle builder emits no candle for a minute without trades, so a gap of up to
 * `maxFill` minutes is read as quiet minutes (price unchanged: zero returns), and the candle after it
 * carries the whole move. A longer gap is an outage, not quiet trading: the series restarts from the
 * candle after it and the move across the gap is not counted as any minute's return.
 */
export class MinuteReturnSeries {
  private readonly tag: Float64Array;
  private readonly val: Float64Array;
  private lastMinute = Number.NEGATIVE_INFINITY;
  private lastClose = Number.NaN;

  constructor(
    readonly window: number,
    readonly maxFill: number,
  ) {
    this.tag = new Float64Array(window).fill(Number.NaN);
    this.val = new Float64Array(window);
  }

  /** The latest candle minute taken. */
  get latestMinute(): number {
    return this.lastMinute;
  }

  /**
   * Take the close of the candle opening at `minute`; `emit` receives each return it produces, in
   * minute order. Stale or repeated minutes and non-positive closes are ignored.
   */
  push(minute: number, close: number, emit: (minute: number, r: number) => void): void {
    if (minute <= this.lastMinute || !(close > 0) || !Number.isFinite(close)) return;
    const gap = minute - this.lastMinute;
    const prev = this.lastClose;
    this.lastMinute = minute;
    this.lastClose = close;
    if (Number.isNaN(prev) || gap - 1 > this.maxFill) return;
    for (let m = minute - gap + 1; m < minute; m++) this.store(m, 0, emit);
    this.store(minute, Math.log(close / prev), emit);
  }

  /** The return of `minute`, or undefined when the series has none for it (any more). */
  returnAt(minute: number): number | undefined {
    const i = this.slot(minute);
    return this.tag[i] === minute ? (this.val[i] as number) : undefined;
  }

  private store(minute: number, r: number, emit: (minute: number, r: number) => void): void {
    const i = this.slot(minute);
    this.tag[i] = minute;
    this.val[i] = r;
    emit(minute, r);
  }

  private slot(minute: number): number {
    return ((minute % this.window) + this.window) % this.window;
  }
}
