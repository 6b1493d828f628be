import { describe, expect, it } from 'vitest';
import { TradeDocSchema } from '../data/read-models.js';
import { equityCurves, paperStartingEquity } from './equity-vm.js';

const trade = (id: string, closedAt: number, pnl: string | null, extra: Record<string, unknown> = {}) =>
  TradeDocSchema.parse({ positionId: id, symbol: 'ETH/USDT', exchange: 'binance', side: 'long', pnl, fees: '0', openedAt: closedAt - 1, closedAt, reason: 'trailing_stop', quote: 'USDT', ...extra });

describe('equity and drawdown curves, paper and live apart', () => {
  const trades = [
    trade('a', 1_000, '50'),
    trade('c', 3_000, '30'),
    trade('b', 2_000, '-120'),
    // Live, same quote: its own book, never added to paper.
    trade('l1', 1_500, '5', { venueId: 'binance_spot' }),
    // Paper in another quote: its own book too.
    trade('u1', 1_200, '-7', { symbol: 'BTC/USD', quote: 'USD' }),
    // A reconciled live close of unknown price: no P&L to plot.
    trade('l2', 4_000, null, { venueId: 'binance_spot' }),
  ];
  const start = paperStartingEquity([
    { currency: 'USDT', startingEquity: '6000' },
    { currency: 'USDT', startingEquity: '4000' },
    { currency: 'USD', startingEquity: '1000' },
  ]);
  const curves = equityCurves(trades, start);
  const byId = Object.fromEntries(curves.map((c) => [`${c.book.mode}:${c.book.quote}`, c]));

  it('one curve per book: paper USDT, paper USD, live USDT', () => {
    expect(Object.keys(byId).sort()).toEqual(['live:USDT', 'paper:USD', 'paper:USDT']);
  });
  it('paper USDT: 6000 + 4000 = 10000, then +50, −120, +30 in close-time order', () => {
    const c = byId['paper:USDT'];
    expect(c?.start).toBe('10000');
    expect(c?.points.map((p) => p.equity)).toEqual(['10050', '9930', '9960']);
    // Peak 10050: drawdown 0, 120, 90; as fractions 120/10050 = 0.011940298507…, 90/10050 = 0.008955223880…
    expect(c?.points.map((p) => p.drawdown)).toEqual(['0', '120', '90']);
    expect(c?.points[1]?.drawdownPct).toBeCloseTo(0.0119402985, 9);
    expect(c?.points[2]?.drawdownPct).toBeCloseTo(0.0089552239, 9);
    expect(c?.maxDrawdown).toBe('120');
  });
  it('live USDT: realized P&L from 0, its unknown close left out; the paper total does not include it', () => {
    expect(byId['live:USDT']?.points.map((p) => p.equity)).toEqual(['5']);
    expect(byId['paper:USDT']?.points.at(-1)?.equity).toBe('9960');
  });
  it('paper USD: 1000 − 7 = 993; drawdown 7/1000 = 0.007', () => {
    expect(byId['paper:USD']?.points.map((p) => [p.equity, p.drawdown, p.drawdownPct])).toEqual([['993', '7', 0.007]]);
  });
  it('a paper account without closes still gets its flat curve', () => {
    expect(equityCurves([], start).map((c) => [c.book.mode, c.book.quote, c.start, c.points.length])).toEqual([
      ['paper', 'USD', '1000', 0],
      ['paper', 'USDT', '10000', 0],
    ]);
  });
});
