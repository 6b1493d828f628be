import { Worker, threadId } from 'node:worker_threads';
import { handlerFor } from './handlers.js';
import type { FromWorker, JobProgress, JobSpec, ToWorker } from './job.js';
import { type WorkerBundle, bundleJobWorker } from './worker-bundle.js';

export interface RunJobsOptions {
  /** Worker threads; 1 runs every job in this thread, one after another. */
  readonly workers: number;
  /** Progress of job `index` (throttled when it comes from a worker). */
  readonly onProgress?: (index: number, progress: JobProgress) => void;
  /** Job `index` finished with `result` (in completion order), on thread `threadId` (0: this one). */
  readonly onDone?: (index: number, result: unknown, threadId: number) => void;
}

/** A job that failed: the error's message, prefixed with the job's label unless it names it already. */
export class JobFailed extends Error {
  constructor(
    readonly label: string,
    message: string,
  ) {
    super(message.includes(label) ? message : `${label}: ${message}`);
  }
}

/**
 * Runs jobs `workers` at a time: this thread takes one share and `workers − 1` worker threads the
 * others, each taking the next job when it finishes one (this thread would only wait otherwise, and a
 * worker costs a second start of the module graph). `workers` 1 runs every job here, one after
 * another. Results come back in job order whatever the completion order, so the output of a run does
 * not depend on the number of workers. The first failure rejects (the worker threads are stopped).
 */
export async function runJobs<R>(jobs: readonly JobSpec[], opts: RunJobsOptions): Promise<R[]> {
  if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new Error(`workers must be a positive integer, got ${opts.workers}`);
  const results = new Array<R>(jobs.length);
  if (opts.workers === 1 || jobs.length <= 1) {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i] as JobSpec;
      try {
        results[i] = (await handlerFor(job.kind)(job.input, (p) => opts.onProgress?.(i, p))) as R;
      } catch (e) {
        throw new JobFailed(job.label, (e as Error).message ?? String(e));
      }
      opts.onDone?.(i, results[i], threadId);
    }
    return results;
  }
  const pool: Worker[] = [];
  const entry = workerEntry();
  let settled = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      const feed = (w: Worker): void => {
        if (next >= jobs.length) return;
        const index = next++;
        w.postMessage({ type: 'run', index, job: jobs[index] as JobSpec } satisfies ToWorker);
      };
      const finished = (index: number, result: unknown, thread: number): void => {
        results[index] = result as R;
        opts.onDone?.(index, result, thread);
        if (++done === jobs.length) resolve();
      };
      // This thread's share: it runs jobs itself between the workers' messages (a job awaits per batch).
      const local = async (): Promise<void> => {
        while (next < jobs.length) {
          const index = next++;
          const job = jobs[index] as JobSpec;
          let result: unknown;
          try {
            result = await handlerFor(job.kind)(job.input, (p) => opts.onProgress?.(index, p));
          } catch (e) {
            reject(new JobFailed(job.label, (e as Error).message ?? String(e)));
            return;
          }
          finished(index, result, threadId);
        }
      };
      const spawn = (entry: WorkerEntry): void => {
        // Nothing left to hand out (this thread took every job while the bundle was built): no worker.
        if (settled || next >= jobs.length) return;
        for (let k = 0; k < Math.min(opts.workers, jobs.length) - 1; k++) {
          const w = startWorker(entry);
          pool.push(w);
          w.on('message', (m: FromWorker) => {
            if (m.type === 'progress') opts.onProgress?.(m.index, m.progress);
            else if (m.type === 'failed') reject(new JobFailed((jobs[m.index] as JobSpec).label, m.message));
            else {
              finished(m.index, m.result, w.threadId);
              feed(w);
            }
          });
          w.on('error', (e) => reject(e));
          w.on('exit', (code) => {
            if (done < jobs.length) reject(new Error(`a job worker exited (code ${code}) before the jobs were done`));
          });
          feed(w);
        }
      };
      // The workers start once their entry is ready (a bundle is built first when running from the
      // TypeScript sources); this thread starts its share at once.
      entry.then(spawn, reject);
      void local();
    });
  } finally {
    settled = true;
    await Promise.all(pool.map((w) => w.terminate()));
    (await entry.catch(() => undefined))?.bundle?.dispose();
  }
  return results;
}

interface WorkerEntry {
  /** What `new Worker` runs: a module's URL, or (tsx fallback) code evaluated as the entry. */
  readonly target: URL | string;
  readonly bundle?: WorkerBundle;
}

/**
 * The job worker's entry. A build that runs .js loads job-worker.js directly. From the TypeScript
 * sources it is a bundle of the worker (worker-bundle.ts: ~0.1 s to boot instead of ~0.55 s); should
 * esbuild be unavailable, the worker registers tsx's loader hooks itself (they do not reach worker
 * threads on Node 20) and loads job-worker.ts, which is slower to start and otherwise the same.
 */
async function workerEntry(): Promise<WorkerEntry> {
  if (!import.meta.url.endsWith('.ts')) return { target: new URL('./job-worker.js', import.meta.url) };
  try {
    const bundle = await bundleJobWorker();
    return { target: bundle.url, bundle };
  } catch {
    const entry = new URL('./job-worker.ts', import.meta.url);
    return { target: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });` };
  }
}

function startWorker(entry: WorkerEntry): Worker {
  return typeof entry.target === 'string' ? new Worker(entry.target, { eval: true }) : new Worker(entry.target);
}
