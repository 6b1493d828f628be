import { describe, expect, it } from 'vitest';
import { RetentionConfigSchema, candleCutoff, defaultRetention, retentionStatements } from './retention.js';

const MIN = 60_000;

describe('retention config', () => {
  it('defaults to the document’s table, with candle counts the indicators need', () => {
    expect(defaultRetention).toEqual({
      ticksMs: 15 * MIN, // §2.2.7 ticks 15 minutes
      candles: { '1m': 120, '5m': 48, '15m': 120 }, // decision: 1m ≥ 120, 15m ≥ 119 (regime lookbacks), 5m what analytics keeps
      orderFlowMs: 15 * MIN,
      marketProfileMs: 15 * MIN,
      fairValueGapMaxAgeMs: 24 * 60 * MIN,
      maxZones: 50,
      closedExecutionMs: MIN,
    });
    // 120 × 15 min = 30 h ≥ the brief's 25 h (100 candles).
    expect(defaultRetention.candles['15m'] * 15 * MIN).toBeGreaterThanOrEqual(25 * 60 * MIN);
  });

  it('rejects unknown keys and keeps given values', () => {
    expect(() => RetentionConfigSchema.parse({ tick: 1 })).toThrow();
    expect(RetentionConfigSchema.parse({ candles: { '1m': 200 } }).candles).toEqual({ '1m': 200, '5m': 48, '15m': 120 });
  });

  it('keeps the last n closed candles plus the open one', () => {
    // now = 2026-01-01T10:07:30Z. 1m: current candle opened 10:07:00; 120 closed ones start at
    // 10:07 − 120 min = 08:07:00. 15m: current 10:00; 120 closed ones start 30 h earlier, 2025-12-31T04:00Z.
    const now = Date.UTC(2026, 0, 1, 10, 7, 30);
    expect(candleCutoff('1m', 120, now)).toBe(Date.UTC(2026, 0, 1, 8, 7, 0));
    expect(candleCutoff('5m', 48, now)).toBe(Date.UTC(2026, 0, 1, 6, 5, 0));
    expect(candleCutoff('15m', 120, now)).toBe(Date.UTC(2025, 11, 31, 4, 0, 0));
  });

  it('has one delete per table', () => {
    const tables = retentionStatements(defaultRetention, 0).map((s) => s.table);
    expect(new Set(tables)).toEqual(
      new Set(['ticks', 'candles_1m', 'candles_5m', 'candles_15m', 'order_flow', 'market_profile', 'supply_demand_zones', 'fair_value_gaps', 'trade_executions']),
    );
  });
});
