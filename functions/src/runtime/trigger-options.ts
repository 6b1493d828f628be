// The live recovery window is derived from this timeout (issue 11 #9): one constant for both.
import { TRADING_FUNCTION_TIMEOUT_S } from '@cascade/adapters/execution';

/**
 * Deploy options of the event-driven functions (decide, execute, notify, the notification digest).
 * Functions that change money run one message at a time per instance; scale-out is Pub/Sub's job.
 *
 * Spelled out on each trigger rather than set with `setGlobalOptions`: global options apply only to
 * triggers defined after the call, so with one file per function they would depend on module load
 * order. The scheduled jobs and the watchlist API never had them (they were defined before the old
 * `setGlobalOptions` call ran) and keep their own.
 */
export const tradingFunctionOptions = { region: 'europe-west1', concurrency: 1, maxInstances: 20, timeoutSeconds: TRADING_FUNCTION_TIMEOUT_S } as const;
