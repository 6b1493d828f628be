import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plantedTape } from '@cascade/tools/synthetic';
import { repoRoot } from '../../tools/src/local/stack.js';
import { writeTape } from '../support/stack-harness.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], opts: { interruptWhen?: (stderr: string) => boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/src/local/cli.ts', ...args], { cwd: repoRoot, env: { ...process.env, FIRESTORE_EMULATOR_HOST: '', PUBSUB_EMULATOR_HOST: '' } });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!interrupted && opts.interruptWhen?.(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const listening = (hostPort: string): Promise<boolean> =>
  new Promise((resolve) => {
    const [host, port] = hostPort.split(':');
    const s = connect(Number(port), host as string);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('npm start (the local stack CLI)', () => {
  it('--help explains the options', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--tape', '--speed', '--live', '--once', '--format']) expect(r.stdout).toContain(flag);
  });

  // Issue 10 item 6: on a clean clone `npm start` made 0 setups, 0 signals and 0 orders over its whole default tape.
  it('the default run (no --tape) replays the generated day with its warm-up, says so, and fills', async () => {
    const r = await runCli(['--speed', 'max', '--once']);
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toContain('replaying a generated tape (binance-ethusdt-trades-generated-trend-s7.csv.gz)');
    expect(r.stderr).toMatch(/generated tape \d/);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { trades: number; setups: number; signals: number; fills: number; warmUp: { ready: boolean; warmingUpMs: number } };
    // 24 h of the trend regime at a tenth of the fitted order rate (sample-data/README.md).
    expect(out.trades).toBe(330_017);
    expect(out.warmUp).toMatchObject({ ready: true, warmingUpMs: 0 });
    expect(out.setups).toBeGreaterThan(0);
    expect(out.signals).toBeGreaterThan(0);
    expect(out.fills).toBeGreaterThanOrEqual(1);
  }, 600_000);

  it('--once replays a tape to the end and prints one line of JSON with the totals', async () => {
    const tape = plantedTape({ cycles: 2 });
    const r = await runCli(['--tape', writeTape(tape), '--speed', 'max', '--once']);
    expect(r.code).toBe(0);
    const last = r.stdout.trim().split('\n').pop() as string;
    const out = JSON.parse(last) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['trades', 'setups', 'signals', 'orders', 'fills', 'openPositions', 'realizedPnl', 'funnel', 'warmUp']);
    // Two planted cycles: every trade analysed, 2 setups → 2 signals → 2 entries + 2 exits, all filled.
    expect(out).toMatchObject({ trades: tape.length, setups: 2, signals: 2, orders: 4, fills: 4, openPositions: 0 });
    expect(typeof out.realizedPnl).toBe('string');
    // The funnel with the check that stopped each evaluation (issue 10 item 4): the planted tape's first
    // 130 candles are the regime's warm-up, and both setups pass decide's score.
    const funnel = out.funnel as Record<string, { evaluated: number; passed: number; stopped: number; reasons: Record<string, number> }>;
    expect(Object.keys(funnel)).toEqual(['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce', 'confluence_score']);
    for (const s of Object.values(funnel)) expect(Object.values(s.reasons).reduce((a, b) => a + b, 0)).toBe(s.stopped);
    expect(funnel['level1_regime']!.reasons['warmingUp']).toBeGreaterThan(0);
    expect(funnel['level4_bounce']!.passed).toBe(2);
    expect(funnel['confluence_score']).toMatchObject({ evaluated: 2, passed: 2, stopped: 0 });
    expect(out.warmUp).toMatchObject({ seeded: null, candlesNeeded15m: 119, ready: true });
  });

  it('--warmup FILE seeds the regime before the first trade: Level 1 never waits', async () => {
    // 1800 1m candles (120 × 15m once folded) of a gentle staircase ending where the tape starts.
    const tape = plantedTape({ cycles: 1 }).slice(-3000);
    const first = tape[0]!.ts;
    const start = first - (first % 60_000) - 1800 * 60_000;
    const rows = Array.from({ length: 1800 }, (_, i) => [start + i * 60_000, 100 + i * 0.01, 100.2 + i * 0.01, 99.9 + i * 0.01, 100.1 + i * 0.01, 5]);
    const warm = join(mkdtempSync(join(tmpdir(), 'cascade-warm-')), 'xyzusdt-1m.json');
    writeFileSync(warm, JSON.stringify(rows));
    const r = await runCli(['--tape', writeTape(tape), '--warmup', warm, '--speed', 'max', '--once']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { funnel: Record<string, { reasons: Record<string, number> }>; warmUp: Record<string, unknown> };
    expect(out.funnel['level1_regime']!.reasons['warmingUp']).toBe(0);
    expect(out.warmUp).toMatchObject({ seeded: { '1m': 1800 }, warmingUpMs: 0, ready: true });
  });

  it('Ctrl-C stops every process it started', async () => {
    const r = await runCli(['--tape', writeTape(plantedTape({ cycles: 1 })), '--speed', '1'], { interruptWhen: (e) => e.includes('stack ready') });
    const hosts = [...r.stderr.matchAll(/(firestore|pubsub) (127\.0\.0\.1:\d+)/g)].map((m) => m[2] as string);
    expect(hosts).toHaveLength(2);
    expect(r.stderr).toContain('stopping every process this stack started');
    for (const h of hosts) expect(await listening(h)).toBe(false);
  });

  it('says what to do when the tape does not exist', async () => {
    const r = await runCli(['--tape', '/nonexistent/tape.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('tape not found: /nonexistent/tape.csv. Pass --tape FILE');
  });
});
