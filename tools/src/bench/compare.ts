/**
 * `npm run bench -- --compare FILE`: before/after per bench name. Ratios are after ÷ before, so
 * tradesPerSec > 1 is faster and p50us/p99us/rssMB < 1 is better. A file holding several runs of the
 * same name (appended `--out` files) compares per-name medians: timings on a shared machine are noisy.
 */
import type { BenchLine } from './bench-line.js';
import { round } from './bench-line.js';

/** The fields compared, when a line has them (the scale bench's cpuPct and lag among them). */
export const comparedFields = ['tradesPerSec', 'p50us', 'p99us', 'rssMB', 'cpuPct', 'lagP50ms', 'lagP99ms', 'lagMaxMs'] as const;
export type ComparedField = (typeof comparedFields)[number];
type Values = Partial<Record<ComparedField, number | null>>;

export interface CompareLine {
  name: string;
  /** null: the name is only on the other side. */
  before: Values | null;
  after: Values | null;
  /** after ÷ before per field; null when either side lacks a number or before is 0. */
  ratio: Values;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Per name, the median of each compared field over that name's lines (null when none has a number). */
export function medianByName(lines: readonly BenchLine[]): Map<string, Values> {
  const groups = new Map<string, BenchLine[]>();
  for (const l of lines) groups.set(l.name, [...(groups.get(l.name) ?? []), l]);
  const out = new Map<string, Values>();
  for (const [name, ls] of groups) {
    const v: Values = {};
    for (const f of comparedFields) {
      if (!ls.some((l) => f in l)) continue;
      const nums = ls.map((l) => l[f]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      v[f] = nums.length > 0 ? median(nums) : null;
    }
    out.set(name, v);
  }
  return out;
}

/** One line per name seen on either side, in the order of `after` then the names only `before` has. */
export function compareBench(before: readonly BenchLine[], after: readonly BenchLine[]): CompareLine[] {
  const b = medianByName(before);
  const a = medianByName(after);
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names.map((name) => {
    const bv = b.get(name) ?? null;
    const av = a.get(name) ?? null;
    const ratio: Values = {};
    if (bv && av) {
      for (const f of comparedFields) {
        if (!(f in bv) && !(f in av)) continue;
        const x = bv[f];
        const y = av[f];
        ratio[f] = typeof x === 'number' && typeof y === 'number' && x !== 0 ? round(y / x, 3) : null;
      }
    }
    return { name, before: bv, after: av, ratio };
  });
}

const num = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(round(x, 2)));
const ratioText = (x: number | null | undefined): string => (x === null || x === undefined ? '' : `×${x.toFixed(2)}`);

/** The readable table (stderr): one row per name, before → after (ratio) for each field either side has. */
export function formatCompareTable(rows: readonly CompareLine[]): string {
  const header = ['name', ...comparedFields];
  const body = rows.map((r) => {
    if (!r.before || !r.after) return [r.name, r.before ? '(only before)' : '(only after)', ...comparedFields.slice(1).map(() => '')];
    return [r.name, ...comparedFields.map((f) => (f in r.ratio ? `${num(r.before?.[f])} → ${num(r.after?.[f])} ${ratioText(r.ratio[f])}`.trim() : ''))];
  });
  // Drop columns no row has, so a compare of core cases does not show empty lag columns.
  const keep = header.map((_, i) => i === 0 || body.some((row) => (row[i] ?? '') !== '' && !(row[i] ?? '').startsWith('(only')));
  const table = [header, ...body].map((row) => row.filter((_, i) => keep[i]));
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
