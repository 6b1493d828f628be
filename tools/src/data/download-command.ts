import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DataKind, type DataSeries, type KlineInterval, Market, klineIntervals } from './binance-layout.js';
import { downloadFiles } from './download-files.js';
import { PlanError, planFiles } from './plan-files.js';
import { progressOn } from './progress.js';
import { defaultRetryPolicy } from './retry.js';
import { summarize } from './summary.js';
import { displayPath } from './usage-hints.js';
import { lastPublishedDay, parseDayArg } from './utc-day.js';

/** The repo's data/ (git-ignored), wherever npm is run from: where the printed --tape paths point. */
const repoDataDir = fileURLToPath(new URL('../../../data/', import.meta.url));
const defaultBaseUrl = 'https://data.binance.vision';

export const downloadHelp = `cascade data download: fetch Binance public market data (data.binance.vision)

Usage: npm run data -- download --symbol BTCUSDT --kind aggTrades --from 2024-01-01 --to 2024-01-31 [options]

  --exchange E      binance (the only source so far; default binance)
  --market M        spot | um (USDT-margined futures, the perpetuals)   (default spot)
  --symbol S        Binance symbol: BTCUSDT (BTC/USDT and BTC/USDT:USDT are accepted too)
  --kind K          aggTrades | trades | klines | fundingRate (um only)
  --from DAY        first day, UTC: 2024-01-01 (or 2024-01 for the month's first day)
  --to DAY          last day, inclusive: 2024-01-31 (or 2024-01 for the month's last day)
  --interval I      klines only: ${klineIntervals.join(' ')} (default 1m)
  --out DIR         data root (default: the repo's data/, git-ignored); files go to
                    DIR/binance/<market>/<SYMBOL>/<kind>[/<interval>]/<Binance's file name>.zip
  --base-url URL    server root (default $CASCADE_BINANCE_DATA_URL, else ${defaultBaseUrl})
  --retries N       tries per request on network errors and HTTP 5xx, with backoff 1 s, 2 s, 4 s … (default 5)
  --dry-run         print the URLs and local paths, download nothing
  -h, --help        this help

A whole month in the range comes as one monthly zip, the other days as daily zips; funding rates
are published by month only. Each zip is checked against Binance's published SHA-256 (its
.CHECKSUM file) before it gets its final name; an interrupted download resumes where it stopped
(.part file, HTTP Range). Files already here with a matching SHA-256 are not fetched again.
The zips are read as they are: trades/aggTrades by --tape, klines by --warmup.

Exit status: 0 when every file is here and verified; 1 when any is missing (not published: HTTP
404), refused (checksum mismatch: deleted) or failed (network, after the retries); the others are
still downloaded and the end of the output names each one. 2 for a usage error.`;

function fail(message: string): never {
  throw new UsageError(message);
}

class UsageError extends Error {}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const hit = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (hit === undefined) fail(`${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return hit;
}

/** BTCUSDT, btcusdt, BTC/USDT, BTC/USDT:USDT → BTCUSDT (Binance's file names use the concatenated form). */
function binanceSymbol(text: string): string {
  const s = text.split(':')[0]?.replace('/', '').toUpperCase() ?? '';
  if (!/^[A-Z0-9]{3,30}$/.test(s)) fail(`--symbol must be a Binance symbol like BTCUSDT; got "${text}"`);
  return s;
}

interface DownloadArgs {
  readonly series: DataSeries;
  readonly from: string;
  readonly to: string;
  readonly root: string;
  readonly baseUrl: string;
  readonly attempts: number;
  readonly dryRun: boolean;
}

function parseDownloadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DownloadArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        exchange: { type: 'string', default: 'binance' },
        market: { type: 'string', default: Market.Spot },
        symbol: { type: 'string' },
        kind: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        interval: { type: 'string' },
        out: { type: 'string' },
        'base-url': { type: 'string' },
        retries: { type: 'string', default: String(defaultRetryPolicy.attempts) },
        'dry-run': { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.exchange.toLowerCase() !== 'binance') fail(`--exchange ${values.exchange}: only binance is supported (its public data at data.binance.vision)`);
  const missing = (['symbol', 'kind', 'from', 'to'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) fail(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
  const market = oneOf('--market', values.market, Object.values(Market));
  const kind = oneOf('--kind', values.kind as string, Object.values(DataKind));
  if (kind === DataKind.FundingRate && market !== Market.Um) fail('--kind fundingRate exists for futures only: add --market um');
  if (kind !== DataKind.Klines && values.interval !== undefined) fail('--interval is for --kind klines only');
  let interval: KlineInterval | undefined;
  if (kind === DataKind.Klines) {
    interval = oneOf('--interval', values.interval ?? '1m', klineIntervals);
    if (interval === '1s' && market !== Market.Spot) fail('--interval 1s exists for spot only');
  }
  const from = parseDayArg(values.from as string, 'first') ?? fail(`--from must be a UTC day like 2024-01-01 (or a month like 2024-01); got "${values.from as string}"`);
  const to = parseDayArg(values.to as string, 'last') ?? fail(`--to must be a UTC day like 2024-01-31 (or a month like 2024-01); got "${values.to as string}"`);
  const attempts = Number(values.retries);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 20) fail(`--retries must be a whole number from 1 to 20; got "${values.retries}"`);
  const baseUrl = (values['base-url'] ?? env.CASCADE_BINANCE_DATA_URL ?? defaultBaseUrl).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) fail(`--base-url must be an http(s) URL like ${defaultBaseUrl}; got "${baseUrl}"`);
  const series: DataSeries = { market, symbol: binanceSymbol(values.symbol as string), kind, ...(interval === undefined ? {} : { interval }) };
  return { series, from, to, root: resolve(values.out ?? repoDataDir), baseUrl, attempts, dryRun: values['dry-run'] };
}

/** `npm run data -- download …`; resolves to the exit status. */
export async function runDownload(argv: readonly string[], now: number = Date.now()): Promise<number> {
  let args: DownloadArgs;
  let plan;
  try {
    args = parseDownloadArgs(argv, process.env);
    plan = planFiles(args.series, args.from, args.to, lastPublishedDay(now));
  } catch (e) {
    if (!(e instanceof UsageError || e instanceof PlanError)) throw e;
    console.error(`data download: ${(e as Error).message}\n\nSee: npm run data -- download --help`);
    return 2;
  }
  const cwd = process.cwd();
  for (const note of plan.notes) console.error(`data: ${note}`);
  if (args.dryRun) {
    for (const f of plan.files) console.log(`${args.baseUrl}/${f.remotePath}  ->  ${displayPath(resolve(args.root, f.localPath), cwd)}`);
    return 0;
  }
  const progress = progressOn(process.stderr);
  const results = await downloadFiles(plan.files, {
    baseUrl: args.baseUrl,
    root: args.root,
    progress,
    retry: {
      ...defaultRetryPolicy,
      attempts: args.attempts,
      onRetry: (what, attempt, waitMs, reason) => progress.notice(`${reason}: retrying in ${waitMs / 1000} s (try ${attempt + 1} of ${args.attempts}) ${what}`),
    },
  });
  const summary = summarize(args.series, `${args.from} … ${args.to}`, results, cwd);
  console.log(summary.report);
  if (summary.problems.length === 0) return 0;
  console.error(`\ndata: ${summary.problems.length} of ${results.length} files did not arrive:`);
  for (const p of summary.problems) console.error(`  ${p}`);
  return 1;
}
