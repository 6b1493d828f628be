import { parentPort } from 'node:worker_threads';
import { handlerFor } from './handlers.js';
import type { FromWorker, JobProgress, ToWorker } from './job.js';

/** A worker thread of the job runner: runs the jobs it is sent, one at a time, and reports back. */
const port = parentPort;
if (port === null) throw new Error('job-worker.ts runs as a worker thread (see run-jobs.ts)');

/** Progress is posted at most this often: a message per batch of trades would cost more than the batch. */
const progressEveryMs = 200;

port.on('message', (msg: ToWorker) => {
  const { index, job } = msg;
  let lastPost = 0;
  const progress = (p: JobProgress): void => {
    const now = Date.now();
    if (now - lastPost < progressEveryMs) return;
    lastPost = now;
    port.postMessage({ type: 'progress', index, progress: p } satisfies FromWorker);
  };
  let run: Promise<unknown>;
  try {
    run = handlerFor(job.kind)(job.input, progress);
  } catch (e) {
    run = Promise.reject(e);
  }
  run.then(
    (result) => port.postMessage({ type: 'done', index, result } satisfies FromWorker),
    (e: unknown) => port.postMessage({ type: 'failed', index, message: (e as Error).message ?? String(e) } satisfies FromWorker),
  );
});
