import { describe, expect, it } from 'vitest';
import { StatusCadence } from './status-cadence.js';

/** Ticks at `tickMs` from t = 1000 for `n` ticks, each a few ms late or early as timers are; returns the ticks that wrote each kind. */
function run(c: StatusCadence, n: number): { marks: number[]; funnels: number[] } {
  const out = { marks: [] as number[], funnels: [] as number[] };
  for (let k = 1; k <= n; k++) {
    const now = 1_000 + k * (c.tickMs ?? 0) + (k % 2 === 0 ? 3 : -3);
    const d = c.due(now);
    if (d.marks) out.marks.push(k);
    if (d.funnels) out.funnels.push(k);
  }
  return out;
}

describe('StatusCadence: marks and funnels on their own periods', () => {
  it('defaults (marks 1 s, funnels 30 s): a tick a second, marks every tick, funnels every 30th', () => {
    const c = new StatusCadence({ marksMs: 1_000, funnelsMs: 30_000 });
    expect(c.tickMs).toBe(1_000);
    const r = run(c, 90);
    expect(r.marks).toHaveLength(90);
    // First tick writes both (nothing written yet), then ticks 31 and 61: 30 ticks apart, ±3 ms jitter tolerated.
    expect(r.funnels).toEqual([1, 31, 61]);
  });

  it('0 turns a kind off; both off means no timer', () => {
    const funnelsOnly = new StatusCadence({ marksMs: 0, funnelsMs: 5_000 });
    expect(funnelsOnly.tickMs).toBe(5_000);
    expect(run(funnelsOnly, 4)).toEqual({ marks: [], funnels: [1, 2, 3, 4] });
    const marksOnly = new StatusCadence({ marksMs: 2_000, funnelsMs: 0 });
    expect(run(marksOnly, 3)).toEqual({ marks: [1, 2, 3], funnels: [] });
    expect(new StatusCadence({ marksMs: 0, funnelsMs: 0 }).tickMs).toBeNull();
  });

  it('funnels faster than marks: the timer follows the shorter period', () => {
    const c = new StatusCadence({ marksMs: 3_000, funnelsMs: 1_000 });
    expect(c.tickMs).toBe(1_000);
    expect(run(c, 7)).toEqual({ marks: [1, 4, 7], funnels: [1, 2, 3, 4, 5, 6, 7] });
  });
});
