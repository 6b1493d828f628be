/**
 * The functions entry point: Firebase deploys, and functions-framework serves (`--target=<name>`),
 * the Cloud Functions exported here by name. Each function is defined in the file of its handler.
 */

// First: the log format of this process (structured JSON when deployed), and the service account
// every trigger below runs as (global options apply only to triggers defined after them).
import './runtime/logging.js';
import './runtime/service-account.js';

// Pub/Sub-triggered pipeline: setup → decision → execution, and alerts.
export { decide, handleSetup } from './decide/decide.js';
export { executeSignalFunction as executeSignal, handleSignal } from './execute/execute-signal.js';
export { executeExitFunction as executeExit, handleExit } from './execute/execute-exit.js';
export { notify, handleTradingEvent } from './notify/notify.js';
// Info events are batched: the digest runs every 5 minutes and reads `digestMinutes` from the console.
export { notificationDigest, handleDigest } from './notify/digest.js';
// Every message that reaches a dead-letter topic raises an alert with its reason (one function per topic).
export * from './dead-letters/dead-letter-functions.js';

// Operator surface: the watchlist API (§5.3) and the scheduled jobs (Cloud Scheduler in production;
// the local stack fires the same definitions on their cron), with every job's handler registered.
export { watchlistApi } from './watchlist-api/function.js';
export * from './jobs/scheduled.js';
import './jobs/job-handlers.js';
