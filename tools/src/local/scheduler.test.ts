import { describe, expect, it } from 'vitest';
import { type ScheduledJobSpec, cronMatches, nextCronTime, parseCron, startLocalScheduler } from './scheduler.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const matches = (expr: string, when: string) => cronMatches(parseCron(expr), at(when));

// Calendar facts used below: 2026-01-01 is a Thursday, 2026-01-02 a Friday, 2026-01-04 a Sunday,
// 2026-01-05 a Monday, 2026-01-13 a Tuesday, 2026-02-13 a Friday.
describe('parseCron', () => {
  it('expands *, lists, ranges and steps', () => {
    const c = parseCron('*/15 10-20/5,3 1,15 */6 1-5');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours].sort((a, b) => a - b)).toEqual([3, 10, 15, 20]);
    expect([...c.daysOfMonth]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 7]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
  });
  it('reads `a/step` as a to the end of the range, names, and 7 as Sunday', () => {
    expect([...parseCron('5/20 * * * *').minutes]).toEqual([5, 25, 45]);
    const c = parseCron('0 9 * jan,Dec MON-fri');
    expect([...c.months]).toEqual([1, 12]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').daysOfWeek]).toEqual([0]);
  });
  it.each(['60 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '* * * *', '* * * * * *', '*/0 * * * *', '5-1 * * * *', 'x * * * *', '1,,2 * * * *'])('refuses %s', (expr) => {
    expect(() => parseCron(expr)).toThrow(/cron/);
  });
});

describe('cronMatches', () => {
  it('fires the daily jobs at their minute only', () => {
    expect(matches('0 0 * * *', '2026-01-01T00:00:00Z')).toBe(true);
    expect(matches('0 0 * * *', '2026-01-01T00:00:59Z')).toBe(true); // any instant of the minute
    expect(matches('0 0 * * *', '2026-01-01T00:01:00Z')).toBe(false);
    expect(matches('0 0 * * *', '2026-01-01T12:00:00Z')).toBe(false);
    expect(matches('5 0 * * *', '2026-01-01T00:05:00Z')).toBe(true);
  });
  it('fires the weekly report on Mondays only', () => {
    expect(matches('10 0 * * 1', '2026-01-05T00:10:00Z')).toBe(true);
    expect(matches('10 0 * * 1', '2026-01-04T00:10:00Z')).toBe(false);
    expect(matches('10 0 * * 1', '2026-01-06T00:10:00Z')).toBe(false);
  });
  it('fires every five minutes on the multiples of five', () => {
    const hits = Array.from({ length: 60 }, (_, m) => m).filter((m) => matches('*/5 * * * *', `2026-01-01T07:${String(m).padStart(2, '0')}:00Z`));
    expect(hits).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
  });
  it('ORs the day fields when both are restricted, ANDs them when one is *', () => {
    expect(matches('0 0 13 * 5', '2026-01-02T00:00:00Z')).toBe(true); // a Friday, not the 13th
    expect(matches('0 0 13 * 5', '2026-01-13T00:00:00Z')).toBe(true); // the 13th, a Tuesday
    expect(matches('0 0 13 * 5', '2026-01-14T00:00:00Z')).toBe(false);
    expect(matches('0 0 * * 5', '2026-01-13T00:00:00Z')).toBe(false);
    expect(matches('0 0 */2 * 5', '2026-01-13T00:00:00Z')).toBe(false); // `*/2` counts as *: AND
    expect(matches('0 0 */2 * 5', '2026-01-23T00:00:00Z')).toBe(true); // odd day and a Friday
  });
});

describe('nextCronTime', () => {
  it('finds the next tick strictly after the instant', () => {
    expect(iso(nextCronTime(parseCron('5 0 * * *'), at('2026-01-01T00:05:00Z')))).toBe('2026-01-02T00:05:00.000Z');
    expect(iso(nextCronTime(parseCron('5 0 * * *'), at('2026-01-01T00:04:59Z')))).toBe('2026-01-01T00:05:00.000Z');
    expect(iso(nextCronTime(parseCron('10 0 * * 1'), at('2026-01-01T00:00:00Z')))).toBe('2026-01-05T00:10:00.000Z');
    expect(iso(nextCronTime(parseCron('*/5 * * * *'), at('2026-01-01T23:57:10Z')))).toBe('2026-01-02T00:00:00.000Z');
    expect(iso(nextCronTime(parseCron('0 0 29 2 *'), at('2026-01-01T00:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
  });
  it('gives up on a date that never comes', () => {
    expect(nextCronTime(parseCron('0 0 30 2 *'), at('2026-01-01T00:00:00Z'))).toBeNull();
  });
});

const jobs: ScheduledJobSpec[] = [
  { name: 'watchlist-cleaner', schedule: '0 0 * * *', timeZone: 'UTC' },
  { name: 'daily-report', schedule: '5 0 * * *', timeZone: 'UTC' },
  { name: 'weekly-report', schedule: '10 0 * * 1', timeZone: 'UTC' },
  { name: 'reconciliation', schedule: '*/5 * * * *', timeZone: 'UTC' },
];

/** A scheduler on a manual clock: each wait jumps the clock to its deadline (plus `lateMs`), until `end`. */
function simulated(startIso: string, endIso: string, opts: { fire?: (job: ScheduledJobSpec, t: number) => Promise<void>; lateMs?: (until: number) => number; maxCatchUpMs?: number; log?: (line: string) => void } = {}) {
  let clock = at(startIso);
  const end = at(endIso);
  let reachedEnd!: () => void;
  const ended = new Promise<void>((r) => (reachedEnd = r));
  const s = startLocalScheduler({
    jobs,
    now: () => clock,
    fire: opts.fire ?? (async () => undefined),
    maxCatchUpMs: opts.maxCatchUpMs,
    log: opts.log,
    waitUntil: async (until, signal) => {
      if (until > end) {
        reachedEnd();
        await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
        return;
      }
      const late = opts.lateMs?.(until) ?? 0;
      // A real wait is a timer: runs that finished meanwhile have settled when it returns.
      await new Promise((r) => setImmediate(r));
      clock = until + late;
    },
  });
  return { s, ended };
}

describe('startLocalScheduler', () => {
  it('fires each job at its cron minutes across a Sunday→Monday midnight', async () => {
    const calls: string[] = [];
    const { s, ended } = simulated('2026-01-04T23:58:30Z', '2026-01-05T00:15:00Z', { fire: async (j, t) => void calls.push(`${j.name}@${iso(t)}`) });
    await ended;
    await s.stop();
    expect(s.fired.map((f) => `${f.job}@${iso(f.at)}`)).toEqual([
      'watchlist-cleaner@2026-01-05T00:00:00.000Z',
      'reconciliation@2026-01-05T00:00:00.000Z',
      'daily-report@2026-01-05T00:05:00.000Z',
      'reconciliation@2026-01-05T00:05:00.000Z',
      'weekly-report@2026-01-05T00:10:00.000Z',
      'reconciliation@2026-01-05T00:10:00.000Z',
      'reconciliation@2026-01-05T00:15:00.000Z',
    ]);
    expect(calls).toHaveLength(7);
  });

  it('does not fire the start minute, and fires a tick it woke late for once, at its scheduled minute', async () => {
    // Starts exactly at 00:00 (not fired); wakes 40 s late for 00:05 (still fired for 00:05).
    const { s, ended } = simulated('2026-01-05T00:00:00Z', '2026-01-05T00:09:00Z', { lateMs: () => 40_000 });
    await ended;
    await s.stop();
    expect(s.fired.map((f) => `${f.job}@${iso(f.at)}`)).toEqual(['daily-report@2026-01-05T00:05:00.000Z', 'reconciliation@2026-01-05T00:05:00.000Z']);
  });

  it('after a long stall fires each job once, for its latest tick within the catch-up window', async () => {
    // Wakes 30 min late for 00:05 (at 00:35); window 10 min → 00:25..00:35: daily-report (00:05) is out of
    // it; reconciliation is due at 00:25, 00:30 and 00:35 and runs once, for 00:35.
    const { s, ended } = simulated('2026-01-05T00:01:00Z', '2026-01-05T00:36:00Z', { lateMs: (u) => (u === at('2026-01-05T00:05:00Z') ? 30 * 60_000 : 0), maxCatchUpMs: 10 * 60_000 });
    await ended;
    await s.stop();
    expect(s.fired.map((f) => `${f.job}@${iso(f.at)}`)).toEqual(['reconciliation@2026-01-05T00:35:00.000Z']);
  });

  it('skips a tick while the same job is still running, and logs a failed run without stopping', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const logs: string[] = [];
    const { s, ended } = simulated('2026-01-05T01:01:00Z', '2026-01-05T01:21:00Z', {
      fire: (_j, t) => (t === at('2026-01-05T01:05:00Z') ? held : t === at('2026-01-05T01:15:00Z') ? Promise.reject(new Error('boom')) : Promise.resolve()),
      // The 01:05 run ends while the scheduler waits for 01:15.
      lateMs: (until) => (until === at('2026-01-05T01:15:00Z') ? (release(), 0) : 0),
      log: (l) => logs.push(l),
    });
    await ended;
    await s.stop();
    // 01:05 holds the job through 01:10, so 01:10 is skipped; 01:15 runs and fails; 01:20 runs.
    expect(s.fired.map((f) => iso(f.at))).toEqual(['2026-01-05T01:05:00.000Z', '2026-01-05T01:15:00.000Z', '2026-01-05T01:20:00.000Z']);
    expect(logs).toContain('scheduler: reconciliation still running; skipping the 2026-01-05T01:10:00.000Z tick');
    expect(logs).toContain('scheduler: reconciliation failed: boom');
  });

  it('refuses schedules in another time zone', () => {
    expect(() => startLocalScheduler({ jobs: [{ name: 'x', schedule: '0 0 * * *', timeZone: 'Europe/Paris' }], fire: async () => undefined })).toThrow(/UTC/);
  });
});
