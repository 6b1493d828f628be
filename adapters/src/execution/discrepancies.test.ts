import { describe, expect, it } from 'vitest';
import type { MarketSpec, VenuePosition } from '@cascade/core';
import { findDiscrepancies } from './discrepancies.js';
import type { LivePositionDoc } from './live-docs.js';

const market = (symbol: string): MarketSpec => ({ exchange: 'paper', marketType: 'perp', symbol, base: symbol.split('/')[0] ?? 'X', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' });
const local = (symbol: string, side: 'long' | 'short', amount: string): LivePositionDoc => ({
  positionId: `cx-${symbol}`,
  signalId: 's',
  venueId: 'paper',
  exchange: 'paper',
  symbol,
  market: market(symbol),
  side,
  entryPrice: '100',
  amount,
  entryFee: '0',
  margin: '10',
  openedAt: 0,
  trailingStopPct: 0.005,
  initialStopPrice: null,
  maxHoldMs: 300_000,
  protectiveStop: 'pending',
  origin: 'signal',
});
const onVenue = (symbol: string, side: 'long' | 'short', amount: string): VenuePosition => ({ symbol, side, amount, entryPrice: '100', leverage: 3, marginMode: 'cross', unrealizedPnl: '0' });

describe('findDiscrepancies (§12.2)', () => {
  it('finds each kind once, closes before adoptions, and leaves matching positions alone', () => {
    const r = findDiscrepancies(
      [local('BTC/USDT:USDT', 'long', '0.06'), local('ETH/USDT:USDT', 'long', '1'), local('SOL/USDT:USDT', 'long', '2'), local('ADA/USDT:USDT', 'long', '50')],
      [onVenue('XRP/USDT:USDT', 'short', '100'), onVenue('BTC/USDT:USDT', 'long', '0.060'), onVenue('ETH/USDT:USDT', 'long', '0.5'), onVenue('ADA/USDT:USDT', 'short', '50')],
      new Set(),
    );
    expect(r.discrepancies.map((x) => [x.kind, x.symbol])).toEqual([
      ['closed_on_venue', 'SOL/USDT:USDT'],
      // A flipped side: ours is gone, the venue's is unknown to us.
      ['closed_on_venue', 'ADA/USDT:USDT'],
      ['quantity_mismatch', 'ETH/USDT:USDT'],
      ['adopted', 'XRP/USDT:USDT'],
      ['adopted', 'ADA/USDT:USDT'],
    ]);
    expect(r.skipped).toEqual([]);
  });

  it('skips symbols with an order in flight, on either side, and ignores empty venue positions', () => {
    const r = findDiscrepancies([local('DOGE/USDT:USDT', 'long', '10')], [onVenue('PEPE/USDT:USDT', 'long', '5'), onVenue('BNB/USDT:USDT', 'long', '0')], new Set(['DOGE/USDT:USDT', 'PEPE/USDT:USDT']));
    expect(r.discrepancies).toEqual([]);
    expect(r.skipped).toEqual(['DOGE/USDT:USDT', 'PEPE/USDT:USDT']);
  });
});
