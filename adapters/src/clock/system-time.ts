import type { Clock, Random, Sleeper } from '@cascade/core';

/** The machine's clock: the only place production code reads wall time (core takes it as a port). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Waits `ms` of real time; resolves early (never rejects) when `signal` aborts, so a loop that sleeps
 * between retries or reconnects stops at once on shutdown. The one real timer behind every wait.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The `Sleeper` port on real time (tests and replays use core's `ClockSleeper`). */
export const realSleeper: Sleeper = { sleep: (ms) => sleep(ms) };

/** The `Random` port on the platform's generator (jitter only; nothing that must replay depends on it). */
export const systemRandom: Random = { next: () => Math.random() };
