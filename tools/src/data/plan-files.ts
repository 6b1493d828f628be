import { type DataSeries, Period, type SeriesFile, isMonthlyOnly, seriesFile } from './binance-layout.js';
import { type Day, addDays, daysInMonth, monthOf } from './utc-day.js';

/** A range that cannot be planned (from after to, nothing published yet): the user's to fix. */
export class PlanError extends Error {}

export interface FilePlan {
  readonly files: readonly SeriesFile[];
  /** Things the user should know about the plan (a range widened to whole months, days not yet published). */
  readonly notes: readonly string[];
}

/**
 * The files that cover the days `from`…`to` (inclusive, UTC): a month's monthly zip where the range
 * covers the whole month (one file instead of ~30, and Binance publishes it), the daily zips otherwise.
 * Series published by month only (funding rates, 3d/1w/1mo klines) take the whole month of a partial one.
 * `lastPublished` is the last day whose file can exist (yesterday, UTC: a day's file appears after it
 * ends); later days are dropped with a note, and a month that has not ended is fetched day by day.
 */
export function planFiles(series: DataSeries, from: Day, to: Day, lastPublished: Day): FilePlan {
  if (from > to) throw new PlanError(`--from ${from} is after --to ${to}`);
  if (from > lastPublished) {
    throw new PlanError(`nothing from ${from} is published yet: Binance publishes a day's file after the day ends (UTC); the last one that can exist is ${lastPublished}`);
  }
  const notes: string[] = [];
  const end = to > lastPublished ? lastPublished : to;
  if (end !== to) notes.push(`days after ${lastPublished} are not published yet (a day's file appears after the day ends, UTC): fetching ${from} … ${end}`);

  const monthlyOnly = isMonthlyOnly(series);
  const files: SeriesFile[] = [];
  let month = monthOf(from);
  while (month <= monthOf(end)) {
    const first: Day = `${month}-01`;
    const last: Day = `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
    const whole = from <= first && end >= last;
    if (whole || monthlyOnly) {
      if (!whole) notes.push(`${series.kind}${series.interval ? ` ${series.interval}` : ''} is published by month only: fetching all of ${month}`);
      files.push(seriesFile(series, Period.Monthly, month));
    } else {
      for (let d = from > first ? from : first; d <= last && d <= end; d = addDays(d, 1)) {
        files.push(seriesFile(series, Period.Daily, d));
      }
    }
    month = monthOf(addDays(last, 1));
  }
  return { files, notes };
}
