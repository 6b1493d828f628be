import { describe, expect, it } from 'vitest';
import type { VenueOrderRequest } from '@cascade/core';
import { orderPriceArg, protectiveStopPrice, refuseUnplaceableOrder } from './order-request.js';
import { VenueRequestRefusedError } from './venue-errors.js';
import { StopSupport, venueProfiles } from './venue-profile.js';

const stop = (side: 'buy' | 'sell', stopPrice?: string): VenueOrderRequest => ({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDT', side, type: 'stop', amount: '0.01', stopPrice });

describe('protectiveStopPrice', () => {
  // Hyperliquid allows 5 significant digits, integer prices always (its docs, venue-profile.ts).
  it('cuts to 5 significant digits away from the market: a sell stop down, a buy stop up', () => {
    // 60197.5 → 6 digits; 5 kept: 6019|7.5 → down 60197, up 60198.
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '60197.5', 'sell')).toBe('60197');
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '60197.5', 'buy')).toBe('60198');
    // 0.01234567: significant digits start at the 1; 1234|567 → down 0.012345, up 0.012346.
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '0.01234567', 'sell')).toBe('0.012345');
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '0.01234567', 'buy')).toBe('0.012346');
  });

  it('keeps every integer digit of a price above 5 digits, and a price already short enough', () => {
    // 123456.7: 6 integer digits are all kept, the fraction goes → 123456 / 123457.
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '123456.7', 'sell')).toBe('123456');
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '123456.7', 'buy')).toBe('123457');
    expect(protectiveStopPrice(venueProfiles.hyperliquid, '59.7', 'sell')).toBe('59.7');
  });

  it('leaves the price as given on a venue without a digit limit', () => {
    expect(protectiveStopPrice(venueProfiles.binance, '60197.53', 'sell')).toBe('60197.53');
  });
});

describe('refuseUnplaceableOrder / orderPriceArg', () => {
  it('refuses a stop without a stop price, a buy stop on a sell-stop account and any stop where none rests', () => {
    expect(() => refuseUnplaceableOrder('binance', 'spot', StopSupport.SellStop, stop('sell'))).toThrow(/has no stopPrice/);
    expect(() => refuseUnplaceableOrder('binance', 'spot', StopSupport.SellStop, stop('buy', '61000'))).toThrow(VenueRequestRefusedError);
    expect(() => refuseUnplaceableOrder('bybit', 'spot', StopSupport.None, stop('sell', '59000'))).toThrow(/cannot rest a stop/);
    expect(() => refuseUnplaceableOrder('binance', 'spot', StopSupport.SellStop, stop('sell', '59000'))).not.toThrow();
  });

  it('passes a limit price, the stop or reference price where market orders need one, else nothing', () => {
    const limit: VenueOrderRequest = { clientOrderId: 'cx-1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: '0.01', price: '59000.5' };
    const market: VenueOrderRequest = { clientOrderId: 'cx-2', symbol: 'BTC/USDC:USDC', side: 'buy', type: 'market', amount: '0.01' };
    expect(orderPriceArg('binance', venueProfiles.binance, limit)).toBe(59000.5);
    expect(orderPriceArg('binance', venueProfiles.binance, market)).toBeUndefined();
    expect(orderPriceArg('hyperliquid', venueProfiles.hyperliquid, { ...market, referencePrice: '60000' })).toBe(60000);
    expect(orderPriceArg('hyperliquid', venueProfiles.hyperliquid, stop('sell', '59000'))).toBe(59000);
    expect(() => orderPriceArg('hyperliquid', venueProfiles.hyperliquid, market)).toThrow(/needs a referencePrice/);
  });
});
