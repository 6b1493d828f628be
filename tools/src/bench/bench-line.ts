/**
 * The bench output format (issue 14 item 7): every case prints one JSON object per line on stdout, so
 * people read it and scripts (`--compare`, jq) parse it. `tradesPerSec`, `p50us`, `p99us` are null
 * when the case is not about trades or measures no latency; extra fields say what else the case saw.
 */
import { z } from 'zod';

export interface BenchLine {
  name: string;
  tradesPerSec: number | null;
  p50us: number | null;
  p99us: number | null;
  rssMB: number;
  [k: string]: unknown;
}

export interface BenchCase {
  name: string;
  run(): BenchLine[] | Promise<BenchLine[]>;
}

/** A line read back from a file (`--compare`): the required fields checked, extra fields kept. */
export const BenchLineSchema = z.looseObject({
  name: z.string().min(1),
  tradesPerSec: z.number().nullable(),
  p50us: z.number().nullable(),
  p99us: z.number().nullable(),
  rssMB: z.number(),
});

/** One line of output: the required fields first, in a fixed order, then the case's extras. */
export function formatBenchLine(l: BenchLine): string {
  const { name, tradesPerSec, p50us, p99us, rssMB, ...extra } = l;
  return JSON.stringify({ name, tradesPerSec, p50us, p99us, rssMB, ...extra });
}

/**
 * Bench lines from a JSON-lines text (a file written with `--out` or `npm run bench > FILE`). Blank
 * lines and `--compare` result lines (they carry `ratio`) are skipped; anything else that is not a
 * bench line is an error naming its line, so a wrong file is never compared silently.
 */
export function parseBenchLines(text: string, source = 'input'): BenchLine[] {
  const out: BenchLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not JSON (expected one bench line per line, as \`npm run bench\` prints): ${line.slice(0, 80)}`);
    }
    if (typeof json === 'object' && json !== null && 'ratio' in json) return;
    const parsed = BenchLineSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${source}:${i + 1}: not a bench line (${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')})`);
    out.push(parsed.data as BenchLine);
  });
  return out;
}

/** Nearest-rank percentile of an ascending array (p in (0, 1]); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Rounded to `digits` significant decimals: lines stay short and readable. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Resident set size of this process now, in MB. */
export function rssNowMB(): number {
  return round(process.memoryUsage().rss / 2 ** 20, 1);
}

/** Peak resident set size of this process so far (the kernel's high-water mark), in MB. */
export function rssPeakMB(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}
