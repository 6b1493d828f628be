import { describe, expect, it } from 'vitest';
import type { BenchLine } from './bench-line.js';
import { compareBench, formatCompareTable, medianByName } from './compare.js';

const line = (name: string, tradesPerSec: number | null, p50us: number | null, p99us: number | null, rssMB: number, extra: Record<string, number> = {}): BenchLine => ({ name, tradesPerSec, p50us, p99us, rssMB, ...extra });

describe('bench --compare (issue 14 item 7)', () => {
  it('ratio = after ÷ before per field, worked by hand', () => {
    const before = [line('analytics.planted.levelsOn', 400_000, 2, 8, 200)];
    const after = [line('analytics.planted.levelsOn', 3_200_000, 0.25, 2, 250)];
    // 3 200 000 / 400 000 = 8; 0.25 / 2 = 0.125; 2 / 8 = 0.25; 250 / 200 = 1.25.
    expect(compareBench(before, after)).toEqual([
      {
        name: 'analytics.planted.levelsOn',
        before: { tradesPerSec: 400_000, p50us: 2, p99us: 8, rssMB: 200 },
        after: { tradesPerSec: 3_200_000, p50us: 0.25, p99us: 2, rssMB: 250 },
        ratio: { tradesPerSec: 8, p50us: 0.125, p99us: 0.25, rssMB: 1.25 },
      },
    ]);
  });

  it('null fields and a zero before give a null ratio; names on one side only are listed with no ratio', () => {
    const before = [line('regime.planted', null, 4, 20, 300), line('gone', 1, 1, 1, 1), line('z', 0, null, null, 10)];
    const after = [line('regime.planted', null, 3, 30, 300), line('new', 5, null, null, 2), line('z', 7, null, null, 10)];
    const rows = compareBench(before, after);
    expect(rows.map((r) => r.name)).toEqual(['regime.planted', 'new', 'z', 'gone']);
    // 3 / 4 = 0.75; 30 / 20 = 1.5.
    expect(rows[0]?.ratio).toEqual({ tradesPerSec: null, p50us: 0.75, p99us: 1.5, rssMB: 1 });
    expect(rows[1]).toEqual({ name: 'new', before: null, after: { tradesPerSec: 5, p50us: null, p99us: null, rssMB: 2 }, ratio: {} });
    expect(rows[2]?.ratio.tradesPerSec).toBeNull();
    expect(rows[3]?.after).toBeNull();
  });

  it('several runs of a name compare by median: 3 runs 100, 300, 200 → 200; 2 runs 10, 20 → 15', () => {
    const m = medianByName([line('a', 100, 1, 1, 1), line('a', 300, 1, 1, 1), line('a', 200, 1, 1, 1), line('b', 10, null, null, 1), line('b', 20, null, null, 3)]);
    expect(m.get('a')?.tradesPerSec).toBe(200);
    expect(m.get('b')).toEqual({ tradesPerSec: 15, p50us: null, p99us: null, rssMB: 2 });
  });

  it('the scale bench extras (cpuPct, lag) are compared when a line has them', () => {
    const rows = compareBench([line('scale.analytics.100sym', 20_000, null, null, 400, { cpuPct: 80, lagP50ms: 40, lagP99ms: 200, lagMaxMs: 900 })], [line('scale.analytics.100sym', 20_000, null, null, 300, { cpuPct: 20, lagP50ms: 10, lagP99ms: 50, lagMaxMs: 300 })]);
    // 20 / 80 = 0.25; 300 / 400 = 0.75; 10 / 40 = 0.25; 50 / 200 = 0.25; 300 / 900 = 0.333.
    expect(rows[0]?.ratio).toEqual({ tradesPerSec: 1, p50us: null, p99us: null, rssMB: 0.75, cpuPct: 0.25, lagP50ms: 0.25, lagP99ms: 0.25, lagMaxMs: 0.333 });
  });

  it('the table shows before → after (×ratio) and drops columns no row has', () => {
    const table = formatCompareTable(compareBench([line('parse', 2000, 500, 900, 100)], [line('parse', 4000, 250, 900, 100), line('new', 1, 1, 1, 1)]));
    expect(table.split('\n')).toEqual([
      // Columns as wide as their widest cell ("2,000 → 4,000 ×2.00" is 19 characters), two spaces apart.
      'name   tradesPerSec         p50us            p99us            rssMB',
      'parse  2,000 → 4,000 ×2.00  500 → 250 ×0.50  900 → 900 ×1.00  100 → 100 ×1.00',
      'new    (only after)',
    ]);
  });
});
