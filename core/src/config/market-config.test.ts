import { describe, expect, it } from 'vitest';
import { formatIssues } from '../messages/parse-message.js';
import { marketFromTape } from '../tape/market-from-tape.js';
import { MarketConfigSchema, applyMarketConfig } from './market-config.js';
import { StrategyConfigSchema } from './strategy-config.js';

describe('leverage cap (§2.7.1.1: never above 10×)', () => {
  it('a market config asking 20× is refused with an error that says the limit and what to set', () => {
    const r = MarketConfigSchema.safeParse({ exchange: 'binance', marketType: 'perp', defaultLeverage: 20 });
    expect(r.success).toBe(false);
    if (!r.success) expect(formatIssues(r.error.issues)).toMatch(/defaultLeverage.*above 10× is refused: 10× is Cascade's hard limit \(spec §2\.7\.1\.1\); set defaultLeverage to 10 or less/);
  });

  it('a strategy config asking 11× sizing leverage is refused the same way; 10× is accepted', () => {
    const r = StrategyConfigSchema.safeParse({ execution: { sizing: { defaultLeverage: 11 } } });
    expect(r.success).toBe(false);
    if (!r.success) expect(formatIssues(r.error.issues)).toMatch(/defaultLeverage above 10× is refused/);
    expect(StrategyConfigSchema.parse({ execution: { sizing: { defaultLeverage: 10 } } }).execution.sizing.defaultLeverage).toBe(10);
  });
});

describe('market config on a perp market spec', () => {
  const perp = marketFromTape('binance', 'ETH/USDT:USDT', { pricePrecision: 2, amountPrecision: 4 });

  it('overrides fees, maintenance margin and the constant funding rate', () => {
    const mc = MarketConfigSchema.parse({ exchange: 'binance', marketType: 'perp', takerFee: '0.0004', maintenanceMarginRate: '0.005', fundingRate: '-0.0002' });
    expect(applyMarketConfig(perp, mc)).toMatchObject({ takerFee: '0.0004', makerFee: '0.0002', perp: { maintenanceMarginRate: '0.005', maintenanceAmount: '0', fundingRate: '-0.0002' } });
  });

  it('refuses a config for another market type and cross margin, saying what to do', () => {
    expect(() => applyMarketConfig(perp, MarketConfigSchema.parse({ exchange: 'binance', marketType: 'spot' }))).toThrow(/give a config with "marketType": "perp" or pass --market spot/);
    expect(() => applyMarketConfig(perp, MarketConfigSchema.parse({ exchange: 'binance', marketType: 'perp', marginMode: 'cross' }))).toThrow(/isolated/);
  });
});
