// A child process of backtest-tape.ts's `workersCase`: one backtest job alone in its own process, so
// two of them side by side show what two fully separate runs gain on this machine (no shared heap,
// GC or thread pool), the bound `--workers` is held against. It loads everything, says `ready`, waits
// for a line on stdin (so neither run's start-up overlaps the other's job), runs the job, and prints
// when it started and ended (epoch ms, sub-millisecond) and the trades it read, as one JSON line.
import { createInterface } from 'node:readline';
import { handlerFor } from '../../jobs/handlers.js';
import type { JobSpec } from '../../jobs/job.js';

const job = JSON.parse(process.argv[2] ?? 'null') as JobSpec | null;
if (job === null) throw new Error('usage: isolated-job.ts JOB_JSON (run by the backtest.workers2 bench cases)');
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const _ of lines) break;
const now = (): number => performance.timeOrigin + performance.now();
const start = now();
const result = (await handlerFor(job.kind)(job.input, () => {})) as { trades: number };
process.stdout.write(`${JSON.stringify({ start, end: now(), trades: result.trades })}\n`);
lines.close();
