import { sendgridApiKey } from '../runtime/params.js';
import { type ScheduleFunction, onSchedule } from 'firebase-functions/v2/scheduler';
import { JobName, jobSchedule, runJob } from './definitions.js';

/**
 * The Cloud Scheduler trigger of one job, from its definition. Retries stay off: every job runs
 * again at its next tick, and a report or reset run twice by a retry is worse than one late.
 */
function scheduled(name: JobName): ScheduleFunction {
  const s = jobSchedule(name);
  return onSchedule(
    { schedule: s.schedule, timeZone: s.timeZone, retryCount: 0, ...(s.timeoutSeconds ? { timeoutSeconds: s.timeoutSeconds } : {}), ...(s.memory ? { memory: s.memory } : {}), ...(s.sendsMail ? { secrets: [sendgridApiKey] } : {}) },
    (event) => runJob(name, Date.parse(event.scheduleTime)),
  );
}

// One named export per job (Firebase deploys exports by name; an exported object would become a
// function group). scheduled.test.ts checks this list against `jobSchedules`.
export const watchlistCleaner = scheduled(JobName.WatchlistCleaner);
export const watchlistExpiryNotice = scheduled(JobName.WatchlistExpiryNotice);
export const topLiquidUpdater = scheduled(JobName.TopLiquidUpdater);
export const dailyReport = scheduled(JobName.DailyReport);
export const weeklyReport = scheduled(JobName.WeeklyReport);
export const drawdownReset = scheduled(JobName.DrawdownReset);
export const reconciliation = scheduled(JobName.Reconciliation);
export const paperFunding = scheduled(JobName.PaperFunding);
