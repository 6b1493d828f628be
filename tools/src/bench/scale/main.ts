/**
 * `npm run bench:scale` (issue 14 item 6): one analytics service fed by the replay streamer at a
 * combined rate (default 20 000 trades/s) split over 1 → 10 → 100 → 500 symbols, on the emulators.
 * Per N, after a warm-up, it samples the analytics process for a window: CPU % (utime + stime deltas of
 * /proc/<pid>/stat), RSS (/proc/<pid>/status), and consumer lag (publish → batch handled, from the
 * service's cumulative lag histogram on /status, read at both ends of the window). One bench line per N.
 * Start it under `flock /tmp/cascade-it.lock` on a shared machine (it starts the emulators).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PubSub } from '@google-cloud/pubsub';
import { z } from 'zod';
import { provisionPubSub } from '@cascade/infra';
import { startEmulators } from '../../local/emulators.js';
import { installExitHooks, type ManagedProcess, spawnManaged } from '../../local/processes.js';
import { freePort, waitForHttp } from '../../local/ports.js';
import { emulatorEnv, repoRoot } from '../../local/stack.js';
import { type BenchLine, formatBenchLine, round } from '../bench-line.js';
import { LagHistogramSchema, lagBetween } from './lag-histogram.js';
import { cpuSeconds, memoryMB } from './proc-sample.js';
import { type ScaleTapes, scaleTapes } from './tapes.js';

const HELP = `npm run bench:scale -- [options]: the analytics service under a combined trade rate split over
N symbols (replay streamer → Pub/Sub emulator → analytics), one bench line per N on stdout:
  {"name":"scale.analytics.<N>sym","tradesPerSec","p50us":null,"p99us":null,"rssMB","cpuPct","lagP50ms","lagP99ms","lagMaxMs",...}
tradesPerSec is what analytics handled in the window; cpuPct 100 = one core; lag = now − Pub/Sub publish
time when analytics starts on the batch (percentiles to within 10 %).

  --symbols A,B,..   symbol counts to run (default 1,10,100,500)
  --rate R           combined trades/s over all symbols (default 20000)
  --warmup S         seconds after the replay starts before the window opens (default 15)
  --seconds S        window length (default 45)
  --out FILE         also write the lines to FILE
  --tapes DIR        where generated tapes are kept between runs (default .cascade/bench-scale)
  --bundle           run the services' production bundles (npm run build:services, node dist/main.js, as
                     the images do) instead of the TypeScript sources under tsx (the line says runtime)
  --node-options O   extra node flags for the analytics process, e.g. "--max-old-space-size=256"
                     (the line then carries nodeOptions)
  --help             this text

It starts its own Firestore and Pub/Sub emulators: on a shared machine run it as
  flock /tmp/cascade-it.lock npm run bench:scale
Compare two runs with: npm run bench -- --compare BEFORE --after AFTER
`;

const log = (l: string) => process.stderr.write(`${l}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const AnalyticsStatusSchema = z.looseObject({ trades: z.number(), batches: z.number(), duplicateBatches: z.number(), consumerLagHistogramMs: LagHistogramSchema, warmUp: z.record(z.string(), z.unknown()) });
const StreamerStatusSchema = z.looseObject({ state: z.string(), published: z.number(), batches: z.number(), error: z.string().nullable() });

async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const r = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return schema.parse(await r.json());
}

interface Hosts {
  firestoreHost: string;
  pubsubHost: string;
}

/** How a service is started: its bundle (what the image runs) or its source under tsx. */
function serviceArgs(service: 'analytics' | 'streamer', bundle: boolean): string[] {
  if (bundle) return ['--enable-source-maps', join(repoRoot, 'run-services/dist', service, 'main.js')];
  return ['--import', createRequire(import.meta.url).resolve('tsx'), join(repoRoot, `run-services/src/${service}/main.ts`)];
}

async function runOne(n: number, tapes: ScaleTapes, o: { warmup: number; seconds: number; logDir: string; nodeOptions: string[]; bundle: boolean }, hosts: Hosts): Promise<BenchLine> {
  const projectId = `demo-scale-${n}-${Date.now() % 100_000}`;
  const env = { ...emulatorEnv(projectId, hosts.firestoreHost, hosts.pubsubHost), CASCADE_PUBLISH_TWICE: '0' };
  const pubsub = new PubSub({ projectId, apiEndpoint: hosts.pubsubHost, emulatorMode: true });
  // Only the pull subscriptions matter here: no function runs, so setups simply wait on theirs.
  await provisionPubSub(pubsub, { projectId, pushEndpoint: () => null });
  await pubsub.close();
  const procs: ManagedProcess[] = [];
  try {
    const aPort = await freePort();
    const analytics = spawnManaged(`analytics-${n}`, process.execPath, [...o.nodeOptions, ...serviceArgs('analytics', o.bundle)], {
      // Live-like: no replay settling (nothing would settle a setup: no function runs), no store, no warm-up.
      env: { ...env, PORT: String(aPort), CASCADE_REPLAY_SETTLE: '0', CASCADE_STORE_DIR: '', CASCADE_WARMUP: 'none' },
      logFile: join(o.logDir, `analytics-${n}.log`),
      cwd: repoRoot,
    });
    procs.push(analytics);
    await waitForHttp(`http://127.0.0.1:${aPort}/readyz`, 'analytics service', 120_000, analytics.exited);
    const pid = analytics.child.pid as number;
    // Before any trade: what the process holds for its clients (Firestore, Pub/Sub, gRPC) and code.
    await sleep(2000);
    const idle = memoryMB(pid);
    const sPort = await freePort();
    const streamer = spawnManaged(`streamer-${n}`, process.execPath, [...serviceArgs('streamer', o.bundle), ...tapes.paths.flatMap((p) => ['--tape', p]), '--speed', '1', '--port', String(sPort)], {
      env: { ...env, PORT: String(sPort) },
      logFile: join(o.logDir, `streamer-${n}.log`),
      cwd: repoRoot,
    });
    procs.push(streamer);
    const sUrl = `http://127.0.0.1:${sPort}/status`;
    const aUrl = `http://127.0.0.1:${aPort}/status`;
    await waitForHttp(sUrl, 'streamer', 120_000, streamer.exited);
    for (;;) {
      const s = await getJson(sUrl, StreamerStatusSchema);
      if (s.state === 'running') break;
      if (s.state !== 'opening') throw new Error(`streamer ${s.state} before the window: ${s.error ?? ''}`);
      await sleep(200);
    }
    log(`scale ${n} sym: replay running; warm-up ${o.warmup} s, then a ${o.seconds} s window`);
    await sleep(o.warmup * 1000);
    const a0 = await getJson(aUrl, AnalyticsStatusSchema);
    const s0 = await getJson(sUrl, StreamerStatusSchema);
    const t0 = performance.now();
    const cpu0 = cpuSeconds(pid);
    const scpu0 = cpuSeconds(streamer.child.pid as number);
    // One reading a second: CPU per second (its spread says how steady the load is) and RSS.
    const perSecondCpu: number[] = [];
    let rssMax = 0;
    let prev = { t: t0, cpu: cpu0 };
    while (performance.now() - t0 < o.seconds * 1000) {
      await sleep(1000);
      const now = { t: performance.now(), cpu: cpuSeconds(pid) };
      perSecondCpu.push((100 * (now.cpu - prev.cpu)) / ((now.t - prev.t) / 1000));
      prev = now;
      rssMax = Math.max(rssMax, memoryMB(pid).rssMB);
      if (perSecondCpu.length % 10 === 0) log(`  ${perSecondCpu.length} s: analytics cpu ${round(perSecondCpu.at(-1) ?? 0, 0)} %, rss ${round(rssMax, 0)} MB`);
    }
    const a1 = await getJson(aUrl, AnalyticsStatusSchema);
    const s1 = await getJson(sUrl, StreamerStatusSchema);
    const secs = (performance.now() - t0) / 1000;
    const cpuPct = (100 * (cpuSeconds(pid) - cpu0)) / secs;
    const streamerCpuPct = (100 * (cpuSeconds(streamer.child.pid as number) - scpu0)) / secs;
    const mem = memoryMB(pid);
    const lag = lagBetween(a0.consumerLagHistogramMs, a1.consumerLagHistogramMs);
    const sorted = [...perSecondCpu].sort((x, y) => x - y);
    if (s1.state === 'done') log(`  warning: the tape ended inside the window; raise its length`);
    const line: BenchLine = {
      name: `scale.analytics.${n}sym`,
      tradesPerSec: Math.round((a1.trades - a0.trades) / secs),
      p50us: null,
      p99us: null,
      rssMB: round(Math.max(rssMax, mem.rssMB), 1),
      cpuPct: round(cpuPct, 1),
      lagP50ms: lag.p50ms,
      lagP99ms: lag.p99ms,
      lagMaxMs: lag.maxMs,
      symbols: n,
      // Markets analytics has seen a trade of by the window's end (all N unless the streamer starves some).
      symbolsSeen: Object.keys(a1.warmUp).length,
      offeredTradesPerSec: Math.round((s1.published - s0.published) / secs),
      batchesPerSec: Math.round((a1.batches - a0.batches) / secs),
      // Batches delivered again (an ack the emulator lost): skipped by the engine, but their lag counts
      // from the first publish, so a handful of them make the long lag tail.
      duplicateBatches: a1.duplicateBatches - a0.duplicateBatches,
      tradesPerBatch: a1.batches > a0.batches ? round((a1.trades - a0.trades) / (a1.batches - a0.batches), 1) : null,
      cpuPctP90PerSecond: round(sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0, 0),
      rssPeakMB: round(mem.peakMB, 1),
      rssIdleMB: round(idle.rssMB, 1),
      runtime: o.bundle ? 'bundle' : 'tsx',
      ...(o.nodeOptions.length ? { nodeOptions: o.nodeOptions.join(' ') } : {}),
      streamerCpuPct: round(streamerCpuPct, 1),
      backlogTrades: s1.published - a1.trades,
      windowSeconds: round(secs, 1),
      // The bar: < 1 core, < 512 MB, lag < 1 s.
      withinTarget: cpuPct < 100 && Math.max(rssMax, mem.rssMB) < 512 && lag.maxMs !== null && lag.maxMs < 1000,
    };
    return line;
  } finally {
    for (const p of procs.reverse()) await p.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      symbols: { type: 'string', default: '1,10,100,500' },
      rate: { type: 'string', default: '20000' },
      warmup: { type: 'string', default: '15' },
      seconds: { type: 'string', default: '45' },
      out: { type: 'string' },
      tapes: { type: 'string', default: join(repoRoot, '.cascade/bench-scale') },
      'node-options': { type: 'string', default: '' },
      bundle: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const counts = values.symbols.split(',').map(Number);
  if (counts.some((c) => !Number.isInteger(c) || c < 1 || c > 999)) throw new Error(`--symbols: whole numbers 1…999 separated by commas, got ${values.symbols}`);
  const num = (name: string, v: string) => {
    const x = Number(v);
    if (!(x > 0)) throw new Error(`--${name} must be a positive number, got ${v}`);
    return x;
  };
  const o = { rate: num('rate', values.rate), warmup: num('warmup', values.warmup), seconds: num('seconds', values.seconds), tapesDir: values.tapes, nodeOptions: values['node-options'].split(' ').filter(Boolean), bundle: values.bundle, logDir: join(repoRoot, '.cascade/logs/bench-scale', new Date().toISOString().replace(/[:.]/g, '-')) };
  if (o.bundle) {
    log('scale: building the service bundles (npm run build:services)…');
    const b = spawnSync(process.execPath, [join(repoRoot, 'run-services/scripts/build.mjs')], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('npm run build:services failed (its errors are above)');
  }
  process.env.METADATA_SERVER_DETECTION = 'none';
  installExitHooks();
  if (values.out !== undefined) writeFileSync(values.out, '');
  // Tapes first (kept between runs), before the emulators: the tape outlasts the window, as the
  // slowest of 500 files to open starts a few seconds late.
  const tapes = new Map<number, ScaleTapes>();
  for (const n of counts) tapes.set(n, await scaleTapes(o.tapesDir, n, o.rate, o.warmup + o.seconds + 20, log));
  log(`scale: starting the emulators (logs in ${o.logDir})…`);
  const emu = await startEmulators(o.logDir);
  try {
    for (const n of counts) {
      const line = await runOne(n, tapes.get(n) as ScaleTapes, o, emu);
      const text = formatBenchLine(line);
      process.stdout.write(`${text}\n`);
      if (values.out !== undefined) appendFileSync(values.out, `${text}\n`);
    }
  } finally {
    await emu.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`bench:scale: ${(e as Error).message}`);
    process.exit(1);
  },
);
