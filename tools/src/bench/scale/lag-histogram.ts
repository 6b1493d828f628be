/**
 * The analytics service's cumulative consumer-lag histogram (`consumerLagHistogramMs` on /status:
 * bucket upper bounds, null = +∞, with cumulative counts, and the largest sample). Two reads bracket a
 * measurement window; their difference is the window's exact distribution, to within a bucket.
 */
import { z } from 'zod';

export const LagHistogramSchema = z.object({ buckets: z.array(z.tuple([z.number().nullable(), z.number()])), max: z.number() });
export type LagHistogram = z.infer<typeof LagHistogramSchema>;

export interface LagSummary {
  count: number;
  /** Bucket upper bounds (≤ 10 % above the true value); null with no sample in the window. */
  p50ms: number | null;
  p99ms: number | null;
  /** The exact maximum when it was reached inside the window, else the highest bucket's bound. */
  maxMs: number | null;
}

export function lagBetween(before: LagHistogram, after: LagHistogram): LagSummary {
  const b = new Map(before.buckets.map(([ub, c]) => [ub, c]));
  const diff = after.buckets
    .map(([ub, c]): [number | null, number] => [ub, c - (b.get(ub) ?? 0)])
    .filter(([, c]) => c > 0)
    .sort(([x], [y]) => (x ?? Number.POSITIVE_INFINITY) - (y ?? Number.POSITIVE_INFINITY));
  const count = diff.reduce((a, [, c]) => a + c, 0);
  if (count === 0) return { count, p50ms: null, p99ms: null, maxMs: null };
  // Nearest rank: the bucket holding the ceil(p × count)-th sample.
  const at = (p: number): number => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const [ub, c] of diff) {
      seen += c;
      if (seen >= rank) return ub ?? after.max;
    }
    return after.max;
  };
  const top = (diff.at(-1) as [number | null, number])[0];
  return { count, p50ms: at(0.5), p99ms: at(0.99), maxMs: after.max > before.max ? after.max : Math.min(top ?? after.max, after.max) };
}
