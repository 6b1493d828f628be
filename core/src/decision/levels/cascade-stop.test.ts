import { describe, expect, it } from 'vitest';
import { StrategyConfigSchema } from '../../config/strategy-config.js';
import { SymbolAnalytics } from '../../analytics/symbol-analytics.js';
import type { MarketSpec } from '../../model/market.js';
import type { Trade } from '../../model/trade.js';

const market: MarketSpec = { exchange: 'test', marketType: 'spot', symbol: 'XYZ/USDT', base: 'XYZ', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' };
// Levels 1 and 2 off, so every trade reaches the cascade (the side then comes from the 30-s flow).
const cfg = StrategyConfigSchema.parse({ levels: { regimeRequired: false, zone: { required: false } } });
const T0 = Date.UTC(2024, 0, 1);
let n = 0;
const trade = (s: number, side: 'buy' | 'sell', amount = 1): Trade => ({ id: `t${n++}`, ts: T0 + s * 1000, price: 100, amount, side, sideInferred: false });

/** The cascade reason recorded for the last trade alone. */
function reasonAtLast(trades: readonly Trade[]): string | null {
  const a = new SymbolAnalytics(market, cfg);
  for (const t of trades.slice(0, -1)) a.onTrade(t);
  const before = a.funnel[2]!.reasons;
  a.onTrade(trades.at(-1)!);
  const after = a.funnel[2]!.reasons;
  const moved = Object.keys(after).filter((k) => after[k] !== before[k]);
  return moved.length === 0 ? null : (moved[0] as string);
}

describe('Level 3 stop reasons: the first failing condition of 1m > 2.0, 1m > 5m, 5m > 15m', () => {
  it('weak1m: a balanced minute (buy/sell 1.0) is not beyond 2.0', () => {
    const ts = Array.from({ length: 120 }, (_, i) => trade(i, i % 2 === 0 ? 'buy' : 'sell'));
    expect(reasonAtLast(ts)).toBe('weak1m');
  });

  it('1mNotAbove5m: only buys, every window unbounded (∞ is not above ∞)', () => {
    expect(reasonAtLast(Array.from({ length: 120 }, (_, i) => trade(i, 'buy')))).toBe('1mNotAbove5m');
  });

  it('5mNotAbove15m: the 15-min window holds an older one-sided burst the 5-min one no longer sees', () => {
    // 0–8 min: 500 buys of 1 and one sell → 15m ≈ (500 + 60 + 236) / (1 + 60 + 1) ≈ 12.8 at the end.
    // 10–13 min: alternating 1/1 (120 trades). Last minute: 59 buys of 4 and one sell of 1.
    // At the last trade (14:59): 1m = 236 / 1; 5m = (60 + 236) / (60 + 1) ≈ 4.9; 15m ≈ 12.8 > 5m.
    const burst = Array.from({ length: 500 }, (_, i) => trade(i, 'buy')).concat([trade(500, 'sell')]);
    const balanced = Array.from({ length: 120 }, (_, i) => trade(600 + i * 2, i % 2 === 0 ? 'buy' : 'sell'));
    const last = [trade(840, 'sell')].concat(Array.from({ length: 59 }, (_, i) => trade(841 + i, 'buy', 4)));
    expect(reasonAtLast([...burst, ...balanced, ...last])).toBe('5mNotAbove15m');
  });
});
