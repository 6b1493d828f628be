/**
 * Handlers for the scheduled jobs defined in ./definitions.ts that live outside it (reports, the
 * drawdown reset, reconciliation). Imported for its effect by the functions entry point, which the
 * local jobs host loads too.
 */
import { liveVenues } from '@cascade/adapters/execution';
import { dailyReportHandler } from '../reports/daily-report-job.js';
import { weeklyReportHandler } from '../reports/weekly-report-job.js';
import { JobName, registerJobHandler } from './definitions.js';
import { drawdownResetHandler } from './drawdown-reset.js';
import { paperFundingHandler } from './paper-funding.js';
import { reconciliationJob } from './reconcile-job.js';

registerJobHandler(JobName.DailyReport, dailyReportHandler);
registerJobHandler(JobName.WeeklyReport, weeklyReportHandler);
registerJobHandler(JobName.DrawdownReset, drawdownResetHandler);
registerJobHandler(JobName.PaperFunding, paperFundingHandler);
// Reconciliation runs against every live venue (none in paper mode): §12.2, every 5 minutes.
registerJobHandler(JobName.Reconciliation, (ctx) => reconciliationJob(ctx, () => liveVenues(ctx))(ctx.scheduledTime));
