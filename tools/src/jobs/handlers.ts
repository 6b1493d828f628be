import { backtestTapeJob } from '../backtest/backtest-job.js';
import type { JobHandler } from './job.js';

/**
 * Every kind of job, by name: the one table the runner (in this thread) and the worker (in its own)
 * both look handlers up in. A new kind of job (a parameter set of a research tool) is one line here.
 */
export const jobHandlers: Readonly<Record<string, JobHandler<never, unknown>>> = {
  'backtest-tape': backtestTapeJob,
};

export function handlerFor(kind: string): JobHandler<unknown, unknown> {
  const h = jobHandlers[kind];
  if (h === undefined) throw new Error(`no job handler for kind "${kind}" (known: ${Object.keys(jobHandlers).join(', ')})`);
  return h as JobHandler<unknown, unknown>;
}
