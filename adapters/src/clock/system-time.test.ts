import { describe, expect, it } from 'vitest';
import { sleep } from './system-time.js';

describe('sleep', () => {
  it('resolves after the time has passed', async () => {
    const t0 = performance.now();
    await sleep(20);
    // Timers never fire early (Node rounds to whole milliseconds, hence the 1 ms slack).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(19);
  });
  it('resolves at once when aborted, and when already aborted', async () => {
    const ac = new AbortController();
    const p = sleep(60_000, ac.signal);
    ac.abort();
    await expect(p).resolves.toBeUndefined();
    await expect(sleep(60_000, ac.signal)).resolves.toBeUndefined();
  });
});
