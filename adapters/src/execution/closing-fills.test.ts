import { describe, expect, it } from 'vitest';
import { type VenueFill, dec } from '@cascade/core';
import { exitFromFills } from './closing-fills.js';

const fill = (id: string, side: 'buy' | 'sell', price: string, amount: string, fee: string, ts: number, currency = 'USDT'): VenueFill => ({ tradeId: id, orderId: id, clientOrderId: null, symbol: 'ETH/USDT:USDT', side, price, amount, fee: { cost: fee, currency }, timestamp: ts });

describe('exitFromFills', () => {
  it('prices a long closed by two sells, the second only in part', () => {
    const x = exitFromFills('long', dec('0.3'), [fill('b', 'buy', '100', '0.3', '0.012', 1), fill('s2', 'sell', '102', '0.25', '0.0255', 3), fill('s1', 'sell', '101', '0.1', '0.0101', 2)], 'USDT', 2);
    // Oldest first: 0.1 @ 101 = 10.1, then 0.2 of 0.25 @ 102 = 20.4; 30.5 / 0.3 = 101.6666… → 10 places.
    // Fees: 0.0101 + 0.0255 × 0.2 / 0.25 = 0.0101 + 0.0204 = 0.0305.
    expect(x?.price.toFixed()).toBe('101.6666666667');
    expect(x?.fee.toFixed()).toBe('0.0305');
    expect(x?.fills).toBe(2);
    expect(x?.at).toBe(3);
  });

  it('is exact for one fill, ignores fees in other currencies, and says unknown when the fills fall short', () => {
    const one = exitFromFills('short', dec('2'), [fill('b', 'buy', '99.5', '2', '0.0001', 5, 'BNB')], 'USDT', 2);
    expect(one?.price.toFixed()).toBe('99.5');
    expect(one?.fee.toFixed()).toBe('0');
    expect(exitFromFills('long', dec('1'), [fill('s', 'sell', '101', '0.4', '0.01', 1)], 'USDT', 2)).toBeNull();
    expect(exitFromFills('long', dec('1'), [], 'USDT', 2)).toBeNull();
  });
});
