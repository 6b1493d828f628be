import { describe, expect, it } from 'vitest';
import type { MarketInterface } from 'ccxt';
import { CcxtPrecisionMode, baseToContracts, contractsToBase, decimalsOfPrecision, marketSpecOf } from './market-spec.js';

const perp = (over: Partial<MarketInterface>): MarketInterface =>
  ({ symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', spot: false, swap: true, contract: true, linear: true, contractSize: 1, precision: { amount: 0.001, price: 0.1 }, limits: { cost: { min: 100 } }, taker: 0.0005, maker: 0.0002, ...over }) as MarketInterface;

describe('market spec from ccxt', () => {
  it('turns TICK_SIZE precision into decimal places: 0.001 → 3, 0.1 → 1, 1 → 0, 0.5 → 1, 0.25 → 2', () => {
    const t = CcxtPrecisionMode.TickSize;
    expect([0.001, 0.1, 1, 0.5, 0.25, 1e-8].map((p) => decimalsOfPrecision(p, t))).toEqual([3, 1, 0, 1, 2, 8]);
    expect(decimalsOfPrecision(4, CcxtPrecisionMode.DecimalPlaces)).toBe(4);
    expect(decimalsOfPrecision(undefined, t)).toBe(8);
  });

  it('builds the MarketSpec with exact fee strings and min notional', () => {
    expect(marketSpecOf('bybit', perp({}), CcxtPrecisionMode.TickSize)).toEqual({
      exchange: 'bybit', marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', pricePrecision: 1, amountPrecision: 3, takerFee: '0.0005', makerFee: '0.0002', minNotional: '100',
    });
  });

  it('OKX contracts: ctVal 0.01 BTC × lot 0.01 contracts = base step 0.0001 → 4 decimals; 0.0234 BTC → 2.34 contracts', () => {
    const m = perp({ contractSize: 0.01, precision: { amount: 0.01, price: 0.1 } });
    const spec = marketSpecOf('okx', m, CcxtPrecisionMode.TickSize);
    expect(spec.amountPrecision).toBe(4);
    expect(baseToContracts('0.0234', m, spec).toFixed()).toBe('2.34');
    // truncated to the step, never rounded up past what we sized: 0.02349 → 0.0234
    expect(baseToContracts('0.02349', m, spec).toFixed()).toBe('2.34');
    expect(contractsToBase(3, m, spec)).toBe('0.0300');
  });

  it('spot: contracts are base units', () => {
    const m = { ...perp({}), spot: true, swap: false, contract: false, contractSize: undefined } as unknown as MarketInterface;
    const spec = marketSpecOf('binance', m, CcxtPrecisionMode.TickSize);
    expect(spec.marketType).toBe('spot');
    expect(baseToContracts('0.0109', m, spec).toFixed()).toBe('0.01');
  });
});
