import { sleep } from '@cascade/adapters/clock';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { installExitHooks, stopAllSync } from './processes.js';
import { type Stack, defaultTape, defaultWarmup, isGeneratedTape, startStack } from './stack.js';
import { StackMonitor, type StackStatus } from './monitor.js';
import { readWarmupFile } from '@cascade/adapters/tape-files';
import { warmUpBrief } from '@cascade/core';

/** A replay has one market: its value alone; several (live) keyed by market. Null before any trade. */
function oneOrAll<T>(byMarket: Record<string, T>): T | Record<string, T> | null {
  const v = Object.values(byMarket);
  return v.length === 0 ? null : v.length === 1 ? (v[0] as T) : byMarket;
}

const HELP = `npm start -- [options]   run Cascade locally, end to end, in paper mode

Starts the Firestore and Pub/Sub emulators, provisions topics and subscriptions, hosts the functions
(decide, executeSignal, executeExit, notify) on functions-framework, starts the streamer and
analytics services, and replays a tape through all of it. Ctrl-C stops everything it started.

Options
  --tape FILE     tape to replay (default: a generated day, sample-data/generated/, with its warm-up;
                  the real tapes are in sample-data/tapes)
                  formats: ccxt trade JSON/CSV, Binance public-data trades/aggTrades CSV or .zip, Parquet
  --symbol S      the tape's symbol when its file name does not say (e.g. BTC/USDT, or BTC/USDT:USDT
                  for the USDT-margined perpetual: shorts, leverage, isolated margin, funding, liquidation)
  --market M      spot or perp: trade the tape as this market whatever its symbol says
  --warmup FILE   closed 1m and/or 15m candles (Binance kline CSV/zip or ccxt OHLCV JSON) that seed the
                  regime before the tape's first trade; without it Level 1 waits for ~30 h of the
                  tape's own 15m candles (the status line says how long)
  --format F      the tape's format when it cannot be detected: ccxt-json, ccxt-csv,
                  binance-trades-csv, binance-aggtrades-csv, kraken-csv, truefx-quotes-csv, parquet
  --speed N|max   replay at N× wall clock, or as fast as the machine goes (default 1000)
  --live          stream live trades with ccxt.pro watchTrades instead of a tape (orders stay paper)
  --exchange E    exchange for --live (default binance)
  --symbols A,B   symbols for --live (default BTC/USDT,ETH/USDT)
  --once          exit when the tape has ended and every message it caused has been handled;
                  prints one line of JSON with the totals, the level funnel with the check that
                  stopped each evaluation, and the regime's warm-up
  --twice         publish every message twice (shows that duplicates change nothing)
  --dashboard-port N
                  serve the dashboard on this port (default: a free one; the status line shows the URL)
  --no-dashboard  start no dashboard (no Auth emulator, no build): the stack is up ~15 s sooner
  -h, --help      this help

The dashboard (issue 13) is the app Firebase Hosting serves, built from dashboard/ and served here with
the Auth emulator: sign in as admin@cascade.local / local-admin (an emulator account with the admin
claim). Reports are read from ./reports (CASCADE_REPORTS_DIR): backtests with --out reports/backtests/NAME.

Set SENDGRID_API_KEY (and ALERT_EMAIL_TO / ALERT_EMAIL_FROM) to email notifications; without it they
are stored in the notifications collection. Logs of every process go to .cascade/logs/<run>/.
`;

function fmtStatus(s: StackStatus, mon: StackMonitor, generated: boolean, dashboardUrl: string | null): string {
  const t = s.tape;
  const progress = t?.progress != null ? `${(t.progress * 100).toFixed(1)}%` : '—';
  return [
    ...(dashboardUrl ? [`dashboard ${dashboardUrl}`] : []),
    `${generated ? 'generated ' : ''}tape ${progress} (${t?.published ?? 0} trades, ${t?.tradesPerSec ?? 0}/s)`,
    `analysed ${s.analytics?.trades ?? 0}`,
    `setups ${mon.count('setup.detected')}`,
    `signals ${s.firestore.tradeSignals}`,
    `orders ${s.firestore.orders}`,
    `fills ${s.firestore.fills}`,
    `open ${s.firestore.openPositions}`,
    `realized P&L ${s.firestore.realizedPnl}`,
    ...Object.values(s.analytics?.warmUp ?? {}).slice(0, 1).map(warmUpBrief),
  ].join(' | ');
}

async function main(): Promise<void> {
  // No GCE metadata server exists locally: keep google-auth from probing for one.
  process.env.METADATA_SERVER_DETECTION ??= 'none';
  const { values } = parseArgs({
    options: {
      tape: { type: 'string' },
      symbol: { type: 'string' },
      format: { type: 'string' },
      market: { type: 'string' },
      warmup: { type: 'string' },
      speed: { type: 'string', default: '1000' },
      live: { type: 'boolean', default: false },
      exchange: { type: 'string', default: 'binance' },
      symbols: { type: 'string', default: 'BTC/USDT,ETH/USDT' },
      once: { type: 'boolean', default: false },
      twice: { type: 'boolean', default: false },
      'dashboard-port': { type: 'string' },
      'no-dashboard': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const speed = values.speed === 'max' ? 'max' : Number(values.speed);
  if (speed !== 'max' && !(speed > 0)) throw new Error(`--speed must be a positive number or "max" (got "${values.speed}")`);
  if (values.market !== undefined && values.market !== 'spot' && values.market !== 'perp') throw new Error(`--market must be spot or perp (got "${values.market}")`);
  const dashboardPort = values['dashboard-port'] !== undefined ? Number(values['dashboard-port']) : undefined;
  if (dashboardPort !== undefined && !(Number.isInteger(dashboardPort) && dashboardPort > 0 && dashboardPort < 65536)) throw new Error(`--dashboard-port must be a TCP port number (got "${values['dashboard-port']}")`);
  const tape = values.tape ? resolve(values.tape) : defaultTape;
  if (!values.live && !existsSync(tape)) throw new Error(`tape not found: ${tape}. Pass --tape FILE (see --help).`);
  if (values.warmup !== undefined && values.live) throw new Error('--warmup seeds a replay; --live warms up from the venue\'s own candles (fetchOHLCV). Leave one out.');
  // The default tape comes with its warm-up history; a tape the user names gets only the warm-up they name.
  const warmup = values.warmup !== undefined ? resolve(values.warmup) : !values.tape && !values.live ? defaultWarmup : undefined;
  if (!values.live && isGeneratedTape(tape)) console.error(`replaying a generated tape (${tape.split('/').at(-1)}): seeded, its trade sizes, gaps and buy/sell mix fitted to real Binance ETHUSDT tapes; --tape FILE replays a real one`);
  // Read it once here so a bad file is reported before the emulators start, not buried in the analytics log.
  if (warmup) {
    const w = await readWarmupFile(warmup).catch((e: unknown) => {
      throw new Error(`--warmup: ${(e as Error).message}`);
    });
    console.error(`warm-up ${warmup}: ${w['15m']?.length ?? 0} × 15m, ${w['1m']?.length ?? 0} × 1m candles (those ending after the tape's first trade are dropped)`);
  }

  let stack: Stack | null = null;
  let monitor: StackMonitor | null = null;
  let stopping = false;
  const shutdown = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      if (process.stdout.isTTY) process.stdout.write('\n');
      await monitor?.close();
      await stack?.stop();
    }
    stopAllSync();
    process.exit(code);
  };
  installExitHooks(() => {
    console.error('\nstopping every process this stack started…');
    void shutdown(130);
  });

  const t0 = Date.now();
  const say = (l: string) => console.error(l);
  stack = await startStack({
    tape,
    symbol: values.symbol,
    format: values.format,
    ...(values.market === 'spot' || values.market === 'perp' ? { market: values.market } : {}),
    ...(warmup ? { warmup } : {}),
    speed,
    live: values.live ? { exchange: values.exchange, symbols: values.symbols.split(',').filter(Boolean) } : undefined,
    publishTwice: values.twice,
    dashboard: values['no-dashboard'] ? false : { ...(dashboardPort !== undefined ? { port: dashboardPort } : {}) },
    log: say,
    onLine: (proc, line) => {
      if (line.startsWith('notify:') || line.includes('dead-lettered') || /error|failed/i.test(line)) say(`[${proc}] ${line}`);
    },
  });
  say(`stack ready in ${Date.now() - t0} ms; logs in ${stack.logDir}`);
  if (stack.ports.api !== null) say(`watchlist API: http://127.0.0.1:${stack.ports.api}/api/v1/watchlist (header x-api-key: ${process.env.CASCADE_API_KEY ?? 'local-dev-key'})`);
  if (stack.ports.jobs !== null) say('scheduled jobs fire on their cron (UTC), as Cloud Scheduler does in production');
  say(`Firestore emulator: FIRESTORE_EMULATOR_HOST=${stack.firestoreHost} (npm run cli -- seed-config writes the default config)`);
  if (stack.dashboard) say(`dashboard: ${stack.dashboard.url} (sign in as ${stack.dashboard.admin.email} / ${stack.dashboard.admin.password}; Auth emulator ${stack.dashboard.authEmulatorHost})`);
  monitor = new StackMonitor(stack);

  const tty = process.stdout.isTTY === true;
  let lastPrint = 0;
  let stableSince = 0;
  for (;;) {
    await sleep(500);
    const s = await monitor.status();
    if (s.tape?.state === 'failed') {
      say('streamer failed; see its log');
      await shutdown(1);
    }
    const line = fmtStatus(s, monitor, !values.live && isGeneratedTape(tape), stack.dashboard?.url ?? null);
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else if (Date.now() - lastPrint >= 5_000) {
      say(line);
      lastPrint = Date.now();
    }
    if (values.once) {
      // Two consecutive quiescent polls: a message in flight between two reads cannot slip through.
      if (monitor.quiescent(s)) {
        if (stableSince === 0) stableSince = Date.now();
        else if (Date.now() - stableSince >= 1_000) {
          if (tty) process.stdout.write('\n');
          const out = {
            trades: s.analytics?.trades ?? 0,
            setups: monitor.count('setup.detected'),
            signals: s.firestore.tradeSignals,
            orders: s.firestore.orders,
            fills: s.firestore.fills,
            openPositions: s.firestore.openPositions,
            realizedPnl: s.firestore.realizedPnl,
            funnel: await monitor.funnel(s),
            warmUp: oneOrAll(s.analytics?.warmUp ?? {}),
          };
          await monitor.close();
          monitor = null;
          await stack.stop();
          stack = null;
          process.stdout.write(`${JSON.stringify(out)}\n`);
          process.exit(0);
        }
      } else stableSince = 0;
    }
  }
}

main().catch((e: unknown) => {
  console.error(`cascade: ${(e as Error).message}`);
  stopAllSync();
  process.exit(1);
});
