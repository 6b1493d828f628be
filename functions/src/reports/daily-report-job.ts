import type { JobHandler } from '../jobs/definitions.js';
import { defaultReportJobDeps } from './report-deps.js';
import { type ReportJobDeps, type ReportResult, describeResult, runReport } from './report-job.js';
import { ReportKind } from '@cascade/core';

/** The daily report for the UTC day before `now` (scheduled 00:05 UTC). */
export function runDailyReport(now: number, d: ReportJobDeps = defaultReportJobDeps()): Promise<ReportResult> {
  return runReport(ReportKind.Daily, now, d);
}

/**
 * The scheduler's handler: the report of the day before the schedule tick. Throws when the email
 * failed, so the run is recorded as failed; the files and the document are written by then, and the
 * next run resends the email.
 */
export const dailyReportHandler: JobHandler = async (ctx) => {
  const r = await runDailyReport(ctx.scheduledTime, defaultReportJobDeps(ctx));
  ctx.log(`${ctx.job}: ${describeResult(r)}`);
  if (r.email === 'failed') throw new Error(`${ctx.job}: ${r.id} written, but its email failed (the next run retries it)`);
};
