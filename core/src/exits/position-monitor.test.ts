import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { PositionMonitor } from './position-monitor.js';

const t = (id: string, ts: number, price: number): Trade => ({ id, ts, price, amount: 1, side: 'sell', sideInferred: false });
const pos = { positionId: 'p1', symbol: 'X/Y', side: 'long' as const, entryPrice: 100, openedAt: 0, trailingStopPct: 0.01, maxHoldMs: 60_000 };

describe('PositionMonitor', () => {
  it('exits on the trailing stop: best 110 → stop 108.9; 108.9 exits', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 1_000, 110))).toEqual([]);
    const out = m.onTrade('X/Y', t('2', 2_000, 108.9));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ positionId: 'p1', reason: 'trailing_stop', trigger: { tradeId: '2', price: 108.9 } });
  });

  it('exits on max hold when the stop has not been hit', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 59_999, 100))).toEqual([]);
    expect(m.onTrade('X/Y', t('2', 60_000, 100))[0]?.reason).toBe('max_hold');
  });

  it('never exits a position twice, even when its opening is redelivered after the exit', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 1_000, 90))).toHaveLength(1);
    m.track(pos); // duplicate position.opened
    expect(m.size).toBe(0);
    expect(m.onTrade('X/Y', t('2', 2_000, 80))).toEqual([]);
  });

  it('ignores trades of other symbols', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('Z/Y', t('1', 1_000, 1))).toEqual([]);
  });
});
