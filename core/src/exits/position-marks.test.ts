import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { PositionMonitor } from './position-monitor.js';
import { ExitConfigSchema } from './exit-config.js';

const noAdverse = ExitConfigSchema.parse({ adverseMoves: { enabled: false } });
const t = (id: string, ts: number, price: number): Trade => ({ id, ts, price, amount: 1, side: 'buy', sideInferred: false });

describe('PositionMonitor.marks (the dashboard\'s mark and trailing stop)', () => {
  it('last price and the stop as it trails: best 105 at 1 % → 103.95; best 110 → 108.9', () => {
    const m = new PositionMonitor(noAdverse);
    m.track({ positionId: 'p1', symbol: 'X/Y', side: 'long', entryPrice: 100, openedAt: 0, trailingStopPct: 0.01, maxHoldMs: 600_000 });
    // No trade of the symbol yet: nothing to show.
    expect(m.marks()).toEqual([]);
    m.onTrade('X/Y', t('1', 1_000, 105));
    expect(m.marks()).toEqual([{ positionId: 'p1', symbol: 'X/Y', price: 105, stop: expect.closeTo(103.95, 9), ts: 1_000 }]);
    m.onTrade('X/Y', t('2', 2_000, 110));
    m.onTrade('X/Y', t('3', 3_000, 109.5));
    // The stop never comes down with the price: still 110 × 0.99.
    expect(m.marks()).toEqual([{ positionId: 'p1', symbol: 'X/Y', price: 109.5, stop: expect.closeTo(108.9, 9), ts: 3_000 }]);
    m.forget('p1', 'X/Y');
    expect(m.marks()).toEqual([]);
  });
});
