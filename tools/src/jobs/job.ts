/**
 * A unit of work the job runner can run in this thread or on a worker thread: plain data in, plain
 * data out (both cross a thread by structured clone), so the same job gives the same result wherever
 * it runs. A backtest of one tape is one job; the research tools run parameter sets the same way.
 */
export interface JobSpec<K extends string = string, I = unknown> {
  /** Which handler runs it (handlers.ts). */
  readonly kind: K;
  /** Names the job in progress and errors (a tape's file name, a parameter set's label). */
  readonly label: string;
  readonly input: I;
}

/** What a running job tells its runner: free-form plain data (trades done, tape time, …). */
export type JobProgress = Readonly<Record<string, number | string | null>>;

/** Runs one job's input to its (cloneable) result, reporting progress now and then. */
export type JobHandler<I = unknown, R = unknown> = (input: I, progress: (p: JobProgress) => void) => Promise<R>;

/** Runner ↔ worker messages. */
export type ToWorker = { readonly type: 'run'; readonly index: number; readonly job: JobSpec };
export type FromWorker =
  | { readonly type: 'progress'; readonly index: number; readonly progress: JobProgress }
  | { readonly type: 'done'; readonly index: number; readonly result: unknown }
  | { readonly type: 'failed'; readonly index: number; readonly message: string };
