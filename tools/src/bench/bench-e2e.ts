// End-to-end measurements on the real local stack: emulator start time, publish→paper-fill latency
// over the planted tape with its stage breakdown, the emulators' bare round trips (the floor under
// that latency), and replay throughput with --speed max. Prints bench lines (bench-line.ts).
import { sleep } from '@cascade/adapters/clock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Timestamp } from 'firebase-admin/firestore';
import { z } from 'zod';
import { readField } from '@cascade/adapters/firestore';
import { plantedTape, toCcxtJson } from '../synthetic/index.js';
import { startEmulators } from '../local/emulators.js';
import { installExitHooks } from '../local/processes.js';
import { repoRoot, startStack } from '../local/stack.js';
import { StackMonitor, type StackStatus } from '../local/monitor.js';
import { type BenchLine, formatBenchLine, rssNowMB } from './bench-line.js';
import { emulatorRoundTrips } from './emulator-round-trips.js';

const HELP = `npm run bench:e2e -- [options]: the local stack on the emulators, measured end to end.
Prints bench lines on stdout (progress on stderr):
  e2e.publish-to-fill        streamer publish of the trigger batch → paper fill committed in Firestore,
                             p50us/p99us over every filled entry, with the stage breakdown (stagesMs)
  e2e.emulator.*             bare emulator round trips (Pub/Sub pull, push, a pull→push→push chain;
                             Firestore read, transaction): the floor under e2e.publish-to-fill
  e2e.replay.*               replay throughput with --speed max (trades/s reaching analytics)

  --cycles N         planted-tape cycles (default 300: about 260 filled signals)
  --speed X          replay speed (default 3000; each setup is settled before the tape goes on, so
                     speed changes how long the run takes, not what is measured)
  --min-signals N    fail (exit 1) when fewer filled signals were measured (default 200)
  --round-trips N    samples per emulator round trip (default 100; 0 skips them)
  --no-throughput    skip the replay-throughput runs
  --help             this text
`;

process.env.METADATA_SERVER_DETECTION = 'none';
const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '300' },
    speed: { type: 'string', default: '3000' },
    'min-signals': { type: 'string', default: '200' },
    'round-trips': { type: 'string', default: '100' },
    'no-throughput': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
installExitHooks();
const cycles = Number(values.cycles);
const minSignals = Number(values['min-signals']);
const roundTrips = Number(values['round-trips']);
for (const [flag, v] of [['--cycles', cycles], ['--speed', Number(values.speed)], ['--min-signals', minSignals], ['--round-trips', roundTrips]] as const) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} must be a non-negative number`);
}
const log = (l: string) => process.stderr.write(`${l}\n`);

async function settle(mon: StackMonitor, timeoutMs: number): Promise<StackStatus> {
  const deadline = Date.now() + timeoutMs;
  let stable = 0;
  let s: StackStatus | null = null;
  while (Date.now() < deadline) {
    s = await mon.status();
    if (mon.quiescent(s)) {
      if (++stable >= 3) return s;
    } else stable = 0;
    if (s.tape?.progress != null) process.stderr.write(`\r  tape ${(s.tape.progress * 100).toFixed(1)}%  fills ${s.firestore.fills}   `);
    await sleep(500);
  }
  throw new Error(`did not settle: ${JSON.stringify(s)}`);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

const emu = await startEmulators(join(repoRoot, '.cascade/logs/bench'));
log(`emulators started in ${emu.startMs} ms`);
const hosts = { firestoreHost: emu.firestoreHost, pubsubHost: emu.pubsubHost };
try {
  // 1. Latency over the planted tape.
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  const tapePath = join(dir, 'planted-xyzusdt-trades.json');
  writeFileSync(tapePath, toCcxtJson(plantedTape({ cycles })));
  const t0 = Date.now();
  const stack = await startStack({ projectId: 'demo-bench-latency', tape: tapePath, speed: Number(values.speed), emulators: hosts, log });
  const stackStartMs = Date.now() - t0;
  const mon = new StackMonitor(stack);
  const s1 = await settle(mon, 60 * 60_000);
  const orders = await mon.db.collection('orders').where('intent', '==', 'open').where('status', '==', 'filled').get();
  const signalDocs = new Map((await mon.db.collection('signals').get()).docs.map((d) => [d.id, d]));
  const lat: number[] = [];
  // The stages, from the timestamps the messages and documents carry (all wall ms of this machine):
  // triggerPublishedAt (streamer, the trigger batch's tsInit) → setupPublishedAt (analytics, the
  // setup's tsInit) → signal createdAt (decide started) → order createdAt (execute past its risk gate
  // and routing) → recordedAt (the fill's commit, Firestore's own clock).
  const stage = { analytics: [] as number[], setupToDecide: [] as number[], decideToExecute: [] as number[], executeToCommit: [] as number[] };
  for (const d of orders.docs) {
    const recorded = readField(z.instanceof(Timestamp), d, 'recordedAt').toMillis();
    const published = readField(z.number(), d, 'triggerPublishedAt');
    lat.push(recorded - published);
    const sig = signalDocs.get(readField(z.string(), d, 'signalId'));
    if (sig) {
      const setupPublishedAt = readField(z.number(), sig, 'setupPublishedAt');
      const decidedAt = readField(z.number(), sig, 'createdAt');
      const executedAt = readField(z.number(), d, 'createdAt');
      stage.analytics.push(setupPublishedAt - published);
      stage.setupToDecide.push(decidedAt - setupPublishedAt);
      stage.decideToExecute.push(executedAt - decidedAt);
      stage.executeToCommit.push(recorded - executedAt);
    }
  }
  lat.sort((a, b) => a - b);
  for (const xs of Object.values(stage)) xs.sort((a, b) => a - b);
  await mon.close();
  await stack.stop();
  log('');

  // 2. The emulators alone: what any path through them costs with no work at any hop.
  const floor = roundTrips > 0 ? await emulatorRoundTrips(hosts, roundTrips) : [];

  // 3. Replay throughput, --speed max, on the default recorded tape and on a large planted tape.
  const throughput: Record<string, { trades: number | undefined; seconds: number; tradesPerSecEndToAnalytics: number }> = {};
  const replays = [['xrpeth-2019-10', join(repoRoot, 'sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz')], ['planted-200k', tapePath]] as const;
  for (const [name, path] of values['no-throughput'] ? [] : replays) {
    let p = path;
    if (name === 'planted-200k') {
      p = join(dir, 'big-xyzusdt-trades.json');
      writeFileSync(p, toCcxtJson(plantedTape({ cycles: 560 })));
    }
    const st = await startStack({ projectId: `demo-bench-${name}`.slice(0, 30), tape: p, speed: 'max', emulators: hosts, log });
    const m = await new StackMonitor(st);
    const start = Date.now();
    let s: StackStatus;
    for (;;) {
      s = await m.status();
      if (s.tape?.state === 'done' && (s.analytics?.trades ?? 0) >= s.tape.published) break;
      await sleep(100);
    }
    const secs = (Date.now() - start) / 1000;
    throughput[name] = { trades: s.analytics?.trades, seconds: Number(secs.toFixed(2)), tradesPerSecEndToAnalytics: Math.round((s.analytics?.trades ?? 0) / secs) };
    await m.close();
    await st.stop();
  }
  // Bench lines (bench-line.ts). rssMB is this driver's: the stack's processes are measured by bench:scale.
  const rssMB = rssNowMB();
  const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x * 1000);
  const stagesMs = Object.fromEntries(Object.entries(stage).map(([k, xs]) => [k, { p50: pct(xs, 0.5), p99: pct(xs, 0.99) }]));
  const lines: BenchLine[] = [
    { name: 'e2e.publish-to-fill', tradesPerSec: null, p50us: ms(pct(lat, 0.5)), p99us: ms(pct(lat, 0.99)), rssMB, emulatorStartMs: emu.startMs, stackStartMs, cycles, speed: Number(values.speed), signals: s1.firestore.tradeSignals, fills: lat.length, p90ms: pct(lat, 0.9), maxMs: lat[lat.length - 1] ?? null, stagesMs },
    ...floor,
    ...Object.entries(throughput).map(([name, t]): BenchLine => ({ name: `e2e.replay.${name}`, tradesPerSec: t.tradesPerSecEndToAnalytics, p50us: null, p99us: null, rssMB, trades: t.trades, seconds: t.seconds })),
  ];
  for (const l of lines) process.stdout.write(`${formatBenchLine(l)}\n`);
  if (lat.length < minSignals) {
    log(`only ${lat.length} filled signals were measured (--min-signals ${minSignals}): run a longer tape (--cycles)`);
    process.exitCode = 1;
  }
} finally {
  await emu.stop();
}
