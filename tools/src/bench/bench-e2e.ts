// End-to-end measurements on the real local stack: emulator start time, publish→paper-fill latency
// over the planted tape, and replay throughput with --speed max. Prints bench lines (bench-line.ts).
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

process.env.METADATA_SERVER_DETECTION = 'none';
installExitHooks();
const { values } = parseArgs({ options: { cycles: { type: 'string', default: '220' }, speed: { type: 'string', default: '1200' } } });
const cycles = Number(values.cycles);
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
  const s1 = await settle(mon, 30 * 60_000);
  const orders = await mon.db.collection('orders').where('intent', '==', 'open').where('status', '==', 'filled').get();
  const signalDocs = new Map((await mon.db.collection('signals').get()).docs.map((d) => [d.id, d]));
  const lat: number[] = [];
  const stage = { analytics: [] as number[], decide: [] as number[], execute: [] as number[] };
  for (const d of orders.docs) {
    const recorded = readField(z.instanceof(Timestamp), d, 'recordedAt').toMillis();
    const published = readField(z.number(), d, 'triggerPublishedAt');
    lat.push(recorded - published);
    const sig = signalDocs.get(readField(z.string(), d, 'signalId'));
    if (sig) {
      const setupPublishedAt = readField(z.number(), sig, 'setupPublishedAt');
      const decidedAt = readField(z.number(), sig, 'createdAt');
      stage.analytics.push(setupPublishedAt - published);
      stage.decide.push(decidedAt - setupPublishedAt);
      stage.execute.push(recorded - decidedAt);
    }
  }
  lat.sort((a, b) => a - b);
  for (const xs of Object.values(stage)) xs.sort((a, b) => a - b);
  await mon.close();
  await stack.stop();
  log('');

  // 2. Replay throughput, --speed max, on the default recorded tape and on a large planted tape.
  const throughput: Record<string, { trades: number | undefined; seconds: number; tradesPerSecEndToAnalytics: number }> = {};
  for (const [name, path] of [['xrpeth-2019-10', join(repoRoot, 'sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz')], ['planted-200k', tapePath]] as const) {
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
  const lines: BenchLine[] = [
    { name: 'e2e.publishToFill', tradesPerSec: null, p50us: ms(pct(lat, 0.5)), p99us: ms(pct(lat, 0.99)), rssMB, emulatorStartMs: emu.startMs, stackStartMs, signals: s1.firestore.tradeSignals, fills: lat.length, p90ms: pct(lat, 0.9), maxMs: lat[lat.length - 1] ?? null, stagesMs: Object.fromEntries(Object.entries(stage).map(([k, xs]) => [k, { median: pct(xs, 0.5), p99: pct(xs, 0.99) }])) },
    ...Object.entries(throughput).map(([name, t]): BenchLine => ({ name: `e2e.replay.${name}`, tradesPerSec: t.tradesPerSecEndToAnalytics, p50us: null, p99us: null, rssMB, trades: t.trades, seconds: t.seconds })),
  ];
  for (const l of lines) process.stdout.write(`${formatBenchLine(l)}\n`);
} finally {
  await emu.stop();
}
