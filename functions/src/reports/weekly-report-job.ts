import type { JobHandler } from '../jobs/definitions.js';
import { defaultReportJobDeps } from './report-deps.js';
import { type ReportJobDeps, type ReportResult, describeResult, runReport } from './report-job.js';
import { ReportKind } from '@cascade/core';

/** The weekly report for the last complete ISO week (Monday–Sunday UTC) before `now` (scheduled Mondays). */
export function runWeeklyReport(now: number, d: ReportJobDeps = defaultReportJobDeps()): Promise<ReportResult> {
  return runReport(ReportKind.Weekly, now, d);
}

/** The scheduler's handler; throws when the email failed (see `dailyReportHandler`). */
export const weeklyReportHandler: JobHandler = async (ctx) => {
  const r = await runWeeklyReport(ctx.scheduledTime, defaultReportJobDeps(ctx));
  ctx.log(`${ctx.job}: ${describeResult(r)}`);
  if (r.email === 'failed') throw new Error(`${ctx.job}: ${r.id} written, but its email failed (the next run retries it)`);
};
