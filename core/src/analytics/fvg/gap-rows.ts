/**
 * FvgTracker's open gaps as parallel typed arrays, oldest first (issue 14: a 15m candle's close walks
 * every open gap, ~40 on the planted tape, to expire, fill and re-derive the quiet band; as objects
 * each gap was a cache line or two, plus a boxed double for its expiry, and with 100 symbols none of
 * them was in cache. Here the walk reads the few lines of the arrays it needs).
 *
 * Rows are removed in place, the later ones moved down, so indices stay "oldest first" as the object
 * list's were (Level 2 keeps an index from `newestGapIndexOf` until the next trade or candle).
 */
export class GapRows {
  /** Open gaps. */
  n = 0;
  /** 1 bullish, 0 bearish. */
  bullish = new Uint8Array(16);
  /** Bounds in ticks. */
  lo = new Float64Array(16);
  hi = new Float64Array(16);
  gapPct = new Float64Array(16);
  createdAt = new Float64Array(16);
  expiresAt = new Float64Array(16);
  /** The deepest tick traded into the gap: starts at the edge price left from (hi bullish, lo bearish). */
  edge = new Float64Array(16);
  /** `fvg-<timeframe>-<openTime of candle 3>`, spelled out on the first view (most gaps are never viewed on the hot path). */
  ids: (string | null)[] = [];
  /** Rows marked by `drop`, 1 each, until `sweep`. */
  private dropped = new Uint8Array(16);

  /** Appends a gap (once per gap created, so its double arguments are no per-trade cost). */
  push(bullish: boolean, lo: number, hi: number, gapPct: number, createdAt: number, expiresAt: number): void {
    if (this.n === this.lo.length) this.grow();
    const i = this.n;
    this.bullish[i] = bullish ? 1 : 0;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.gapPct[i] = gapPct;
    this.createdAt[i] = createdAt;
    this.expiresAt[i] = expiresAt;
    this.edge[i] = bullish ? hi : lo;
    this.ids.push(null);
    this.n = i + 1;
  }

  /** Marks row `i` to go at the next `sweep` (rows keep their indices until then). */
  drop(i: number): void {
    this.dropped[i] = 1;
  }

  isDropped(i: number): boolean {
    return this.dropped[i] === 1;
  }

  /**
   * Removes the rows marked by `drop` in one pass, the others moved down in order: an expiry or a fill
   * that removes several gaps moves each row once (a per-row removal moved the tail once per gap, and a
   * typed array's copyWithin is a builtin call per array).
   */
  sweep(): void {
    const n = this.n;
    const dropped = this.dropped;
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (dropped[i] === 1) {
        dropped[i] = 0;
        continue;
      }
      if (j !== i) {
        this.bullish[j] = this.bullish[i] as number;
        this.lo[j] = this.lo[i] as number;
        this.hi[j] = this.hi[i] as number;
        this.gapPct[j] = this.gapPct[i] as number;
        this.createdAt[j] = this.createdAt[i] as number;
        this.expiresAt[j] = this.expiresAt[i] as number;
        this.edge[j] = this.edge[i] as number;
        this.ids[j] = this.ids[i] ?? null;
      }
      j += 1;
    }
    this.ids.length = j;
    this.n = j;
  }

  private grow(): void {
    const cap = this.lo.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const k = new Uint8Array(cap);
    k.set(this.bullish);
    this.bullish = k;
    const d = new Uint8Array(cap);
    d.set(this.dropped);
    this.dropped = d;
    this.lo = f(this.lo);
    this.hi = f(this.hi);
    this.gapPct = f(this.gapPct);
    this.createdAt = f(this.createdAt);
    this.expiresAt = f(this.expiresAt);
    this.edge = f(this.edge);
  }
}
