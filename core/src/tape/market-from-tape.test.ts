import { describe, expect, it } from 'vitest';
import { marketFromTape, tapeMarketType } from './market-from-tape.js';

const px = { pricePrecision: 2, amountPrecision: 4 };

describe('market from a tape: spot or perpetual', () => {
  it('a ccxt perp symbol makes a USDT-margined perpetual with Binance USDⓈ-M fees (taker 0.05 %, maker 0.02 %)', () => {
    expect(tapeMarketType('BTC/USDT:USDT', false)).toBe('perp');
    expect(marketFromTape('binance', 'BTC/USDT:USDT', px)).toMatchObject({ marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', takerFee: '0.0005', makerFee: '0.0002' });
  });

  it('--market perp on a spot symbol makes the perp market ETH/USDT:USDT; --market spot on a perp symbol keeps spot', () => {
    const m = marketFromTape('binance', 'ETH/USDT', px, tapeMarketType('ETH/USDT', false, 'perp'));
    expect(m).toMatchObject({ marketType: 'perp', symbol: 'ETH/USDT:USDT', quote: 'USDT', takerFee: '0.0005', perp: { maintenanceMarginRate: '0.004' } });
    expect(tapeMarketType('BTC/USDT:USDT', false, 'spot')).toBe('spot');
  });

  it('a plain symbol stays spot at 0.1 %; a quote tape is forex whatever is asked', () => {
    expect(marketFromTape('binance', 'ETH/USDT', px)).toMatchObject({ marketType: 'spot', symbol: 'ETH/USDT', takerFee: '0.001' });
    expect(marketFromTape('binance', 'ETH/USDT', px).perp).toBeUndefined();
    expect(tapeMarketType('USD/JPY', true, 'perp')).toBe('forex');
  });
});
