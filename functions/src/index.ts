import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { setGlobalOptions } from 'firebase-functions/v2';
import { Topic } from '@cascade/core';
import { handleSetup } from './decide/decide.js';
import { handleSignal } from './execute/execute-signal.js';
import { handleExit } from './execute/execute-exit.js';
import { handleTradingEvent } from './notify/notify.js';
import { handleDigest } from './notify/digest.js';
import { sendgridApiKey } from '@cascade/adapters/notify';

// Functions that change money run one message at a time per instance; scale-out is Pub/Sub's job.
setGlobalOptions({ region: 'europe-west1', concurrency: 1, maxInstances: 20 });

export { handleSetup, handleSignal, handleExit, handleTradingEvent, handleDigest };

export const decide = onMessagePublished({ topic: Topic.AnalyticsSetups, retry: true }, handleSetup);
export const executeSignal = onMessagePublished({ topic: Topic.TradingSignals, retry: true }, handleSignal);
export const executeExit = onMessagePublished({ topic: Topic.ExitsRequested, retry: true }, handleExit);
// Webhooks retry in-process (up to ~150 s worst case), hence the longer timeout.
export const notify = onMessagePublished({ topic: Topic.TradingEvents, retry: true, secrets: [sendgridApiKey], timeoutSeconds: 300 }, handleTradingEvent);
// Info events are batched: the digest runs every 5 minutes and reads `digestMinutes` from the console.
export const notificationDigest = onSchedule({ schedule: '*/5 * * * *', timeZone: 'UTC', retryCount: 0, secrets: [sendgridApiKey], timeoutSeconds: 300 }, handleDigest);

// Operator surface: the watchlist API (§5.3) and the scheduled jobs (Cloud Scheduler in production;
// the local stack fires the same definitions on their cron).
export { watchlistApi } from './watchlist-api/function.js';
export * from './jobs/scheduled.js';

// Handlers for the scheduled jobs defined in ./jobs/definitions.ts (the local jobs host imports this file too).
import { JobName, registerJobHandler } from './jobs/definitions.js';
import { dailyReportHandler } from './reports/daily-report-job.js';
import { weeklyReportHandler } from './reports/weekly-report-job.js';
registerJobHandler(JobName.DailyReport, dailyReportHandler);
registerJobHandler(JobName.WeeklyReport, weeklyReportHandler);
import { drawdownResetHandler } from './jobs/drawdown-reset.js';
registerJobHandler(JobName.DrawdownReset, drawdownResetHandler);
import { reconciliationJob } from './jobs/reconcile-job.js';
import { liveVenues } from '@cascade/adapters/execution';
// Reconciliation runs against every live venue (none in paper mode): §12.2, every 5 minutes.
registerJobHandler(JobName.Reconciliation, (ctx) => reconciliationJob(ctx, () => liveVenues(ctx))(ctx.scheduledTime));
