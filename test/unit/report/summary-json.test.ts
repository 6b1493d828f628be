import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ClosedTradeRecord, SUMMARY_KEYS, type Summary, summarizeTrades, summaryJson } from '@cascade/core';
import { writeSummaryJson } from '../../../tools/src/backtest/write-outputs.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-summary-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const t = (id: string, entryTime: number, holdSec: number, pnl: string, fees: string): ClosedTradeRecord => ({
  id, symbol: 'BTC/USDT', side: 'long', entryTime, entryPrice: '1000', exitTime: entryTime + holdSec * 1000, exitPrice: '1000', qty: '1', pnl, fees, exitReason: 'x', score: 5,
});
// The five-trade example of core/src/backtest/summary.test.ts; every value below is worked out in that file's comment.
const five = [t('t1', 0, 60, '20', '0.5'), t('t2', 100_000, 30, '-10.2', '0.4'), t('t3', 200_000, 120, '30.294', '0.6'), t('t4', 400_000, 45, '-20.80188', '0.4'), t('t5', 500_000, 90, '10.1929212', '0.3')];
const summary = summarizeTrades({ startingEquity: '1000', trades: five, periodMs: 1_000_000, exposureMs: 345_000 });

describe('summary.json', () => {
  it('is byte-exact: fixed key order, counts as integers, ratios with 6 decimals, money as exact strings', () => {
    expect(summaryJson(summary)).toBe(`{
  "trades": 5,
  "wins": 3,
  "losses": 2,
  "winRate": 60.000000,
  "netPnl": "29.4850412",
  "fees": "2.2",
  "profitFactor": 1.951073,
  "sharpe": 0.289346,
  "sortino": 0.600000,
  "maxDrawdownPct": 2.000000,
  "var95": 1.800000,
  "var99": 1.960000,
  "expectancy": "5.89700824",
  "avgHoldSec": 69.000000,
  "exposurePct": 34.500000,
  "breakeven": 0,
  "grossProfit": "60.4869212",
  "grossLoss": "31.00188",
  "startingEquity": "1000",
  "endingEquity": "1029.4850412",
  "returnPct": 2.948504,
  "sharpeAnnualised": 114.896111,
  "sortinoAnnualised": 238.253646
}
`);
  });

  it('parses back as JSON with the keys in SUMMARY_KEYS order', () => {
    const parsed = JSON.parse(summaryJson(summary)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...SUMMARY_KEYS]);
    expect(parsed['sharpe']).toBeCloseTo(summary.sharpe as number, 6);
  });

  it('writes null for undefined metrics and never a negative zero', () => {
    const empty = summarizeTrades({ startingEquity: '1000', trades: [] });
    const text = summaryJson({ ...empty, returnPct: -0, maxDrawdownPct: -1e-9 } satisfies Summary);
    expect(text).toContain('"winRate": null,');
    expect(text).toContain('"profitFactor": null,');
    expect(text).toContain('"expectancy": null,');
    expect(text).toContain('"returnPct": 0.000000,');
    expect(text).toContain('"maxDrawdownPct": 0.000000,');
    expect(text).not.toMatch(/-0\.0+[,\n]/);
  });

  it('writes identical bytes for identical input', async () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    await writeSummaryJson(a, summary);
    await writeSummaryJson(b, summarizeTrades({ startingEquity: '1000', trades: five.map((x) => ({ ...x })), periodMs: 1_000_000, exposureMs: 345_000 }));
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });
});
