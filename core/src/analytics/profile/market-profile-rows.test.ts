import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { TradeWindow } from '../trade-window.js';
import { MarketProfile } from './market-profile.js';
import { valueArea } from './value-area.js';

const market = { pricePrecision: 2, amountPrecision: 3 };
const cfg = { windowMs: 60_000, binTicks: 10, valueAreaPct: 0.7 };

/** The profile's value area worked out from its own bin listing by the sparse rule (value-area.ts). */
function expected(p: MarketProfile): { poc: number; low: number; high: number } | null {
  const bins = p.bins();
  const va = valueArea(
    bins.map((b) => Math.round(b.low * 10)),
    bins.map((b) => Math.round(b.volume * 1000)),
    0.7,
  );
  return va === null ? null : { poc: (va.pocBin * 10 + 4.5) / 100, low: (va.lowBin * 10) / 100, high: (va.highBin * 10 + 9) / 100 };
}

/** Whether the dense rows are in use (a peek inside, so the test shows it went through both paths). */
const rowsOn = (p: MarketProfile): boolean => (p as unknown as { rows: { valid: boolean } }).rows.valid;

describe('MarketProfile value area through a misprint far from the market', () => {
  it('matches the sparse rule before, during (rows off) and after (rows back on) the excursion', () => {
    const w = new TradeWindow(120_000);
    const p = new MarketProfile(w, market, cfg);
    let id = 0;
    const trade = (ts: number, price: number, amount: number): void => {
      const t: Trade = { id: String(++id), ts, price, amount, side: 'buy', sideInferred: false };
      w.push(t);
      p.onAppend(ts);
    };
    const check = (ts: number): void => {
      const s = p.snapshot(ts);
      const want = expected(p);
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
