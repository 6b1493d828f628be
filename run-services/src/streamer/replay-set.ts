import type { BusPublisher } from '@cascade/adapters/pubsub';
import type { TapeFormat, TradesEncoding } from '@cascade/core';
import { type ReplayStatus, replayTape } from './replay.js';

/**
 * Several tapes (one symbol each) replayed at once onto one bus, each paced at the same speed from its
 * own first trade: a multi-symbol market from single-symbol files (the scale bench's 500 symbols, a
 * basket replay). The status sums them; `symbols` lists what each tape streams.
 */
export function replayTapes(opts: { bus: BusPublisher; paths: readonly string[]; exchange?: string; format?: TapeFormat; speed: number | 'max'; market?: 'spot' | 'perp'; encoding?: TradesEncoding }): { status: () => ReplayStatus & { tapes: number; symbols: (string | null)[] }; done: Promise<void> } {
  const runs = opts.paths.map((path) => replayTape({ bus: opts.bus, path, exchange: opts.exchange, format: opts.format, speed: opts.speed, ...(opts.market ? { market: opts.market } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}) }));
  const status = () => {
    const all = runs.map((r) => r.status());
    const failed = all.find((s) => s.state === 'failed');
    const state: ReplayStatus['state'] = failed ? 'failed' : all.every((s) => s.state === 'done') ? 'done' : all.some((s) => s.state === 'opening') ? 'opening' : 'running';
    const sum = (f: (s: ReplayStatus) => number) => all.reduce((a, s) => a + f(s), 0);
    const rejected: Record<string, number> = {};
    for (const s of all) for (const [k, v] of Object.entries(s.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
    const progress = all.map((s) => s.progress);
    return {
      state,
      tape: `${runs.length} tapes`,
      symbol: null,
      published: sum((s) => s.published),
      batches: sum((s) => s.batches),
      tapeTs: Math.min(...all.map((s) => s.tapeTs)),
      firstTs: Math.min(...all.map((s) => s.firstTs)),
      lastTs: all.some((s) => s.lastTs === null) ? null : Math.max(...all.map((s) => s.lastTs as number)),
      // The slowest tape's: done means every tape is.
      progress: progress.some((p) => p === null) ? null : Math.min(...(progress as number[])),
      tradesPerSec: sum((s) => s.tradesPerSec),
      rejected,
      error: failed ? `${failed.tape}: ${failed.error ?? 'failed'}` : null,
      publishedAtDone: state === 'done' ? sum((s) => s.publishedAtDone ?? 0) : null,
      tapes: runs.length,
      symbols: all.map((s) => s.symbol),
    };
  };
  // Every tape to its end (one failing does not stop the others mid-batch); the first failure is rethrown.
  const done = Promise.allSettled(runs.map((r) => r.done)).then((rs) => {
    const bad = rs.find((r) => r.status === 'rejected');
    if (bad) throw bad.reason;
  });
  return { status, done };
}
