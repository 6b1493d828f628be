/** A UTC calendar day, `YYYY-MM-DD`; compares correctly as a string. */
export type Day = string;
/** A UTC calendar month, `YYYY-MM`. */
export type Month = string;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;

function dayOfMs(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

function msOfDay(day: Day): number {
  const m = dayPattern.exec(day);
  if (m === null) throw new Error(`not a day: ${day}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function addDays(day: Day, n: number): Day {
  return dayOfMs(msOfDay(day) + n * 86_400_000);
}

export function monthOf(day: Day): Month {
  return day.slice(0, 7);
}

export function daysInMonth(month: Month): number {
  const m = monthPattern.exec(month);
  if (m === null) throw new Error(`not a month: ${month}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
}

/** The day before the one holding `nowMs`: the last day whose file Binance can have published. */
export function lastPublishedDay(nowMs: number): Day {
  return addDays(dayOfMs(nowMs), -1);
}

/**
 * A `--from`/`--to` value: `YYYY-MM-DD`, or `YYYY-MM` for the month's first day (`--from`) or last
 * day (`--to`). Null when it is neither or names no real date (2024-02-30).
 */
export function parseDayArg(text: string, edge: 'first' | 'last'): Day | null {
  const month = monthPattern.exec(text);
  if (month !== null) {
    const mm = Number(month[2]);
    if (mm < 1 || mm > 12) return null;
    return edge === 'first' ? `${text}-01` : `${text}-${String(daysInMonth(text)).padStart(2, '0')}`;
  }
  if (!dayPattern.test(text)) return null;
  return dayOfMs(msOfDay(text)) === text ? text : null;
}
