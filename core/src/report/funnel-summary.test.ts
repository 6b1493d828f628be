import { describe, expect, it } from 'vitest';
import type { FunnelLevel } from '../backtest/backtest-result.js';
import { summarizeTrades } from '../backtest/summary.js';
import { durationText, funnelSummary, mergeFunnels, warmUpBrief, warmUpText } from './funnel-summary.js';
import { summaryJson } from './summary-json.js';

const rows: FunnelLevel[] = [
  { level: 'level1_regime', evaluated: 10, stoppedHere: 7, passed: 3, reasons: { warmingUp: 5, structure: 2 }, failedChecks: { structure: 2, adx: 1 } },
  { level: 'confluence_score', evaluated: 3, stoppedHere: 1, passed: 2, reasons: { belowThreshold: 1 }, threshold: 3, distribution: [{ from: 2.5, to: 3, count: 1 }, { from: 3, to: 3.5, count: 2 }] },
];

describe('funnel in summary.json', () => {
  it('has the issue’s shape: {evaluated, passed, stopped, reasons} per stage, failed checks and the score distribution where they exist', () => {
    expect(funnelSummary(rows)).toEqual({
      level1_regime: { evaluated: 10, passed: 3, stopped: 7, reasons: { warmingUp: 5, structure: 2 }, failedChecks: { structure: 2, adx: 1 } },
      confluence_score: { evaluated: 3, passed: 2, stopped: 1, reasons: { belowThreshold: 1 }, threshold: 3, distribution: [{ from: 2.5, to: 3, count: 1 }, { from: 3, to: 3.5, count: 2 }] },
    });
  });

  it('is written after the metrics, flat maps on one line, and parses back', () => {
    const s = summarizeTrades({ startingEquity: '1000', trades: [] });
    const text = summaryJson(s, { funnel: rows, warmUp: { seeded: null, dropped: 0, candlesNeeded15m: 119, warmingUpMs: 3_600_000, ready: true } });
    expect(text).toContain('      "reasons": {"warmingUp": 5, "structure": 2},\n');
    expect(text).toContain('        {"from": 2.5, "to": 3, "count": 1},\n');
    expect(text).toContain('  "warmUp": {"seeded": null, "dropped": 0, "candlesNeeded15m": 119, "warmingUpMs": 3600000, "ready": true}\n}\n');
    const back = JSON.parse(text) as Record<string, unknown>;
    expect(back['funnel']).toEqual(funnelSummary(rows));
    // Without extras the text is what it always was (the byte-exact test in test/unit/report holds).
    expect(summaryJson(s)).not.toContain('funnel');
  });

  it('adds markets together stage by stage', () => {
    const one = funnelSummary(rows);
    const two = mergeFunnels([one, one]);
    expect(two['level1_regime']).toEqual({ evaluated: 20, passed: 6, stopped: 14, reasons: { warmingUp: 10, structure: 4 }, failedChecks: { structure: 4, adx: 2 } });
    expect(two['confluence_score']?.distribution?.map((b) => b.count)).toEqual([2, 4]);
    expect(one['level1_regime']?.evaluated).toBe(10); // inputs untouched
  });
});

describe('warm-up in words', () => {
  it('durations: hours with up to two decimals, else minutes, else seconds', () => {
    expect(durationText(107_100_000)).toBe('29.75 h');
    expect(durationText(3_600_000)).toBe('1 h');
    expect(durationText(45 * 60_000)).toBe('45 min');
    expect(durationText(0)).toBe('0 s');
  });

  it('says how long, or that the tape never had enough history, or that a warm-up file made it ready at once', () => {
    const base = { seeded: null, dropped: 0, candlesNeeded15m: 119 };
    expect(warmUpText({ ...base, warmingUpMs: 107_100_000, ready: true })).toBe('regime warmed up for 29.75 h of tape time (until it had 119 closed 15m candles); no warm-up history (--warmup FILE)');
    expect(warmUpText({ ...base, warmingUpMs: 36_000_000, ready: false })).toMatch(/^regime warming up for the whole tape \(10 h\): it never had the 119 closed 15m candles/);
    expect(warmUpText({ ...base, seeded: { '1m': 120, '15m': 120 }, dropped: 3, warmingUpMs: 0, ready: true })).toBe('regime ready from the first trade; seeded with 120 × 15m and 120 × 1m candles (3 dropped: they ended after the first trade)');
    expect(warmUpBrief({ ...base, warmingUpMs: 7_200_000, ready: false })).toBe('regime warming up 2 h (needs 119 × 15m)');
  });
});
