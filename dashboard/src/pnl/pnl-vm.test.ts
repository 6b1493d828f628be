import { describe, expect, it } from 'vitest';
import { TradeDocSchema } from '../data/read-models.js';
import { pnlByModule, pnlByVenue } from './pnl-vm.js';

const t = (id: string, pnl: string, extra: Record<string, unknown> = {}) =>
  TradeDocSchema.parse({ positionId: id, symbol: 'ETH/USDT', exchange: 'binance', side: 'long', pnl, openedAt: 0, closedAt: 1, reason: 'x', quote: 'USDT', ...extra });

describe('P&L per module and per venue', () => {
  const trades = [
    t('1', '10.5'),
    t('2', '-4.25'),
    t('3', '3', { symbol: 'BTC/USDT:USDT', marketType: 'perp' }),
    t('4', '100', { venueId: 'binance_spot' }),
  ];
  it('per venue, within each book: paper binance_spot 10.5 − 4.25 = 6.25 (2 trades, 1 win), perp 3; live 100 apart', () => {
    expect(pnlByVenue(trades).map((r) => [r.book.mode, r.name, r.trades, r.wins, r.pnl])).toEqual([
      ['live', 'binance_spot', 1, 1, '100'],
      ['paper', 'binance_perp', 1, 1, '3'],
      ['paper', 'binance_spot', 2, 1, '6.25'],
    ]);
  });
  it('per module: the module of the same mode naming the venue; none → (no module)', () => {
    const mods = [
      { id: 'scalp', venues: ['binance_spot'], mode: 'paper' as const },
      { id: 'live-scalp', venues: ['binance_spot'], mode: 'live' as const },
    ];
    expect(pnlByModule(trades, mods).map((r) => [r.book.mode, r.name, r.pnl])).toEqual([
      ['live', 'live-scalp', '100'],
      ['paper', '(no module)', '3'],
      ['paper', 'scalp', '6.25'],
    ]);
  });
});
