import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../faults/random.js';
import { DenseRows } from './dense-rows.js';
import { emptyValueArea, valueArea } from './value-area.js';

// A price that drifts makes the rows re-base over and over, mostly within arrays of the same size
// (`recentre`, in place): against a plain Map of the live trades, the rows listed and the value area
// must be the sparse reference's after every step, across many re-bases up and down.
describe('DenseRows re-based in place under a drifting price', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`lists and values the same rows as a plain map (seed ${seed})`, () => {
      const rnd = new SeededRandom(seed * 7_777);
      const rows = new DenseRows();
      const queue: { bin: number; units: number }[] = [];
      const ref = new Map<number, { volume: number; trades: number }>();
      let mid = 1_000 * seed;
      for (let step = 0; step < 20_000; step++) {
        // A random walk with long runs one way, so the live span leaves the arrays' ends often.
        mid += Math.floor(rnd.next() * 7) - (step % 4000 < 2000 ? 2 : 4);
        const bin = mid + Math.floor(rnd.next() * 40) - 20;
        const units = Math.floor(rnd.next() * 30);
        rows.add(bin, units);
        queue.push({ bin, units });
        const r = ref.get(bin) ?? { volume: 0, trades: 0 };
        ref.set(bin, { volume: r.volume + units, trades: r.trades + 1 });
        // A window of 60 to 120 trades: the oldest leave.
        while (queue.length > 60 + Math.floor(rnd.next() * 60)) {
          const o = queue.shift() as { bin: number; units: number };
          rows.remove(o.bin, o.units);
          const h = ref.get(o.bin) as { volume: number; trades: number };
          if (h.trades === 1) ref.delete(o.bin);
          else ref.set(o.bin, { volume: h.volume - o.units, trades: h.trades - 1 });
        }
        expect(rows.valid).toBe(true);
        if (step % 7 === 0) {
          const sorted = [...ref.entries()].sort((a, b) => a[0] - b[0]);
          expect(rows.list()).toEqual(sorted.map(([b, v]) => ({ bin: b, volume: v.volume, trades: v.trades })));
          const got = emptyValueArea();
          const ok = rows.valueAreaInto(0.7, got);
          expect(ok ? got : null).toEqual(
            valueArea(
              sorted.map(([b]) => b),
              sorted.map(([, v]) => v.volume),
              0.7,
            ),
          );
        }
      }
    });
  }
});
