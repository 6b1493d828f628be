import type { ValueOf } from '../../util/value-of.js';

export const ReportKind = {
  Daily: 'daily',
  Weekly: 'weekly',
} as const;
export type ReportKind = ValueOf<typeof ReportKind>;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** One reported span of UTC time, [start, end). */
export interface ReportPeriod {
  readonly kind: ReportKind;
  /** `2024-03-05` (daily) or `2024-W10` (weekly, ISO week-year and week). */
  readonly periodId: string;
  /** `daily-2024-03-05`: the `reports/{id}` document and the file stem. */
  readonly id: string;
  /** UTC ms, inclusive. */
  readonly start: number;
  /** UTC ms, exclusive. */
  readonly end: number;
}

const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
/** Monday 00:00 UTC of the ISO week holding `ms` (1970-01-01 was a Thursday, hence the 3-day shift). */
const startOfIsoWeek = (ms: number): number => startOfUtcDay(ms) - ((Math.floor(ms / DAY_MS) + 3) % 7) * DAY_MS;

/**
 * ISO 8601 week of a UTC instant, e.g. `2021-W53` for 2021-01-03: the week belongs to the year of
 * its Thursday, and is numbered by that Thursday's ordinal day.
 */
export function isoWeekId(ms: number): string {
  const thursday = startOfIsoWeek(ms) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function dayPeriod(dayStart: number): ReportPeriod {
  const start = startOfUtcDay(dayStart);
  const periodId = ymd(start);
  return { kind: ReportKind.Daily, periodId, id: `daily-${periodId}`, start, end: start + DAY_MS };
}

export function weekPeriod(weekStart: number): ReportPeriod {
  const start = startOfIsoWeek(weekStart);
  const periodId = isoWeekId(start);
  return { kind: ReportKind.Weekly, periodId, id: `weekly-${periodId}`, start, end: start + WEEK_MS };
}

/** The last complete UTC day before `now`: the run at 00:05 reports the day that just ended. */
export function previousDay(now: number): ReportPeriod {
  return dayPeriod(startOfUtcDay(now) - DAY_MS);
}

/** The last complete ISO week (Monday–Sunday UTC) before `now`: Monday's run reports the week that just ended. */
export function previousWeek(now: number): ReportPeriod {
  return weekPeriod(startOfIsoWeek(now) - WEEK_MS);
}

export function reportPeriod(kind: ReportKind, now: number): ReportPeriod {
  return kind === ReportKind.Daily ? previousDay(now) : previousWeek(now);
}

export interface ReportKeys {
  /** `reports/2024/03/05`: the folder, dated by the period's first day. */
  readonly dir: string;
  readonly html: string;
  readonly csv: string;
  readonly json: string;
}

/** Object keys (Storage) and relative paths (local disk) of a period's three files. */
export function reportKeys(p: ReportPeriod): ReportKeys {
  const d = ymd(p.start);
  const dir = `reports/${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}`;
  const stem = `${dir}/${p.id}`;
  return { dir, html: `${stem}.html`, csv: `${stem}.csv`, json: `${stem}.json` };
}

/** For people: `2024-03-05` or `2024-W10 (2024-03-04 → 2024-03-10)`. */
export function periodLabel(p: ReportPeriod): string {
  return p.kind === ReportKind.Daily ? p.periodId : `${p.periodId} (${ymd(p.start)} → ${ymd(p.end - 1)})`;
}
