import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import { GapRows } from './gap-rows.js';

interface Row {
  bullish: boolean;
  lo: number;
  hi: number;
  gapPct: number;
  createdAt: number;
  expiresAt: number;
  edge: number;
  id: string | null;
}

const rowsOf = (r: GapRows): Row[] =>
  Array.from({ length: r.n }, (_, i) => ({
    bullish: r.bullish[i] === 1,
    lo: r.lo[i] as number,
    hi: r.hi[i] as number,
    gapPct: r.gapPct[i] as number,
    createdAt: r.createdAt[i] as number,
    expiresAt: r.expiresAt[i] as number,
    edge: r.edge[i] as number,
    id: r.ids[i] ?? null,
  }));

describe('GapRows', () => {
  it('pushes, edits, drops and sweeps as an array of row objects does (seeded, through growth)', () => {
    const rnd = new SeededRandom(20261207);
    const r = new GapRows();
    const model: Row[] = [];
    for (let step = 0; step < 4000; step++) {
      const u = rnd.next();
      if (u < 0.45 || model.length === 0) {
        const bullish = rnd.next() < 0.5;
        const lo = Math.floor(rnd.next() * 10_000);
        const hi = lo + 1 + Math.floor(rnd.next() * 50);
        const createdAt = 1_700_000_000_000 + step * 900_000;
        r.push(bullish, lo, hi, (hi - lo) / lo, createdAt, createdAt + 86_400_000);
        model.push({ bullish, lo, hi, gapPct: (hi - lo) / lo, createdAt, expiresAt: createdAt + 86_400_000, edge: bullish ? hi : lo, id: null });
      } else if (u < 0.6) {
        const i = Math.floor(rnd.next() * model.length);
        const e = (model[i] as Row).lo + Math.floor(rnd.next() * 5);
        r.edge[i] = e;
        (model[i] as Row).edge = e;
        r.ids[i] = `g${step}`;
        (model[i] as Row).id = `g${step}`;
      } else {
        // Drop a random subset (sometimes none, sometimes all), then sweep once.
        const p = rnd.next();
        const keep: Row[] = [];
        for (let i = 0; i < model.length; i++) {
          if (rnd.next() < p * 0.5) {
            r.drop(i);
            expect(r.isDropped(i)).toBe(true);
          } else keep.push(model[i] as Row);
        }
        r.sweep();
        model.length = 0;
        model.push(...keep);
        for (let i = 0; i < r.n; i++) expect(r.isDropped(i)).toBe(false);
      }
      expect(r.n).toBe(model.length);
      if (step % 50 === 0) expect(rowsOf(r)).toEqual(model);
    }
    expect(rowsOf(r)).toEqual(model);
  });
});
