import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { flowDumpSignals } from './flow-dump-signals.js';
import { exitQuoteSignals, liquidityDropSignal } from './liquidity-dump-signals.js';
import { DumpDetectionConfigSchema } from './portfolio-risk-config.js';
import { TradeFlowWindow } from './trade-flow-window.js';

const cfg = DumpDetectionConfigSchema.parse({});
const T0 = Date.UTC(2024, 2, 1, 12, 0);
let n = 0;
const tr = (ts: number, amount: number, side: 'buy' | 'sell'): Trade => ({ id: String(n++), ts, price: 100, amount, side, sideInferred: false });

describe('flowDumpSignals (order-flow flip and large sells over 30 s)', () => {
  it('fires when sells reach 2.5:1 over at least 5 trades: buy 1, sell 2.5', () => {
    const w = new TradeFlowWindow(30_000, 2);
    w.push(tr(T0, 1, 'buy'), Number.NaN);
    for (let i = 1; i <= 4; i++) w.push(tr(T0 + i * 1000, 0.625, 'sell'), Number.NaN);
    const f = flowDumpSignals(w, 'long', cfg);
    expect(f.map((x) => x.rule)).toEqual(['flow_flip']);
    expect(f[0]?.values.adverseRatio).toBeCloseTo(2.5, 12);
    expect(flowDumpSignals(w, 'short', cfg)).toEqual([]);
  });

  it('not at 2.4:1, not with 4 trades, and not once the buy-side trades age out… until they do', () => {
    const a = new TradeFlowWindow(30_000);
    a.push(tr(T0, 1, 'buy'), Number.NaN);
    for (let i = 1; i <= 4; i++) a.push(tr(T0 + i * 1000, 0.6, 'sell'), Number.NaN); // 2.4:1
    expect(flowDumpSignals(a, 'long', cfg)).toEqual([]);
    const b = new TradeFlowWindow(30_000);
    b.push(tr(T0, 1, 'buy'), Number.NaN);
    for (let i = 1; i <= 3; i++) b.push(tr(T0 + i * 1000, 5, 'sell'), Number.NaN); // 4 trades
    expect(flowDumpSignals(b, 'long', cfg)).toEqual([]);
    // Trades at exactly 30 s old leave: at T0+30 s the buy is gone; 4 sells + 1 new sell = 5 trades, all sells.
    b.push(tr(T0 + 30_000, 1, 'sell'), Number.NaN);
    expect(b.trades).toBe(4);
    b.push(tr(T0 + 30_001, 1, 'sell'), Number.NaN);
    expect(b.trades).toBe(5);
    const f = flowDumpSignals(b, 'long', cfg);
    expect(f[0]?.rule).toBe('flow_flip');
    expect(f[0]?.values.adverseRatio).toBeNull(); // no buys: unbounded
  });

  it('large sells: two sells ≥ the threshold (10 × mean size) in the window', () => {
    const w = new TradeFlowWindow(30_000);
    w.push(tr(T0, 10, 'sell'), 10);
    w.push(tr(T0 + 1, 50, 'buy'), 10);
    w.push(tr(T0 + 2, 50, 'buy'), 10);
    expect(flowDumpSignals(w, 'long', cfg)).toEqual([]);
    w.push(tr(T0 + 3, 12, 'sell'), 10);
    const f = flowDumpSignals(w, 'long', cfg);
    expect(f.map((x) => x.rule)).toEqual(['large_sells']);
    expect(f[0]?.values.count).toBe(2);
    // Two large buys are the short's large "sells".
    expect(flowDumpSignals(w, 'short', cfg).map((x) => x.rule)).toEqual(['large_sells']);
  });
});

describe('liquidity evaporation (meme coins)', () => {
  it('fires above a 30 % drop from the 10-minute high, not at exactly 30 %', () => {
    // 100,000 → 70,000 = 30 % (not > 30 %); → 69,000 = 31 %.
    expect(liquidityDropSignal(70_000, 100_000, cfg)).toBeNull();
    expect(liquidityDropSignal(69_000, 100_000, cfg)?.values.dropPct).toBeCloseTo(0.31, 12);
  });

  it('exit quotes: > 10 % slippage or no bids', () => {
    expect(exitQuoteSignals({ ts: T0, slippagePct: 0.1, fillable: true }, cfg)).toEqual([]);
    expect(exitQuoteSignals({ ts: T0, slippagePct: 0.11, fillable: true }, cfg)[0]?.rule).toBe('exit_slippage');
    expect(exitQuoteSignals({ ts: T0, slippagePct: Number.NaN, fillable: false }, cfg)[0]?.rule).toBe('no_bids');
  });
});
