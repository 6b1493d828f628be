/** Binance USDⓈ-M funds every 8 h: 00:00, 08:00 and 16:00 UTC (8 h divides a day; the epoch is 00:00 UTC). */
export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** Funding times t with `after < t ≤ until` (UTC ms), oldest first. */
export function fundingTimesBetween(after: number, until: number): number[] {
  const out: number[] = [];
  if (!(until > after)) return out;
  for (let t = Math.floor(after / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS; t <= until; t += FUNDING_INTERVAL_MS) out.push(t);
  return out;
}

/** The last funding time at or before `ts`. */
export function lastFundingTime(ts: number): number {
  return Math.floor(ts / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
}
