import { FUNDING_INTERVAL_MS } from './funding-schedule.js';

/** One settled funding: its time (UTC ms) and rate (exact decimal string, a fraction per funding time). */
export interface FundingRatePoint {
  readonly time: number;
  readonly rate: string;
}

/**
 * Where a funding rate comes from at a funding time: a settled series (a file), or one constant rate
 * from config. Binance stamps `calc_time` a few ms after the hour on some rows, so a series point
 * belongs to the funding time it falls within a minute of.
 */
export type FundingSource = { readonly kind: 'constant'; readonly rate: string } | { readonly kind: 'series'; readonly series: FundingRateSeries; readonly label: string };

const SNAP_MS = 60_000;

export class FundingRateSeries {
  private readonly byTime = new Map<number, string>();
  readonly first: number;
  readonly last: number;

  constructor(points: readonly FundingRatePoint[]) {
    if (points.length === 0) throw new Error('a funding-rate series needs at least one rate');
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const p of points) {
      const slot = Math.round(p.time / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
      // Funding on Binance is settled on the 8-h grid; a point far from it is another cadence (4-h or 1-h symbols), kept at its own time.
      const key = Math.abs(p.time - slot) <= SNAP_MS ? slot : p.time;
      this.byTime.set(key, p.rate);
      first = Math.min(first, key);
      last = Math.max(last, key);
    }
    this.first = first;
    this.last = last;
  }

  get size(): number {
    return this.byTime.size;
  }

  /** The rate settled at `fundingTime`, or null when the series has none for it (outside its span or a gap). */
  rateAt(fundingTime: number): string | null {
    return this.byTime.get(fundingTime) ?? null;
  }
}

/** The rate at a funding time: the series' (null when it has none) or the constant. */
export function fundingRateAt(src: FundingSource, fundingTime: number): string | null {
  return src.kind === 'constant' ? src.rate : src.series.rateAt(fundingTime);
}
