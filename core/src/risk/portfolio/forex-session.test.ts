import { describe, expect, it } from 'vitest';
import { ForexSessionConfigSchema } from './portfolio-risk-config.js';
import { forexReopensAt, isForexSessionClosed, nextForexCloseAt, utcDay, utcWeekday } from './forex-session.js';

const cfg = ForexSessionConfigSchema.parse({});

describe('forex Friday close (§2.2.5: force close 30 min before session end, Friday 23:30 GMT)', () => {
  // Fridays around the daylight-saving switches: GMT has none, so the close is 23:30 UTC on each.
  // 2024-01-12 winter; 2024-03-08 (US switches Sun 10 Mar); 2024-03-29 (EU switches Sun 31 Mar);
  // 2024-07-12 summer (London on BST, 23:30 GMT = 00:30 local); 2024-10-25 and 2024-11-01 (switch back).
  const fridays: [number, number][] = [
    [0, 12],
    [2, 8],
    [2, 29],
    [6, 12],
    [9, 25],
    [10, 1],
  ];
  for (const [month, day] of fridays) {
    const close = Date.UTC(2024, month, day, 23, 30);
    it(`2024-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}: open at 23:29:59.999 UTC, closed from 23:30:00.000 UTC`, () => {
      expect(new Date(close).getUTCDay()).toBe(5); // the calendar agrees it is a Friday
      expect(isForexSessionClosed(close - 1, cfg)).toBe(false);
      expect(isForexSessionClosed(close, cfg)).toBe(true);
      expect(nextForexCloseAt(close - 60_000, cfg)).toBe(close);
      // Reopen chosen: Monday 00:00 GMT (§1.4 "Monday 00:00 GMT - Friday 23:59 GMT") = close + 2 days 30 min.
      expect(forexReopensAt(close, cfg)).toBe(close + 2 * 86_400_000 + 30 * 60_000);
    });
  }

  it('stays closed through the weekend and reopens Monday 00:00 UTC', () => {
    const sat = Date.UTC(2024, 6, 13, 12, 0);
    const sunLate = Date.UTC(2024, 6, 14, 23, 59, 59, 999);
    const mon = Date.UTC(2024, 6, 15, 0, 0);
    expect(isForexSessionClosed(sat, cfg)).toBe(true);
    expect(isForexSessionClosed(sunLate, cfg)).toBe(true);
    expect(forexReopensAt(sunLate, cfg)).toBe(mon);
    expect(isForexSessionClosed(mon, cfg)).toBe(false);
    expect(forexReopensAt(mon, cfg)).toBeNull();
    expect(isForexSessionClosed(Date.UTC(2024, 6, 17, 23, 45), cfg)).toBe(false); // a Wednesday night
  });

  it('honours a configured Sunday 22:00 reopen and can be disabled', () => {
    const sun = ForexSessionConfigSchema.parse({ reopenWeekday: 0, reopenMinuteUtc: 22 * 60 });
    expect(isForexSessionClosed(Date.UTC(2024, 6, 14, 21, 59), sun)).toBe(true);
    expect(isForexSessionClosed(Date.UTC(2024, 6, 14, 22, 0), sun)).toBe(false);
    expect(isForexSessionClosed(Date.UTC(2024, 6, 12, 23, 45), ForexSessionConfigSchema.parse({ enabled: false }))).toBe(false);
  });

  it('weekday and day arithmetic agree with the UTC calendar, whatever the process time zone', () => {
    for (let ts = Date.UTC(2023, 11, 25); ts < Date.UTC(2024, 11, 31); ts += 7 * 3_600_000 + 1234) {
      expect(utcWeekday(ts)).toBe(new Date(ts).getUTCDay());
      expect(utcDay(ts)).toBe(Math.floor(Date.UTC(new Date(ts).getUTCFullYear(), new Date(ts).getUTCMonth(), new Date(ts).getUTCDate()) / 86_400_000));
    }
  });
});
