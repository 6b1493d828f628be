export interface ValueArea {
  /** Bin index of the point of control. */
  readonly pocBin: number;
  readonly pocVolume: number;
  /** Lowest and highest bin index of the value area (inclusive). */
  readonly lowBin: number;
  readonly highBin: number;
  readonly valueAreaVolume: number;
  readonly totalVolume: number;
}

/** A ValueArea a caller reuses across computations (`valueAreaInto`), so none allocates. */
export type MutableValueArea = { -readonly [K in keyof ValueArea]: ValueArea[K] };

export const emptyValueArea = (): MutableValueArea => ({ pocBin: 0, pocVolume: 0, lowBin: 0, highBin: 0, valueAreaVolume: 0, totalVolume: 0 });

/**
 * Point of control and value area of a volume profile. `bins` are distinct bin indices in ascending
 * order, `volumes` their volumes; bins missing between two listed ones are price rows with no volume.
 *
 * POC: the bin with the most volume. Ties go to the bin nearest the centre of the profile's range
 * (midpoint of the lowest and highest bin), then to the lower bin.
 *
 * Value area, the two-row rule (CBOT Market Profile; "Method A" in Investor/RT's documentation,
 * eSignal alike): start with the POC; compare the volume of the next two rows below the area with the
 * next two rows above it and add the pair with more volume, both rows at once; ties go above. Near the
 * profile's edge a side offers the one row it has left, and a side with none is skipped. Repeat while
 * the area holds less than `pct` of the volume (compared as valueAreaVolume / total ≥ pct, so the area
 * always holds at least `pct`). Adding rows in pairs keeps the area from wandering one thin row at a
 * time, which is why the rule exists; the area can overshoot `pct` by the last pair.
 *
 * O(n) for n listed bins plus the rows the area spans. Returns null when the total volume is 0.
 */
export function valueArea(bins: ArrayLike<number>, volumes: ArrayLike<number>, pct: number): ValueArea | null {
  if (volumes.length !== bins.length) return null;
  return valueAreaOfFirst(bins.length, bins, volumes, pct);
}

/** `valueArea` over the first `n` entries of `bins` and `volumes` (reused buffers, no copy per snapshot). */
export function valueAreaOfFirst(n: number, bins: ArrayLike<number>, volumes: ArrayLike<number>, pct: number): ValueArea | null {
  const out = emptyValueArea();
  return valueAreaInto(n, bins, volumes, pct, out) ? out : null;
}

/** `valueAreaOfFirst` written into `out`; false (and `out` untouched) where that returns null. */
export function valueAreaInto(n: number, bins: ArrayLike<number>, volumes: ArrayLike<number>, pct: number, out: MutableValueArea): boolean {
  if (n === 0 || bins.length < n || volumes.length < n) return false;
  if (!(pct > 0 && pct <= 1)) throw new Error(`value-area share must be in (0, 1], got ${pct}`);
  const minBin = bins[0] as number;
  const maxBin = bins[n - 1] as number;
  const twiceCentre = minBin + maxBin;
  let total = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const v = volumes[i] as number;
    total += v;
    const best = volumes[p] as number;
    if (v > best || (v === best && Math.abs(2 * (bins[i] as number) - twiceCentre) < Math.abs(2 * (bins[p] as number) - twiceCentre))) p = i;
  }
  if (!(total > 0)) return false;

  const pocBin = bins[p] as number;
  const pocVolume = volumes[p] as number;
  let lo = pocBin;
  let hi = pocBin;
  // a: index of the lowest listed bin inside the area; c: of the highest.
  let a = p;
  let c = p;
  let inside = pocVolume;
  while (inside / total < pct) {
    const rowsBelow = Math.min(2, lo - minBin);
    const rowsAbove = Math.min(2, maxBin - hi);
    if (rowsBelow === 0 && rowsAbove === 0) break;
    let below = 0;
    for (let k = a - 1; k >= 0 && (bins[k] as number) >= lo - rowsBelow; k--) below += volumes[k] as number;
    let above = 0;
    for (let k = c + 1; k < n && (bins[k] as number) <= hi + rowsAbove; k++) above += volumes[k] as number;
    if (rowsBelow > 0 && (rowsAbove === 0 || below > above)) {
      lo -= rowsBelow;
      inside += below;
      while (a > 0 && (bins[a - 1] as number) >= lo) a -= 1;
    } else {
      hi += rowsAbove;
      inside += above;
      while (c < n - 1 && (bins[c + 1] as number) <= hi) c += 1;
    }
  }
  out.pocBin = pocBin;
  out.pocVolume = pocVolume;
  out.lowBin = lo;
  out.highBin = hi;
  out.valueAreaVolume = inside;
  out.totalVolume = total;
  return true;
}
