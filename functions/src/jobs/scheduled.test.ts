import { describe, expect, it } from 'vitest';
import * as scheduled from './scheduled.js';
import { type JobContext, JobName, JobNotRegisteredError, jobHandler, jobSchedules, registerJobHandler, runJob } from './definitions.js';

interface Endpoint {
  scheduleTrigger?: { schedule?: unknown; timeZone?: unknown };
  timeoutSeconds?: unknown;
  availableMemoryMb?: unknown;
}
const endpointOf = (name: string): Endpoint | undefined => (scheduled as unknown as Record<string, { __endpoint?: Endpoint }>)[name]?.__endpoint;

describe('job definitions', () => {
  it('schedule the §5.3 and issue-6 jobs at their UTC times', () => {
    const byName = Object.fromEntries(jobSchedules.map((j) => [j.name, j.schedule]));
    expect(byName).toEqual({
      'watchlist-cleaner': '0 0 * * *', // 00:00 UTC
      'watchlist-expiry-notice': '0 * * * *', // hourly: "expiring in 1 hour"
      'top-liquid-updater': '0 0 * * *', // daily 00:00 UTC
      'daily-report': '5 0 * * *', // 00:05 UTC
      'weekly-report': '10 0 * * 1', // Monday 00:10 UTC
      'drawdown-reset': '0 0 * * *', // midnight UTC
      reconciliation: '*/5 * * * *', // every 5 minutes
      'paper-funding': '0 0,8,16 * * *', // Binance USDⓈ-M funding times
    });
    expect(jobSchedules.every((j) => j.timeZone === 'UTC')).toBe(true);
  });

  it('exports exactly one onSchedule function per definition, with the same cron and time zone', () => {
    expect(Object.keys(scheduled).sort()).toEqual(jobSchedules.map((j) => j.exportName).sort());
    for (const j of jobSchedules) {
      expect(endpointOf(j.exportName)?.scheduleTrigger).toMatchObject({ schedule: j.schedule, timeZone: 'UTC' });
    }
    expect(endpointOf('topLiquidUpdater')?.timeoutSeconds).toBe(300);
  });

  it('comes with handlers for the watchlist jobs and none yet for the ones the lead plugs in', () => {
    expect(jobHandler(JobName.WatchlistCleaner)).toBeTypeOf('function');
    expect(jobHandler(JobName.WatchlistExpiryNotice)).toBeTypeOf('function');
    expect(jobHandler(JobName.TopLiquidUpdater)).toBeTypeOf('function');
  });
});

describe('runJob', () => {
  const ctxFor = (log: string[]) => async (job: JobName, scheduledTime: number) => ({ job, scheduledTime, log: (l: string) => log.push(l) }) as unknown as JobContext;

  it('fails loudly when nothing is registered for a job', async () => {
    await expect(runJob(JobName.WeeklyReport, 0, ctxFor([]))).rejects.toBeInstanceOf(JobNotRegisteredError);
  });

  it('runs the registered handler with the scheduled time', async () => {
    const seen: { job: string; at: number }[] = [];
    registerJobHandler(JobName.Reconciliation, async (ctx) => {
      seen.push({ job: ctx.job, at: ctx.scheduledTime });
    });
    const log: string[] = [];
    await runJob(JobName.Reconciliation, Date.UTC(2026, 0, 1, 0, 5), ctxFor(log));
    expect(seen).toEqual([{ job: 'reconciliation', at: Date.UTC(2026, 0, 1, 0, 5) }]);
    expect(log.at(-1)).toMatch(/^reconciliation: done in \d+ ms \(scheduled 2026-01-01T00:05:00.000Z\)$/);
  });

  it('the onSchedule wrapper runs the registered handler with Cloud Scheduler\'s schedule time', async () => {
    const seen: number[] = [];
    registerJobHandler(JobName.DailyReport, async (ctx) => {
      seen.push(ctx.scheduledTime);
    });
    // `run` is the handler behind the HTTP trigger (production context: nothing is reached before use).
    await scheduled.dailyReport.run({ scheduleTime: '2026-01-02T00:05:00Z' });
    expect(seen).toEqual([Date.UTC(2026, 0, 2, 0, 5)]);
  });
});
