import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { TradeWindow } from '../trade-window.js';
import { MarketProfile } from './market-profile.js';
import { valueArea } from './value-area.js';

const market = { pricePrecision: 2, amountPrecision: 3 };
const cfg = { windowMs: 60_000, binTicks: 10, valueAreaPct: 0.7 };

/**
 * The value area worked out from the trades themselves by the sparse rule (value-area.ts): the trades
 * of the last 60 s, binned by hand (price in cents / 10, amount in thousandths).
 */
function expected(trades: readonly Trade[], nowTs: number): { poc: number; low: number; high: number } | null {
  const vol = new Map<number, number>();
  for (const t of trades) {
    if (t.ts <= nowTs - 60_000) continue;
    const bin = Math.floor(Math.round(t.price * 100) / 10);
    vol.set(bin, (vol.get(bin) ?? 0) + Math.round(t.amount * 1000));
  }
  const bins = [...vol.keys()].sort((a, b) => a - b);
  const va = valueArea(
    bins,
    bins.map((b) => vol.get(b) as number),
    0.7,
  );
  return va === null ? null : { poc: (va.pocBin * 10 + 4.5) / 100, low: (va.lowBin * 10) / 100, high: (va.highBin * 10 + 9) / 100 };
}

/** Whether the dense rows are in use (a peek inside, so the test shows it went through both paths). */
const rowsOn = (p: MarketProfile): boolean => (p as unknown as { rows: { valid: boolean } }).rows.valid;

describe('MarketProfile value area through a misprint far from the market', () => {
  it('lists the same bins from its rows as from its table', () => {
    const w = new TradeWindow(120_000);
    const p = new MarketProfile(w, market, cfg);
    const prices = [100.01, 100.05, 100.19, 100.2, 99.99, 100.05];
    prices.forEach((price, i) => {
      w.push({ id: String(i), ts: 1_000 * i, price, amount: 0.5 + i, side: 'sell', sideInferred: false });
      p.onAppend(1_000 * i);
    });
    // Bins of 0.10: [99.90, 99.99] 4.5; [100.00, 100.09] 0.5 + 1.5 + 5.5 = 7.5 over 3 trades; [100.10, 100.19] 2.5; [100.20, 100.29] 3.5.
    expect(p.bins()).toEqual([
      { low: 99.9, high: 99.99, volume: 4.5, trades: 1 },
      { low: 100, high: 100.09, volume: 7.5, trades: 3 },
      { low: 100.1, high: 100.19, volume: 2.5, trades: 1 },
      { low: 100.2, high: 100.29, volume: 3.5, trades: 1 },
    ]);
  });

  it('matches the sparse rule before, during (rows off) and after (rows back on) the excursion', () => {
    const w = new TradeWindow(120_000);
    const p = new MarketProfile(w, market, cfg);
    let id = 0;
    const all: Trade[] = [];
    const trade = (ts: number, price: number, amount: number): void => {
      const t: Trade = { id: String(++id), ts, price, amount, side: 'buy', sideInferred: false };
      all.push(t);
      w.push(t);
      p.onAppend(ts);
    };
    const check = (ts: number): void => {
      const s = p.snapshot(ts);
      const want = expected(all, ts);
      expect(s === null ? null : { poc: s.poc, low: s.valueAreaLow, high: s.valueAreaHigh }).toEqual(want);
    };
    // A market around 100.00 (bins of 0.10), then a fat-finger at 5 000.00: 49 000 bins away, beyond the rows' reach.
    for (let i = 0; i < 40; i++) trade(1_000 * i, 100 + (i % 7) * 0.13, 1 + (i % 3));
    check(39_000);
    trade(40_000, 5_000, 0.5);
    expect(rowsOn(p)).toBe(false);
    check(40_000);
    for (let i = 41; i < 90; i++) trade(1_000 * i, 100 + (i % 5) * 0.21, 2);
    check(89_000);
    // 60 s later the misprint has left the window: the rows are rebuilt from the table and used again.
    for (let i = 101; i < 140; i++) {
      trade(1_000 * i, 100 + (i % 9) * 0.11, 1.5);
      check(1_000 * i);
    }
    expect(rowsOn(p)).toBe(true);
  });
});

describe('MarketProfile per-trade entry points (no double arguments)', () => {
  it('onAppendLast and edgesAtLast match onAppend(t.ts) and edges(t.ts), through a pause that rebuilds and the misprint', () => {
    const wa = new TradeWindow(120_000);
    const wb = new TradeWindow(120_000);
    const a = new MarketProfile(wa, market, cfg);
    const b = new MarketProfile(wb, market, cfg);
    let ts = 0;
    for (let i = 0; i < 400; i++) {
      // Mostly 0.7–2.3 s apart, a 200 s pause (beyond the buffer's slack) at 150, the far misprint at 250.
      ts += i === 150 ? 200_000 : 700 + ((i * 379) % 1_600);
      const price = i === 250 ? 5_000 : 100 + ((i * 37) % 23) * 0.07;
      const t: Trade = { id: String(i), ts, price, amount: 0.25 + (i % 5), side: i % 2 === 0 ? 'buy' : 'sell', sideInferred: false };
      wa.push(t);
      wb.push(t);
      a.onAppend(t.ts);
      b.onAppendLast();
      expect(b.trades).toBe(a.trades);
      if (i % 3 === 0) {
        const hasA = a.edges(t.ts);
        expect(b.edgesAtLast()).toBe(hasA);
        expect([b.valueAreaLow, b.valueAreaHigh]).toEqual([a.valueAreaLow, a.valueAreaHigh]);
      }
    }
    expect(b.rebuilds).toBe(a.rebuilds);
    expect(b.rebuilds).toBeGreaterThan(0);
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
