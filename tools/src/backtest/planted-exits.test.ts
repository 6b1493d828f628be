import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type MarketSpec, StrategyConfigSchema, defaultStrategyConfig } from '@cascade/core';
import { plantedTape } from '@cascade/tools/synthetic';
import { backtestTrades } from './run-backtest.js';

const market: MarketSpec = { exchange: 'planted', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };
const MIN = 60_000;
const outDir = () => mkdtempSync(join(tmpdir(), 'cascade-bt-exits-'));

/**
 * Issue 10 item 9 on the planted climb (tools/src/synthetic/planted-tape.ts): after each entry the tape
 * only steps up, 0.2 % per 15m candle, until the next cycle's rejection candle ≥ 6 candles (1.5 h) later.
 * No drop means no trailing-stop hit and no adverse-move count, and the buy/sell mix of plain minutes is
 * even, so no cascade reversal: only the time cap ends a trade. It fires on the first trade or 2-s tick at
 * or after 30 min; the exit fills on the next trade, and plain minutes trade every 10 s → held 30 min
 * plus at most ~12 s. Over 30 min the climb is 2 × 0.2 % = 0.4 %, above the 0.2 % the two 0.1 % taker
 * fees cost, so the run makes money; under the old 5-min cap it moved ≈ 0.07 % against the same 0.2 %.
 */
describe('exits on the planted climb (§2.5 no time-based exits, §2.2.5 scalping cap 30 min)', () => {
  const tape = plantedTape({ cycles: 4 });

  it('holds every trade to the 30-min cap under the default config, and the run nets a profit', async () => {
    const r = await backtestTrades(market, [tape], { cfg: defaultStrategyConfig, out: outDir(), startingEquity: '10000' });
    const trades = r.result.trades;
    expect(trades).toHaveLength(4);
    for (const t of trades) {
      expect(t.exitReason).toBe('max_hold');
      expect(t.exitTime - t.entryTime).toBeGreaterThanOrEqual(30 * MIN);
      expect(t.exitTime - t.entryTime).toBeLessThanOrEqual(30 * MIN + 12_000);
    }
    expect(trades.reduce((s, t) => s + Number(t.pnl), 0)).toBeGreaterThan(0);
  });

  it('a 5-min cap (the old default) closes the same trades at 5 min', async () => {
    const cfg = StrategyConfigSchema.parse({ exits: { maxHoldMs: 5 * MIN } });
    const r = await backtestTrades(market, [tape], { cfg, out: outDir(), startingEquity: '10000' });
    for (const t of r.result.trades) {
      expect(t.exitReason).toBe('max_hold');
      expect(t.exitTime - t.entryTime).toBeLessThanOrEqual(5 * MIN + 12_000);
    }
  });
});
