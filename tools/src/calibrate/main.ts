/**
 * `npm run calibrate`: the numbers behind docs/calibration.md. Runs the backtester, as a user would
 * (`npm run backtest` and `npm run synth` as child processes), over every real tape in
 * sample-data/tapes (as its own market, and as a perpetual) and over seeded generated regimes (trend,
 * mirror, chop, walk, crash; seeds 101–103, never the seeds the acceptance tests assert on), and prints
 * one markdown table per question: the funnel per tape, and trades / win rate / P&L / exits per tape.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type CandleMonthLevel1, candleMonthTable, level1OnBars, readOneMinuteBars } from './candle-months.js';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');

const HELP = `Usage: npm run calibrate -- [--out FILE] [--work DIR] [--seeds 101,102,103] [--hours 24] [--activity 0.1] [--only real|generated] [--candles FILE,FILE]

Backtests every real tape in sample-data/tapes (its own market and as a perpetual) and seeded generated
regimes (trend, mirror, chop, walk, crash; perpetual, and trend/mirror also as spot), then prints the
funnel per tape and trades, win rate, net P&L after fees and funding, and exits by reason, as markdown.

Options:
  --out FILE        write the markdown there as well as to stdout
  --work DIR        where tapes and backtest outputs go (default .cascade/calibration)
  --seeds LIST      generated seeds (default 101,102,103: not the acceptance tests' seeds)
  --hours H         generated tape length (default 24)
  --activity F      generated order rate as a fraction of the fitted one (default 0.1)
  --only KIND       real or generated only
  --candles LIST    also judge Level 1 on these months of 1-minute bars (CSV timestamp,open,high,low,close[,volume],
                    plain or .gz) and compare with a textbook trend test; e.g. the shared CME 6E and FXCM USD/JPY months
  -h, --help        this help`;

interface Stage {
  evaluated: number;
  passed: number;
  stopped: number;
  reasons: Record<string, number>;
}
interface SummaryFile {
  trades: number;
  winRate: number | null;
  netPnl: string;
  fees: string;
  funnel?: Record<string, Stage>;
  warmUp?: { warmingUpMs: number; ready: boolean };
}
interface Row {
  readonly name: string;
  readonly market: string;
  readonly replayed: number;
  readonly summary: SummaryFile;
  readonly exits: Record<string, number>;
  readonly sides: { long: number; short: number };
  readonly funding: string;
  readonly hours: number;
}

type StageName = 'level1_regime' | 'level2_zone' | 'level3_cascade' | 'level4_bounce' | 'confluence_score';

async function backtest(name: string, tape: string, out: string, extra: string[]): Promise<Row> {
  await mkdir(out, { recursive: true });
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tools/src/backtest/main.ts', '--tape', tape, '--out', out, '--quiet', ...extra], { cwd: repoRoot, maxBuffer: 64 << 20 });
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8')) as SummaryFile;
  const csv = (await readFile(join(out, 'trades.csv'), 'utf8')).trim().split('\n');
  const head = (csv[0] ?? '').split(',');
  const col = (n: string) => head.indexOf(n);
  const exits: Record<string, number> = {};
  const sides = { long: 0, short: 0 };
  let funding = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const line of csv.slice(1)) {
    const f = line.split(',');
    const r = f[col('exitReason')] ?? '?';
    exits[r] = (exits[r] ?? 0) + 1;
    if (f[col('side')] === 'short') sides.short += 1;
    else sides.long += 1;
    if (col('funding') >= 0) funding += Number(f[col('funding')] ?? 0);
  }
  const replayed = Number(/"trades"\s*:\s*(\d+)/.exec(stdout)?.[1] ?? /(\d+) trades replayed/.exec(stdout)?.[1] ?? 0);
  const span = /from (\d+) to (\d+)/.exec(stdout);
  if (span) {
    first = Number(span[1]);
    last = Number(span[2]);
  }
  const market = extra.includes('--config') ? 'tape, L1 off' : extra.includes('--market') ? (extra[extra.indexOf('--market') + 1] ?? '') : extra.some((x) => x.includes(':')) ? 'perp' : 'tape';
  return { name, market, replayed, summary, exits, sides, funding: funding.toFixed(4), hours: Number.isFinite(first) ? (last - first) / 3_600_000 : 0 };
}

const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);

function topReasons(s: Stage | undefined, n = 3): string {
  if (!s || s.stopped === 0) return '';
  return Object.entries(s.reasons)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${k} ${pct(v, s.stopped)}`)
    .join(', ');
}

function funnelTable(rows: readonly Row[]): string {
  const out = ['| tape | market | L1 regime passed | L1 stopped by | L2 zone passed | L3 cascade passed | L4 bounce passed | score passed |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const f = r.summary.funnel ?? {};
    const cell = (k: StageName) => {
      const s = f[k];
      return s ? `${s.passed.toLocaleString('en')} / ${s.evaluated.toLocaleString('en')} (${pct(s.passed, s.evaluated)})` : '—';
    };
    out.push(`| ${r.name} | ${r.market} | ${cell('level1_regime')} | ${topReasons(f.level1_regime)} | ${cell('level2_zone')} | ${cell('level3_cascade')} | ${cell('level4_bounce')} | ${cell('confluence_score')} |`);
  }
  return out.join('\n');
}

function tradeTable(rows: readonly Row[]): string {
  const out = ['| tape | market | trades (long / short) | win rate | net P&L | fees | funding | exits by reason |', '|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const s = r.summary;
    const exits = Object.entries(r.exits)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push(`| ${r.name} | ${r.market} | ${s.trades} (${r.sides.long} / ${r.sides.short}) | ${s.winRate === null ? '—' : `${s.winRate.toFixed(1)} %`} | ${Number(s.netPnl).toFixed(2)} | ${Number(s.fees).toFixed(2)} | ${r.funding} | ${exits} |`);
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, work: { type: 'string' }, seeds: { type: 'string' }, hours: { type: 'string' }, activity: { type: 'string' }, only: { type: 'string' }, candles: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const work = resolve(values.work ?? join(repoRoot, '.cascade/calibration'));
  const seeds = (values.seeds ?? '101,102,103').split(',').map(Number);
  const hours = values.hours ?? '24';
  const activity = values.activity ?? '0.1';
  const rows: Row[] = [];
  const say = (s: string) => process.stderr.write(`${s}\n`);

  await mkdir(work, { recursive: true });
  const noRegime = join(work, 'level1-off.json');
  await writeFile(noRegime, JSON.stringify({ levels: { regimeRequired: false } }));
  if (values.only !== 'generated') {
    const dir = join(repoRoot, 'sample-data/tapes');
    for (const f of (await readdir(dir)).filter((x) => !x.endsWith('.md')).sort()) {
      const tape = join(dir, f);
      say(`real ${f}`);
      rows.push(await backtest(f, tape, join(work, 'real', f, 'tape'), []));
      if (!f.includes('truefx')) rows.push(await backtest(f, tape, join(work, 'real', f, 'perp'), ['--market', 'perp']));
      // These tapes are minutes to hours long and no candle history of their days is at hand (no
      // network), so Level 1 never warms up: a research run with Level 1 off shows what Levels 2–4 and
      // the score make of real order flow (levels.regimeRequired: false; the engine always runs Level 1).
      rows.push(await backtest(`${f} (Level 1 off)`, tape, join(work, 'real', f, 'no-regime'), ['--config', noRegime]));
    }
  }
  if (values.only !== 'real') {
    for (const regime of ['trend', 'mirror', 'chop', 'walk', 'crash']) {
      for (const seed of seeds) {
        const base = join(work, 'generated', `${regime}-s${seed}`);
        await mkdir(base, { recursive: true });
        const tape = join(base, `binance-ethusdt-trades-${regime}-s${seed}.csv.gz`);
        const warm = join(base, 'warmup-1m.csv');
        say(`generate ${regime} seed ${seed} (${hours} h, activity ${activity})`);
        await run(process.execPath, ['--import', 'tsx', 'tools/src/synthetic/main.ts', '--regime', regime, '--seed', String(seed), '--hours', hours, '--activity', activity, '--out', tape, '--warmup-out', warm], { cwd: repoRoot });
        const name = `${regime} s${seed}`;
        rows.push(await backtest(name, tape, join(base, 'perp'), ['--market', 'perp', '--warmup', warm]));
        if (regime === 'trend' || regime === 'mirror') rows.push(await backtest(name, tape, join(base, 'spot'), ['--market', 'spot', '--warmup', warm]));
      }
    }
  }
  const months: CandleMonthLevel1[] = [];
  for (const f of (values.candles ?? '').split(',').filter(Boolean)) {
    say(`level 1 on ${f}`);
    months.push(level1OnBars(basename(f), await readOneMinuteBars(resolve(f))));
  }
  const monthsMd = months.length > 0 ? `\n## Level 1 on months of real 1-minute bars\n\n${candleMonthTable(months)}\n` : '';
  const md = `## Funnel per tape\n\n${funnelTable(rows)}\n\n## Trades per tape\n\n${tradeTable(rows)}\n${monthsMd}`;
  console.log(md);
  if (values.out) await writeFile(values.out, md);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`calibrate: ${(e as Error).message}`);
    process.exit(1);
  },
);
