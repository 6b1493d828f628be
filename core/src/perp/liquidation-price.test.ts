import { describe, expect, it } from 'vitest';
import { dec } from '../execution/money.js';
import { crossesLiquidation, isolatedLiquidationPrice } from './liquidation-price.js';

// Binance USDⓈ-M, isolated (TMM = 0, UPNL = 0, WB = isolated margin), BTCUSDT first tier MMR 0.4 %, cum 0.
// 0.5 BTC at 40 000 = 20 000 USDT notional; 10× → WB = 2 000 USDT.
const base = { amount: dec('0.5'), entryPrice: dec('40000'), margin: dec('2000'), maintenanceMarginRate: '0.004', maintenanceAmount: '0', pricePrecision: 2 };

describe('isolated liquidation price (Binance formula, first tier)', () => {
  it('10× long: LP = (Q·EP − WB − cum) / (Q·(1 − MMR)) = (20 000 − 2 000) / (0.5 × 0.996) = 36 144.5783… → 36 144.58 (up, against the long)', () => {
    expect(isolatedLiquidationPrice({ ...base, side: 'long' })?.toFixed()).toBe('36144.58');
  });

  it('10× short: LP = (Q·EP + WB + cum) / (Q·(1 + MMR)) = (20 000 + 2 000) / (0.5 × 1.004) = 43 824.7011… → 43 824.70 (down)', () => {
    expect(isolatedLiquidationPrice({ ...base, side: 'short' })?.toFixed()).toBe('43824.7');
  });

  it('the maintenance amount moves it: long with cum 50 → (20 000 − 2 000 − 50) / 0.498 = 36 044.1767… → 36 044.18', () => {
    expect(isolatedLiquidationPrice({ ...base, side: 'long', maintenanceAmount: '50' })?.toFixed()).toBe('36044.18');
  });

  it('at the liquidation price the margin left is the maintenance margin (0.4 % of the notional there)', () => {
    // Long at LP = 18 000 / 0.498: loss = 0.5 × (40 000 − LP) ; WB − loss = 0.004 × 0.5 × LP.
    const lp = dec(18000).div(dec('0.498'));
    const left = dec(2000).minus(dec('0.5').times(dec(40000).minus(lp)));
    expect(left.minus(dec('0.004').times('0.5').times(lp)).abs().lt('1e-12')).toBe(true);
  });

  it('a 1× long cannot be liquidated (LP ≤ 0): null', () => {
    expect(isolatedLiquidationPrice({ ...base, side: 'long', margin: dec('20000') })).toBeNull();
  });

  it('crossing: a long at or below, a short at or above', () => {
    expect(crossesLiquidation('long', 36144.58, 36144.58)).toBe(true);
    expect(crossesLiquidation('long', 36144.59, 36144.58)).toBe(false);
    expect(crossesLiquidation('short', 43824.7, 43824.7)).toBe(true);
    expect(crossesLiquidation('short', 43824.69, 43824.7)).toBe(false);
  });
});
