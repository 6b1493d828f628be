import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MarketSpec, defaultStrategyConfig, stopReasonsOf } from '@cascade/core';
import { plantedTape } from '@cascade/tools/synthetic';
import { backtestTrades } from './run-backtest.js';

const market: MarketSpec = { exchange: 'planted', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };

interface Stage {
  evaluated: number;
  passed: number;
  stopped: number;
  reasons: Record<string, number>;
  failedChecks?: Record<string, number>;
  distribution?: { from: number; to: number; count: number }[];
}

describe('summary.json funnel: every rejection explained (issue 10 item 4)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bt-funnel-'));
  const run = await backtestTrades(market, [plantedTape({ cycles: 4 })], { cfg: defaultStrategyConfig, out: dir, startingEquity: '10000' });
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { funnel: Record<string, Stage> };
  const f = summary.funnel;

  it('has the five stages in order, each with evaluated / passed / stopped and every reason of its level', () => {
    expect(Object.keys(f)).toEqual(['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce', 'confluence_score']);
    for (const [stage, s] of Object.entries(f)) {
      expect(Object.keys(s.reasons)).toEqual([...stopReasonsOf[stage as keyof typeof stopReasonsOf]]);
      expect(s.evaluated).toBe(s.passed + s.stopped);
    }
  });

  it('gives each stopped evaluation exactly one reason: the reasons add up to stopped at every level', () => {
    for (const s of Object.values(f)) expect(Object.values(s.reasons).reduce((a, b) => a + b, 0)).toBe(s.stopped);
    // The planted tape stops somewhere below Level 1 too (else the check above says little).
    expect(f['level2_zone']!.stopped + f['level3_cascade']!.stopped + f['level4_bounce']!.stopped).toBeGreaterThan(0);
  });

  it('level 1: the regime warms up first (130 planted warm-up candles), and a first failure is always also a failed check', () => {
    const l1 = f['level1_regime']!;
    expect(l1.reasons['warmingUp']).toBeGreaterThan(0);
    for (const [check, n] of Object.entries(l1.reasons)) if (check !== 'warmingUp') expect(l1.failedChecks![check]).toBeGreaterThanOrEqual(n);
  });

  it('confluence score: the four planted setups trade, and their scores are in the distribution at or above the threshold', () => {
    const s = f['confluence_score']!;
    expect(s).toMatchObject({ evaluated: 4, passed: 4, stopped: 0 });
    const scored = s.distribution!.filter((b) => b.count > 0);
    expect(scored.reduce((a, b) => a + b.count, 0)).toBe(4);
    for (const b of scored) expect(b.from).toBeGreaterThanOrEqual(3);
    expect(run.result.funnel.at(-1)?.level).toBe('confluence_score');
  });

  it('draws the reasons and the score distribution in report.html', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg id="stops"');
    expect(html).toContain('<svg id="scores"');
    expect(html).toMatch(/warmingUp [\d\u2009]+ \(\d+\.\d %\)/);
  });
});
