import { describe, expect, it } from 'vitest';
import type { MarketSpec } from '../model/market.js';
import { dec } from './money.js';
import { closedPnl, paperMarketFill } from './paper-fill.js';

const market: MarketSpec = { exchange: 'binance', marketType: 'spot', symbol: 'XRP/ETH', base: 'XRP', quote: 'ETH', pricePrecision: 8, amountPrecision: 0, takerFee: '0.001', makerFee: '0.001', minNotional: '0.001' };

describe('paperMarketFill', () => {
  it('prices a buy 2 bps above the reference, rounded up to the tick, sized down to the lot, fee on exact notional', () => {
    // 0.00138121 × 1.0002 = 0.001381486242 → up to 8 dp 0.00138149; 1 / 0.00138149 = 723.85… → 723;
    // notional 723 × 0.00138149 = 0.99881727; fee 0.1 % = 0.00099881727.
    const r = paperMarketFill(market, 'buy', 0.00138121, 2, { quoteNotional: '1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fill.price.toFixed()).toBe('0.00138149');
    expect(r.fill.amount.toFixed()).toBe('723');
    expect(r.fill.notional.toFixed()).toBe('0.99881727');
    expect(r.fill.fee.toFixed()).toBe('0.00099881727');
  });

  it('prices a sell below the reference, rounded down', () => {
    // 0.00138121 × 0.9998 = 0.001380933758 → down to 0.00138093.
    const r = paperMarketFill(market, 'sell', 0.00138121, 2, { amount: '723' });
    expect(r.ok && r.fill.price.toFixed()).toBe('0.00138093');
  });

  it('refuses orders below the minimum notional and orders that round to zero', () => {
    expect(paperMarketFill(market, 'buy', 0.00138121, 0, { quoteNotional: '0.0005' })).toEqual({ ok: false, reason: 'order size rounds to 0 at amount precision 0' });
    // 5 × 0.00138121 = 0.00690605 < 0.01.
    const r = paperMarketFill({ ...market, minNotional: '0.01' }, 'buy', 0.00138121, 0, { amount: '5' });
    expect(r).toEqual({ ok: false, reason: 'notional 0.00690605 below the market minimum 0.01' });
  });
});

describe('closedPnl', () => {
  it('is exact where floats drift: 0.1 + 0.2 style amounts', () => {
    // long 3 @ 0.1 → 0.3: gross 0.6; fees 0.0001 + 0.0002 → net 0.5997 (floats give 0.5997000000000001).
    const p = closedPnl('long', dec('0.1'), dec('0.3'), dec('3'), dec('0.0001'), dec('0.0002'));
    expect(p.net.toFixed()).toBe('0.5997');
    expect(p.pct).toBeCloseTo(199.9, 9);
  });

  it('mirrors for shorts', () => {
    const p = closedPnl('short', dec('100'), dec('90'), dec('2'), dec('0.2'), dec('0.18'));
    expect(p.gross.toFixed()).toBe('20');
    expect(p.net.toFixed()).toBe('19.62');
  });
});
