import type { TradeWindow } from './trade-window.js';

export interface VolumeProfile {
  /** Point of control: centre price of the highest-volume bin. */
  readonly poc: number;
  readonly valueAreaHigh: number;
  readonly valueAreaLow: number;
  readonly binSize: number;
  readonly totalVolume: number;
}

/**
 * Volume profile of the trades in the last `windowMs`, binned by `binSize` (a multiple of the tick
 * size). Value area per the usual market-profile construction: start at the POC bin and repeatedly
 * add the neighbouring bin (above or below) with more volume until `valueAreaPct` of volume is in.
 * VAH/VAL are the outer edges of the value-area bins. Returns null with no trades.
 */
export function volumeProfile(w: TradeWindow, nowTs: number, windowMs: number, binSize: number, valueAreaPct = 0.7): VolumeProfile | null {
  const cutoff = nowTs - windowMs;
  const bins = new Map<number, number>();
  let total = 0;
  let minBin = Number.POSITIVE_INFINITY;
  let maxBin = Number.NEGATIVE_INFINITY;
  for (let s = w.firstSeq; s < w.appended; s++) {
    const i = w.slot(s);
    if ((w.ts[i] as number) <= cutoff) continue;
    const b = Math.floor((w.price[i] as number) / binSize + 1e-9);
    const a = w.amount[i] as number;
    bins.set(b, (bins.get(b) ?? 0) + a);
    total += a;
    if (b < minBin) minBin = b;
    if (b > maxBin) maxBin = b;
  }
  if (total === 0) return null;
  let pocBin = minBin;
  let pocVol = -1;
  for (let b = minBin; b <= maxBin; b++) {
    const v = bins.get(b) ?? 0;
    if (v > pocVol) {
      pocVol = v;
      pocBin = b;
    }
  }
  let lo = pocBin;
  let hi = pocBin;
  let inside = pocVol;
  while (inside < total * valueAreaPct && (lo > minBin || hi < maxBin)) {
    const below = lo > minBin ? (bins.get(lo - 1) ?? 0) : -1;
    const above = hi < maxBin ? (bins.get(hi + 1) ?? 0) : -1;
    if (above >= below) {
      hi += 1;
      inside += above;
    } else {
      lo -= 1;
      inside += below;
    }
  }
  return {
    poc: (pocBin + 0.5) * binSize,
    valueAreaLow: lo * binSize,
    valueAreaHigh: (hi + 1) * binSize,
    binSize,
    totalVolume: total,
  };
}
