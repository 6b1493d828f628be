export interface XY {
  xs: number[];
  ys: number[];
}

/**
 * Keep, for each of `buckets` equal slices of [x0, x1], the first, lowest, highest and last point
 * (in input order, duplicates once). A line through them draws the same picture at that resolution
 * as the full series — peaks and troughs (drawdowns!) survive — with at most 4 × buckets points.
 * Input must be ordered by x; series at or under 4 × buckets points are returned whole.
 */
export function minMaxDownsample(n: number, x: (i: number) => number, y: (i: number) => number, x0: number, x1: number, buckets: number): XY {
  const xs: number[] = [];
  const ys: number[] = [];
  if (n <= 4 * buckets) {
    for (let i = 0; i < n; i++) {
      xs.push(x(i));
      ys.push(y(i));
    }
    return { xs, ys };
  }
  const width = x1 > x0 ? x1 - x0 : 1;
  let cur = -1;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let last = 0;
  let loV = 0;
  let hiV = 0;
  const flush = (): void => {
    const picks = [first, lo, hi, last].sort((a, b) => a - b);
    let prev = -1;
    for (const i of picks) {
      if (i === prev) continue;
      xs.push(x(i));
      ys.push(y(i));
      prev = i;
    }
  };
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((x(i) - x0) / width) * buckets)));
    const v = y(i);
    if (b !== cur) {
      if (cur >= 0) flush();
      cur = b;
      first = lo = hi = last = i;
      loV = hiV = v;
      continue;
    }
    if (v < loV) [lo, loV] = [i, v];
    if (v > hiV) [hi, hiV] = [i, v];
    last = i;
  }
  if (cur >= 0) flush();
  return { xs, ys };
}

/** Every k-th index (k = ⌈n / max⌉) so at most `max` items are kept, first included; deterministic. */
export function strideIndices(n: number, max: number): number[] {
  const k = Math.max(1, Math.ceil(n / Math.max(1, max)));
  const out: number[] = [];
  for (let i = 0; i < n; i += k) out.push(i);
  return out;
}
