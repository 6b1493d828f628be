import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MarketSpec, type StrategyConfig, StrategyConfigSchema, type Trade } from '@cascade/core';
import { readWarmupFile } from '@cascade/adapters/tape-files';
import { backtestTrades } from './run-backtest.js';

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1); // a 15m boundary
const market: MarketSpec = { exchange: 'binance', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };
// The regime's lookbacks pinned to the design document's numbers, so a later default cannot move the hand value below.
const cfg: StrategyConfig = StrategyConfigSchema.parse({ regime: { adx: { period: 14 }, atr: { period: 14 }, persistence: { window: 100 }, meanReversion: { lookback: 20, window: 100 } } });
const out = () => mkdtempSync(join(tmpdir(), 'cascade-bt-warmup-'));

/** One trade on every whole minute from T0 (minute 0 … minutes), a small zigzag so every candle has a range. */
function tape(minutes: number, from = T0): Trade[] {
  return Array.from({ length: minutes + 1 }, (_, i) => ({ id: `t${i}`, ts: from + i * MIN, price: 100 + (i % 7) * 0.1, amount: 1 + (i % 3), side: i % 2 === 0 ? 'buy' : 'sell', sideInferred: false }));
}

describe('regime warm-up in the backtest (issue 10 item 3)', () => {
  it('without --warmup, the report says how long the regime warmed up: 119 candles × 15 min = 29.75 h on a one-trade-a-minute tape', async () => {
    // Hand calculation: every Level 1 value exists after 119 closed 15m candles (mean reversion: a 20-close
    // z for each of the last 100 candles, 20 + 100 − 1; docs/decisions.md "Retention"). With a trade on
    // every minute from T0, the 119th candle [T0 + 118·15 min, T0 + 119·15 min) closes at the trade of
    // minute 119 × 15 = 1785, so Level 1 first has every value 1785 min = 107 100 000 ms = 29.75 h after
    // the first trade. The tape runs 5 h longer so the answer is not simply "the whole tape".
    const dir = out();
    const r = await backtestTrades(market, [tape(1785 + 300)], { cfg, out: dir, startingEquity: '10000' });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { warmUp: Record<string, unknown>; funnel: Record<string, { reasons: Record<string, number> }> };
    expect(summary.warmUp).toEqual({ seeded: null, dropped: 0, candlesNeeded15m: 119, warmingUpMs: 107_100_000, ready: true });
    // Trades 0 … 1784 (1785 of them) were judged before the 119th candle closed: each stopped as warmingUp.
    expect(summary.funnel['level1_regime']!.reasons['warmingUp']).toBe(1785);
    expect(r.result.warmUp?.warmingUpMs).toBe(107_100_000);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('regime warmed up for 29.75 h of tape time');
  });

  it('says the regime never warmed up when the tape is too short, with the whole tape as the duration', async () => {
    const dir = out();
    await backtestTrades(market, [tape(600)], { cfg, out: dir, startingEquity: '10000' });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { warmUp: Record<string, unknown> };
    expect(summary.warmUp).toMatchObject({ warmingUpMs: 600 * MIN, ready: false });
  });

  it('with --warmup (a ccxt OHLCV JSON of 1m candles), the first Level 1 evaluation is already judged: none is warmingUp', async () => {
    // 1800 1m candles = 120 whole 15m candles ending exactly at T0 (the file reader folds them), then 30
    // more 1m candles that end after the tape's first trade at T0 + 1 min: 29 of them end later than it
    // and two 15m candles fold from them too — those are dropped (the one [T0, T0 + 1 min) ends at T0 + 1 min, kept).
    const rows = Array.from({ length: 1830 }, (_, i) => {
      const t = T0 - 1800 * MIN + i * MIN;
      const p = 100 + (i % 11) * 0.05 + Math.floor(i / 15) * 0.02; // a steady staircase: every value is defined
      return [t, p, p + 0.08, p - 0.06, p + 0.03, 5 + (i % 4)];
    });
    const file = join(out(), 'xyzusdt-1m.json');
    writeFileSync(file, JSON.stringify(rows));
    const warmup = await readWarmupFile(file);
    expect(warmup['15m']).toHaveLength(122);
    const first = T0 + MIN;
    const seeded = await backtestTrades(market, [tape(120, first)], { cfg, out: out(), startingEquity: '10000', warmup });
    const l1 = seeded.result.funnel[0]!;
    expect(l1.level).toBe('level1_regime');
    expect(l1.evaluated).toBe(121);
    expect(l1.reasons?.['warmingUp']).toBe(0);
    // 1m: 1801 of 1830 end by T0 + 1 min; 15m: the 120 that end by T0 (the next two end at T0 + 15/30 min).
    expect(seeded.result.warmUp).toEqual({ seeded: { '1m': 1801, '15m': 120 }, dropped: 29 + 2, candlesNeeded15m: 119, warmingUpMs: 0, ready: true });

    // The same tape without the warm-up: every evaluation waits (the test can fail).
    const cold = await backtestTrades(market, [tape(120, first)], { cfg, out: out(), startingEquity: '10000' });
    expect(cold.result.funnel[0]!.reasons?.['warmingUp']).toBe(121);
  });
});
