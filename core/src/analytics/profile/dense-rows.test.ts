import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DenseRows } from './dense-rows.js';
import { emptyValueArea, valueArea } from './value-area.js';

// The reference is the sparse `valueArea` (its own tests check hand-worked profiles) over a plain Map
// of the same trades: the dense rows must give the same area to the bit after any adds and removes.
describe('DenseRows value area equals the sparse value area', () => {
  it('after any interleaving of adds and removes (zero-volume trades, ties, gaps between rows, far bins)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bin: fc.oneof(fc.integer({ min: 100, max: 140 }), fc.constantFrom(-5, 9_000, 20_000)), units: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(10)), add: fc.boolean(), pct: fc.constantFrom(0.7, 0.1, 1) }), { maxLength: 300 }),
        (ops) => {
          const rows = new DenseRows();
          const ref = new Map<number, number[]>();
          for (const o of ops) {
            const held = ref.get(o.bin) ?? [];
            if (o.add || held.length === 0) {
              rows.add(o.bin, o.units);
              ref.set(o.bin, [...held, o.units]);
            } else {
              rows.remove(o.bin, held[0] as number);
              if (held.length === 1) ref.delete(o.bin);
              else ref.set(o.bin, held.slice(1));
            }
            const sorted = [...ref.entries()].sort((a, b) => a[0] - b[0]);
            const want = valueArea(
              sorted.map(([b]) => b),
              sorted.map(([, us]) => us.reduce((a, u) => a + u, 0)),
              o.pct,
            );
            if (!rows.valid) {
              // A span over 16 384 rows (bins −5 and 20 000 both live) turns the rows off; the profile then uses its table.
              expect(sorted.length > 0 && (sorted.at(-1)?.[0] as number) - (sorted[0]?.[0] as number) + 1 > 16_384).toBe(true);
              return;
            }
            const got = emptyValueArea();
            const ok = rows.valueAreaInto(o.pct, got);
            expect(ok ? got : null).toEqual(want);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
