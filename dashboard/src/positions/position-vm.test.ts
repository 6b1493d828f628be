import { describe, expect, it } from 'vitest';
import { PositionDocSchema } from '../data/read-models.js';
import { positionRow, unrealizedPnl } from './position-vm.js';

describe('unrealized P&L (hand-computed)', () => {
  it('long: (mark − entry) × amount', () => {
    // (101.25 − 100.5) × 2 = 0.75 × 2 = 1.5
    expect(unrealizedPnl('long', '100.5', 101.25, '2')).toBe('1.5');
    // (99.9 − 100.5) × 0.003 = −0.6 × 0.003 = −0.0018
    expect(unrealizedPnl('long', '100.5', 99.9, '0.003')).toBe('-0.0018');
  });
  it('short: (entry − mark) × amount, exact in decimals (no float residue)', () => {
    // (2000 − 1990.1) × 0.3 = 9.9 × 0.3 = 2.97 (0.1 + 0.2-style floats would give 2.9699999…)
    expect(unrealizedPnl('short', '2000', 1990.1, '0.3')).toBe('2.97');
  });
});

describe('position row', () => {
  const doc = PositionDocSchema.parse({
    positionId: 'p1', symbol: 'ETH/USDT', exchange: 'binance', market: { exchange: 'binance', symbol: 'ETH/USDT', quote: 'USDT', marketType: 'spot' },
    side: 'long', entryPrice: '2000', amount: '0.5', openedAt: 1_000, initialStopPrice: '1995', protectiveStop: 'none (paper)',
    mark: { price: 2010, trailStop: 2000.5, at: 60_000 },
  });
  it('takes mark and trailing stop from the monitor, age from openedAt, and books paper', () => {
    const r = positionRow(doc, 61_000);
    // (2010 − 2000) × 0.5 = 5
    expect(r).toMatchObject({ mark: 2010, unrealizedPnl: '5', trailStop: 2000.5, exchangeStop: 'none (paper)', ageMs: 60_000, markAgeMs: 1_000, book: { mode: 'paper', quote: 'USDT' } });
  });
  it('before any mark: no P&L, the initial stop as the stop', () => {
    const { mark: _m, ...noMark } = doc;
    const r = positionRow(PositionDocSchema.parse(noMark), 2_000);
    expect(r).toMatchObject({ mark: null, unrealizedPnl: null, trailStop: 1995 });
  });
  it('a live position (venueId, exchange-held stop record) is in the live book', () => {
    const r = positionRow(PositionDocSchema.parse({ ...doc, live: true, venueId: 'binance_spot', protectiveStop: { status: 'resting', stopPrice: '1996.5' } }), 2_000);
    expect(r.book).toEqual({ mode: 'live', quote: 'USDT' });
    expect(r.exchangeStop).toBe('resting at 1996.5');
  });
});
