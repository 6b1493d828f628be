import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinTable } from './bin-table.js';

describe('BinTable', () => {
  it('keeps volume and count per bin and forgets a bin with its last trade', () => {
    const t = new BinTable(8);
    t.add(5, 10);
    t.add(5, 4);
    t.add(6, 1);
    expect([t.volume(5), t.trades(5), t.size]).toEqual([14, 2, 2]);
    t.remove(5, 10);
    expect([t.volume(5), t.trades(5)]).toEqual([4, 1]);
    t.remove(5, 4);
    expect([t.volume(5), t.trades(5), t.size]).toEqual([0, 0, 1]);
    expect(t.sorted()).toEqual({ bins: Float64Array.of(6), volumes: Float64Array.of(1) });
  });

  it('refuses to remove a trade it never had', () => {
    expect(() => new BinTable().remove(1, 1)).toThrow(/not in the table/);
  });

  it('matches a Map under any add/remove sequence, colliding keys included (property)', () => {
    // Keys 64 apart share a home slot in a 64-slot table; 2^40 + k shares the low 32 bits of k.
    const keys = [0, 1, 2, 63, 64, 65, 128, 129, 2 ** 40, 2 ** 40 + 1, 2 ** 40 + 64, 7_000_000_123];
    fc.assert(
      fc.property(fc.array(fc.record({ k: fc.integer({ min: 0, max: keys.length - 1 }), units: fc.integer({ min: 0, max: 1000 }), add: fc.boolean() }), { maxLength: 300 }), (ops) => {
        const t = new BinTable(8);
        const ref = new Map<number, number[]>(); // bin → units of the trades in it
        for (const op of ops) {
          const bin = keys[op.k] as number;
          const held = ref.get(bin) ?? [];
          if (op.add || held.length === 0) {
            t.add(bin, op.units);
            ref.set(bin, [...held, op.units]);
          } else {
            const u = held[0] as number;
            t.remove(bin, u);
            if (held.length === 1) ref.delete(bin);
            else ref.set(bin, held.slice(1));
          }
        }
        const want = [...ref.entries()].sort((a, b) => a[0] - b[0]);
        const got = t.sorted();
        expect([...got.bins]).toEqual(want.map(([b]) => b));
        expect([...got.volumes]).toEqual(want.map(([, us]) => us.reduce((a, u) => a + u, 0)));
        for (const [b, us] of want) expect(t.trades(b)).toBe(us.length);
        expect(t.size).toBe(want.length);
      }),
      { numRuns: 300 },
    );
  });
});
