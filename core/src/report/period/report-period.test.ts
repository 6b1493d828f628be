import { describe, expect, it } from 'vitest';
import { dayPeriod, isoWeekId, periodLabel, previousDay, previousWeek, reportKeys, weekPeriod } from './report-period.js';

const at = (iso: string): number => Date.parse(iso);

describe('report periods', () => {
  it('numbers ISO weeks as Python’s date.isocalendar() does', () => {
    // isocalendar(): 2024-03-04 → (2024, 10, 1); 2021-01-03 → (2020, 53, 7); 2024-12-30 → (2025, 1, 1); 2026-01-01 → (2026, 1, 4).
    expect(isoWeekId(at('2024-03-04T00:00:00Z'))).toBe('2024-W10');
    expect(isoWeekId(at('2021-01-03T23:59:59.999Z'))).toBe('2020-W53');
    expect(isoWeekId(at('2024-12-30T12:00:00Z'))).toBe('2025-W01');
    expect(isoWeekId(at('2026-01-01T00:00:00Z'))).toBe('2026-W01');
  });

  it('reports the UTC day before the run', () => {
    const p = previousDay(at('2024-03-06T00:05:00Z'));
    expect(p).toEqual({ kind: 'daily', periodId: '2024-03-05', id: 'daily-2024-03-05', start: at('2024-03-05T00:00:00Z'), end: at('2024-03-06T00:00:00Z') });
    // A run just before midnight still reports the day before, never the unfinished one.
    expect(previousDay(at('2024-03-06T23:59:59.999Z')).periodId).toBe('2024-03-05');
    expect(previousDay(at('2024-03-01T00:05:00Z')).periodId).toBe('2024-02-29');
  });

  it('reports the ISO week (Monday–Sunday UTC) before the run', () => {
    const p = previousWeek(at('2024-03-11T00:10:00Z')); // a Monday
    expect(p).toEqual({ kind: 'weekly', periodId: '2024-W10', id: 'weekly-2024-W10', start: at('2024-03-04T00:00:00Z'), end: at('2024-03-11T00:00:00Z') });
    // Run on a Sunday: the week before the one still running.
    expect(previousWeek(at('2024-03-17T23:00:00Z')).periodId).toBe('2024-W10');
    // Across a year end: the week of 2021-01-03 belongs to 2020.
    expect(previousWeek(at('2021-01-04T00:10:00Z'))).toMatchObject({ periodId: '2020-W53', start: at('2020-12-28T00:00:00Z') });
  });

  it('snaps any instant to its day or week', () => {
    expect(dayPeriod(at('2024-03-05T13:14:15Z')).start).toBe(at('2024-03-05T00:00:00Z'));
    expect(weekPeriod(at('2024-03-10T23:59:59Z')).start).toBe(at('2024-03-04T00:00:00Z'));
  });

  it('files a report under reports/YYYY/MM/DD of its first day', () => {
    expect(reportKeys(previousDay(at('2024-03-06T00:05:00Z')))).toEqual({
      dir: 'reports/2024/03/05',
      html: 'reports/2024/03/05/daily-2024-03-05.html',
      csv: 'reports/2024/03/05/daily-2024-03-05.csv',
      json: 'reports/2024/03/05/daily-2024-03-05.json',
    });
    expect(reportKeys(previousWeek(at('2024-03-11T00:10:00Z'))).html).toBe('reports/2024/03/04/weekly-2024-W10.html');
    expect(periodLabel(previousWeek(at('2024-03-11T00:10:00Z')))).toBe('2024-W10 (2024-03-04 → 2024-03-10)');
  });
});
