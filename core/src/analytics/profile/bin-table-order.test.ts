import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinTable } from './bin-table.js';

// The ascending order is merged incrementally between snapshots (issue 14); the reference here is a
// plain Map sorted afresh at every check, so each merge path (new bins, bins that left, bins that left
// and came back, repeats, overflow into a rebuild, clear) is compared with a full sort.
describe('BinTable keeps its ascending order across interleaved adds, removes and snapshots', () => {
  it('matches a freshly sorted reference at every snapshot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bin: fc.integer({ min: -40, max: 200 }), units: fc.integer({ min: 1, max: 1000 }), op: fc.constantFrom('add', 'add', 'remove', 'remove', 'snap', 'clear') }), { maxLength: 400 }),
        (ops) => {
          const t = new BinTable(8);
          const ref = new Map<number, number[]>();
          const check = () => {
            const want = [...ref.entries()].sort((a, b) => a[0] - b[0]);
            const got = t.sorted();
            expect([...got.bins]).toEqual(want.map(([b]) => b));
            expect([...got.volumes]).toEqual(want.map(([, us]) => us.reduce((a, u) => a + u, 0)));
          };
          for (const o of ops) {
            const held = ref.get(o.bin) ?? [];
            if (o.op === 'snap') check();
            else if (o.op === 'clear') {
              t.clear();
              ref.clear();
            } else if (o.op === 'add' || held.length === 0) {
              t.add(o.bin, o.units);
              ref.set(o.bin, [...held, o.units]);
            } else {
              t.remove(o.bin, held[0] as number);
              if (held.length === 1) ref.delete(o.bin);
              else ref.set(o.bin, held.slice(1));
            }
          }
          check();
        },
      ),
      { numRuns: 400 },
    );
  });
});
