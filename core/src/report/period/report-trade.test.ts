import { describe, expect, it } from 'vitest';
import { parseTradeDoc } from './report-trade.js';

/** A trade_history document as writeClose (paper-ledger.ts) writes it. */
const doc = {
  positionId: 'cx-abc', symbol: 'BTC/USDT', exchange: 'binance', side: 'long', entryPrice: '100', exitPrice: '101', amount: '0.5', fees: '0.1', pnl: '0.4',
  pnlPct: 0.8, reason: 'trailing_stop', openedAt: 1_000, closedAt: 61_000, quote: 'USDT', signalId: 'sig-1', entryOrderId: 'cx-abc', exitOrderId: 'cx-x', createdAt: 62_000,
};

describe('parseTradeDoc', () => {
  it('reads a trade without a module as the order-flow scalper', () => {
    const r = parseTradeDoc('cx-abc', doc);
    expect(r).toEqual({ ok: true, trade: expect.objectContaining({ positionId: 'cx-abc', module: 'orderflow_scalp', strategy: 'orderflow_scalp', quote: 'USDT', pnl: '0.4', signalId: 'sig-1' }) });
  });

  it('groups by module when a trade carries one, under its strategy otherwise', () => {
    expect(parseTradeDoc('a', { ...doc, moduleId: 'meme_sol', strategy: 'meme' })).toMatchObject({ trade: { module: 'meme_sol', strategy: 'meme' } });
    expect(parseTradeDoc('a', { ...doc, strategy: 'arbitrage' })).toMatchObject({ trade: { module: 'arbitrage', strategy: 'arbitrage' } });
  });

  it('refuses a document with float money or no quote, saying which field', () => {
    const r = parseTradeDoc('bad', { ...doc, pnl: 0.4, quote: undefined });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^trade_history\/bad: .*pnl.*quote|^trade_history\/bad: .*quote.*pnl/);
  });
});
