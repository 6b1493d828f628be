/**
 * `npm run bench`: the hot-path benchmarks (issue 14 item 7). One JSON line per result on stdout
 * (bench-line.ts), progress on stderr; compare runs on the same machine only.
 *
 * Each case runs in its own child process by default, so its `rssMB` is that case's peak RSS (the
 * kernel's high-water mark of a process that ran only it, input tape included) and one case's garbage
 * or JIT state never colours the next one's timing. `--in-process` runs them all here (faster to
 * start; rssMB is then the RSS the case reports at its end, with earlier cases' heap still around).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchCase, type BenchLine, formatBenchLine, parseBenchLines, rssPeakMB } from './bench-line.js';
import { compareBench, formatCompareTable } from './compare.js';
import { cases as allCases } from './cases/index.js';

const HELP = `npm run bench -- [options]: core hot-path benchmarks, one JSON line per result on stdout
  ({"name", "tradesPerSec", "p50us", "p99us", "rssMB", ...}); progress and tables on stderr.

  --only P[,P]       run only the cases whose name starts with one of these prefixes (e.g. analytics,parse)
  --out FILE         also write the lines to FILE (appended with --append)
  --append           with --out: append instead of overwrite (several runs; --compare takes medians)
  --compare FILE     compare with a previous run's lines: a before → after table on stderr and one JSON
                     line per name on stdout: {"name", "before", "after", "ratio"} (ratio = after ÷ before;
                     tradesPerSec > 1 is faster, p50us/p99us/rssMB < 1 is better)
  --after FILE       with --compare: compare FILE instead of running (two saved runs)
  --in-process       run every case in this process (default: each in its own child, so rssMB is per case)
  --list             print the case names and exit
  --help             this text

  Environment: BENCH_BACKTEST_TRADES (default 10000000) sizes backtest.planted10M.
  Examples:
    npm run bench -- --out /tmp/before.jsonl
    npm run bench -- --only analytics --compare /tmp/before.jsonl
    npm run bench:scale    (the analytics service at 1 → 500 symbols, emulators; see its --help)
`;

const log = (l: string) => process.stderr.write(`${l}\n`);

async function runCase(c: BenchCase): Promise<BenchLine[]> {
  const lines = await c.run();
  return lines;
}

/** `--child NAME` (internal): run one case in this fresh process, print its lines with the process's peak RSS. */
async function child(name: string): Promise<void> {
  const c = allCases.find((x) => x.name === name);
  if (!c) throw new Error(`no bench case named ${name}`);
  for (const l of await runCase(c)) process.stdout.write(`${formatBenchLine({ ...l, rssMB: Math.max(l.rssMB, rssPeakMB()) })}\n`);
}

function runIsolated(c: BenchCase): Promise<BenchLine[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', c.name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.on('error', reject);
    p.on('close', (code, signal) => {
      if (code !== 0) reject(new Error(`case ${c.name} failed (exit ${code ?? signal})`));
      else {
        try {
          resolve(parseBenchLines(out, c.name));
        } catch (e) {
          reject(e as Error);
        }
      }
    });
  });
}

function readLines(path: string): BenchLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${path} (${(e as NodeJS.ErrnoException).code}): pass a file written by \`npm run bench -- --out FILE\``, { cause: e });
  }
  return parseBenchLines(text, path);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      out: { type: 'string' },
      append: { type: 'boolean', default: false },
      compare: { type: 'string' },
      after: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      child: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.child !== undefined) {
    await child(values.child);
    return 0;
  }
  if (values.list) {
    for (const c of allCases) process.stdout.write(`${c.name}\n`);
    return 0;
  }
  if (values.after !== undefined && values.compare === undefined) throw new Error('--after FILE needs --compare FILE (the before side)');
  // Read the before side first: a wrong path fails now, not after minutes of benchmarks.
  const before = values.compare !== undefined ? readLines(values.compare) : null;

  let after: BenchLine[];
  let failed = 0;
  if (values.after !== undefined) after = readLines(values.after);
  else {
    const prefixes = (values.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const selected = prefixes.length ? allCases.filter((c) => prefixes.some((p) => c.name.startsWith(p))) : allCases;
    if (selected.length === 0) throw new Error(`--only ${values.only}: no case matches; the cases are: ${allCases.map((c) => c.name).join(', ')}`);
    if (values.out !== undefined && !values.append) writeFileSync(values.out, '');
    after = [];
    for (const [i, c] of selected.entries()) {
      const t0 = performance.now();
      process.stderr.write(`bench [${i + 1}/${selected.length}] ${c.name}…`);
      try {
        const lines = values['in-process'] ? await runCase(c) : await runIsolated(c);
        log(` ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        for (const l of lines) {
          const text = formatBenchLine(l);
          process.stdout.write(`${text}\n`);
          if (values.out !== undefined) appendFileSync(values.out, `${text}\n`);
        }
        after.push(...lines);
      } catch (e) {
        failed += 1;
        log(` FAILED: ${(e as Error).message}`);
      }
    }
  }

  if (before) {
    const rows = compareBench(before, after);
    log(`\ncompare: before ${values.compare} → after ${values.after ?? 'this run'} (ratio after ÷ before)`);
    log(formatCompareTable(rows));
    for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(`bench: ${(e as Error).message}`);
    process.exit(1);
  },
);
