import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BINANCE_TRADES_HEADER, KlineWriter, TextFile, binanceTradeLine, regimeTapePlan, regimeTrades } from '@cascade/tools/synthetic';
import { AnalyzeReportSchema, type AnalyzeReport } from '../inspect/analyze-report.js';
import { analyzeCommand } from './analyze.js';

const tape = new URL('../../../../sample-data/tapes/ethusdt-trades-2023-02-02.csv', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-analyze-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const code = await analyzeCommand.run(args);
    return { code, out: log.mock.calls.map((c) => String(c[0])).join('\n'), err: error.mock.calls.map((c) => String(c[0])).join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('cli analyze', () => {
  it('--json on the real ETH/USDT tape at 09:21:30: schema-valid, values as counted by hand', async () => {
    const r = await run(['--tape', tape, '--at', '2023-02-02T09:21:30Z', '--json']);
    expect(r.code).toBe(0);
    const report: AnalyzeReport = AnalyzeReportSchema.parse(JSON.parse(r.out));
    // By awk over the file (timestamp ≤ 1675329690000): 375 trades, the last id 1206419561 buy 1.263 @ 1667.12;
    // Σ buy − Σ sell of those 375 = 146.269 (the 5m window holds all of them: the tape starts 09:20:00.138);
    // trades in (09:20:30, 09:21:30]: buy 782.904, sell 738.236, 207 trades;
    // the 09:21 candle so far (09:21:00–09:21:30): open 1667.23, high 1667.24, low 1667.0, close 1667.12, Σ 1165.019, 110 trades.
    expect(report.tradesReplayed).toBe(375);
    expect(report.lastTrade).toEqual({ id: '1206419561', ts: 1675329689804, price: 1667.12, amount: 1.263, side: 'buy' });
    expect(report.orderFlow.windows['5m']?.delta).toBeCloseTo(146.269, 9);
    expect(report.orderFlow.windows['1m']).toMatchObject({ trades: 207 });
    expect(report.orderFlow.windows['1m']?.buyVolume).toBeCloseTo(782.904, 9);
    expect(report.orderFlow.windows['1m']?.sellVolume).toBeCloseTo(738.236, 9);
    expect(report.candles['1m']).toMatchObject({ openTime: 1675329660000, open: 1667.23, high: 1667.24, low: 1667, close: 1667.12, trades: 110 });
    expect(report.candles['1m']?.volume).toBeCloseTo(1165.019, 9);
    // Two minutes of tape: no 15m candle has closed, so Level 1 fails on history and says how much it needs.
    expect(report.regime).toMatchObject({ verdict: 'RANGING', persistence: null, adx: null });
    const l1 = report.levels[0];
    expect(l1).toMatchObject({ level: 'level1_regime', passed: false });
    expect(l1?.checks.find((c) => c.name === 'adx')?.detail).toMatch(/needs 28 15m candles, have 0/);
    // RANGING: Levels 2–4 are shown for both sides.
    expect(report.levels.map((l) => `${l.level}:${l.side}`)).toEqual(['level1_regime:null', 'level2_zone:long', 'level3_cascade:long', 'level4_bounce:long', 'level2_zone:short', 'level3_cascade:short', 'level4_bounce:short']);
    const cascadeLong = report.levels[2];
    expect(cascadeLong?.checks[0]).toEqual({ name: 'weak1m', passed: false, detail: '1m buy/sell 1.06 ≤ 2' }); // 782.904 / 738.236 = 1.0605
  });

  it('TIME outside the tape says the tape’s span', async () => {
    const before = await run(['--tape', tape, '--at', '2023-02-02T09:00:00Z']);
    expect(before.code).toBe(2);
    expect(before.err).toMatch(/before the tape's first trade \(2023-02-02T09:20:00.138Z\)/);
    const after = await run(['--tape', tape, '--at', '2023-02-02T10:00:00Z']);
    expect(after.code).toBe(2);
    expect(after.err).toMatch(/after the tape's last trade \(2023-02-02T09:23:27.493Z\); give a time between 2023-02-02T09:20:00.138Z and 2023-02-02T09:23:27.493Z/);
    expect((await run(['--tape', tape])).err).toMatch(/--at TIME is required/);
  });

  it('--warmup seeds the regime: a generated trend with 34 h of 1m klines has every regime value at its first hour', async () => {
    const opts = { regime: 'trend', seed: 106, hours: 1, activity: 0.03 } as const;
    const plan = regimeTapePlan(opts);
    const tapePath = join(tmp, 'binance-ethusdt-trades-synth.csv');
    const warmPath = join(tmp, 'warm-1m.csv');
    const out = new TextFile(tapePath);
    await out.line(BINANCE_TRADES_HEADER);
    const warm = new KlineWriter(new TextFile(warmPath));
    for (const t of regimeTrades(opts)) {
      if (t.ts < plan.tapeStart) await warm.add(t);
      else await out.line(binanceTradeLine(t));
    }
    await out.end();
    await warm.end(plan.tapeStart);
    const r = await run(['--tape', tapePath, '--warmup', warmPath, '--at', String(plan.tapeStart + 30 * 60_000), '--json']);
    expect(r.code).toBe(0);
    const report = AnalyzeReportSchema.parse(JSON.parse(r.out));
    // 34 h = 136 15m candles from the file, plus the tape's 00:00 candle (closed by the first trade
    // after 00:15; the 00:15 candle closes only with a trade at or after 00:30, later than --at).
    expect(report.warmup).toMatchObject({ candles15m: 136, droppedAfterTapeStart: 0 });
    expect(report.regime.values.candles15m).toBe(137);
    expect(report.regime.persistence).not.toBeNull();
    expect(report.regime.adx).not.toBeNull();
    expect(report.levels[0]?.checks.some((c) => /needs \d+ 15m candles/.test(c.detail))).toBe(false);
  });
});
