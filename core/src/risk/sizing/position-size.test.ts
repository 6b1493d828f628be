import { describe, expect, it } from 'vitest';
import { dec } from '../../execution/money.js';
import type { MarketSpec } from '../../model/market.js';
import { chooseLeverage } from './leverage.js';
import { moduleEquity } from './module-equity.js';
import { type SizingInput, riskNotional, sizePosition } from './position-size.js';
import { RiskSizingSchema, defaultRiskSizing } from './risk-sizing-config.js';

const btcPerp: MarketSpec = { exchange: 'binance', marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', pricePrecision: 1, amountPrecision: 3, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' };
const btcSpot: MarketSpec = { exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5' };
const adaPerp: MarketSpec = { exchange: 'bybit', marketType: 'perp', symbol: 'ADA/USDT:USDT', base: 'ADA', quote: 'USDT', pricePrecision: 5, amountPrecision: 0, takerFee: '0.00055', makerFee: '0.0002', minNotional: '5' };

function input(over: Partial<SizingInput> & Pick<SizingInput, 'market' | 'entryPrice'>): SizingInput {
  return {
    side: 'long',
    stopDistancePct: 0.005,
    moduleEquity: dec(10_000),
    account: { equity: dec(10_000), available: dec(10_000), usedMargin: dec(0) },
    leverage: 3,
    config: defaultRiskSizing,
    ...over,
  };
}

function sized(i: SizingInput) {
  const r = sizePosition(i);
  if (!r.ok) throw new Error(`expected a size, got: ${r.reason}`);
  return r.size;
}

describe('§2.7.1.1 worked example: $10,000 account, 2 % risk, 5× leverage, 0.5 % stop', () => {
  it('risk notional is 10,000 × 0.02 / 0.005 = $40,000; its margin at 5× is the document’s $8,000', () => {
    const n = riskNotional(dec(10_000), 0.02, 0.005);
    expect(n.toFixed()).toBe('40000');
    expect(n.div(5).toFixed()).toBe('8000'); // "$200 / (0.005 × 5) = $8,000"
    expect(n.times(0.005).toFixed()).toBe('200'); // loss at the stop: 40,000 × 0.005 = $200
  });

  it('the 50 % margin buffer cuts it to margin $5,000 (notional $25,000, $125 at the stop)', () => {
    // BTC at 50,000.0, amount precision 3, taker 0.04 %; per-position cap lifted to isolate the buffer.
    //   risk:    ⌊10,000 × 0.02 / (0.005 × 50,000)⌋ = ⌊200 / 250⌋        = 0.800
    //   buffer:  room = 10,000 × (1 − 0.5) − 0 = 5,000; ⌊5,000 × 5 / 50,000⌋ = 0.500
    //   balance: ⌊10,000 × 5 / (50,000 × (1 + 0.0004 × 5))⌋ = ⌊0.998003…⌋ = 0.998
    const s = sized(input({ market: btcPerp, entryPrice: dec('50000.0'), leverage: 5, config: RiskSizingSchema.parse({ maxPositionMarginPct: 1 }) }));
    expect(s.bound).toBe('margin_buffer');
    expect(s.amount.toFixed()).toBe('0.5');
    expect(s.caps.risk?.toFixed()).toBe('0.8');
    expect(s.caps.balance?.toFixed()).toBe('0.998');
    expect(s.notional.toFixed()).toBe('25000'); // 0.5 × 50,000
    expect(s.margin.toFixed()).toBe('5000'); // 25,000 / 5
    expect(s.fee.toFixed()).toBe('10'); // 25,000 × 0.0004
    expect(s.riskAtStop.toFixed()).toBe('125'); // 25,000 × 0.005 = 1.25 % of equity
  });

  it('with a 2 % stop the risk budget binds: 0.2 BTC, $200 at the stop', () => {
    //   risk: ⌊200 / (0.02 × 50,000)⌋ = ⌊200 / 1,000⌋ = 0.200 (< buffer 0.5, balance 0.998)
    const s = sized(input({ market: btcPerp, entryPrice: dec('50000.0'), leverage: 5, stopDistancePct: 0.02, config: RiskSizingSchema.parse({ maxPositionMarginPct: 1 }) }));
    expect(s.bound).toBe('risk');
    expect(s.amount.toFixed()).toBe('0.2');
    expect(s.riskAtStop.toFixed()).toBe('200');
    expect(s.margin.toFixed()).toBe('2000'); // 10,000 / 5
  });
});

describe('sizePosition with the default limits and awkward decimals', () => {
  it('perp: the per-position margin cap binds; amount rounds down to whole ADA; margin rounds up', () => {
    // equity 12,345.67, allocation 0.25 → module equity 3,086.4175; price 0.52347; stop 0.5 %; 3×; used margin 1,000; available 5,000
    //   risk:     ⌊3,086.4175 × 0.02 / (0.005 × 0.52347)⌋ = ⌊61.72835 / 0.00261735⌋ = ⌊23,584.29…⌋ = 23,584
    //   position: ⌊3,086.4175 × 0.1 × 3 / 0.52347⌋ = ⌊925.92525 / 0.52347⌋ = ⌊1,768.82…⌋ = 1,768
    //   buffer:   room 12,345.67 × 0.5 − 1,000 = 5,172.835; ⌊5,172.835 × 3 / 0.52347⌋ = ⌊29,645.45…⌋ = 29,645
    //   balance:  ⌊5,000 × 3 / (0.52347 × 1.00165)⌋ = ⌊28,607.73…⌋ = 28,607
    //   notional 1,768 × 0.52347 = 925.49496; margin 925.49496 / 3 = 308.49832; fee × 0.00055 = 0.509022228
    const me = moduleEquity(dec('12345.67'), 0.25);
    expect(me.toFixed()).toBe('3086.4175');
    const s = sized(input({ market: adaPerp, entryPrice: dec('0.52347'), moduleEquity: me, account: { equity: dec('12345.67'), available: dec(5000), usedMargin: dec(1000) } }));
    expect(Object.fromEntries(Object.entries(s.caps).map(([k, v]) => [k, v.toFixed()]))).toEqual({ risk: '23584', position_margin: '1768', margin_buffer: '29645', balance: '28607' });
    expect(s.bound).toBe('position_margin');
    expect(s.amount.toFixed()).toBe('1768');
    expect(s.notional.toFixed()).toBe('925.49496');
    expect(s.margin.toFixed()).toBe('308.49832');
    expect(s.fee.toFixed()).toBe('0.509022228');
    expect(s.riskAtStop.toFixed()).toBe('4.6274748');
  });

  it('rounds a non-terminating margin up at the notional’s scale', () => {
    const cfg = RiskSizingSchema.parse({ maxPositionMarginPct: 1 });
    const s = sized(input({ market: adaPerp, entryPrice: dec('0.52347'), leverage: 7, moduleEquity: dec('92.49999'), config: cfg, stopDistancePct: 0.001 }));
    // risk: ⌊92.49999 × 0.02 / (0.001 × 0.52347)⌋ = ⌊1.8499998 / 0.00052347⌋ = ⌊3,534.10…⌋ = 3,534
    // position: ⌊92.49999 × 1 × 7 / 0.52347⌋ = ⌊647.49993 / 0.52347⌋ = ⌊1,236.93…⌋ = 1,236
    expect(s.amount.toFixed()).toBe('1236');
    // 1,236 × 0.52347 = 647.00892; / 7 = 92.4298457142… → up at 5 places: 92.42985
    expect(s.notional.toFixed()).toBe('647.00892');
    expect(s.margin.toFixed()).toBe('92.42985');
  });

  it('spot long: margin is the whole notional; 10 % of module equity per position', () => {
    // price 43,210.55, module equity 1,000:
    //   risk:     ⌊1,000 × 0.02 / (0.005 × 43,210.55)⌋ = ⌊20 / 216.05275⌋ = ⌊0.092569…⌋ = 0.09256
    //   position: ⌊1,000 × 0.1 × 1 / 43,210.55⌋ = ⌊0.0023142…⌋ = 0.00231
    //   balance:  ⌊1,000 / (43,210.55 × 1.001)⌋ = ⌊0.0231193…⌋ = 0.02311
    //   notional 0.00231 × 43,210.55 = 99.8163705; fee × 0.001 = 0.0998163705
    const s = sized(input({ market: btcSpot, entryPrice: dec('43210.55'), leverage: 1, moduleEquity: dec(1000), account: { equity: dec(1000), available: dec(1000), usedMargin: dec(0) } }));
    expect(s.caps.margin_buffer).toBeUndefined();
    expect([s.caps.risk?.toFixed(), s.caps.position_margin?.toFixed(), s.caps.balance?.toFixed()]).toEqual(['0.09256', '0.00231', '0.02311']);
    expect(s.amount.toFixed()).toBe('0.00231');
    expect(s.notional.toFixed()).toBe('99.8163705');
    expect(s.margin.toFixed()).toBe('99.8163705');
    expect(s.fee.toFixed()).toBe('0.0998163705');
  });

  it('spot short sells only base it holds, rounded down', () => {
    const base = input({ market: btcSpot, entryPrice: dec('43210.55'), side: 'short', leverage: 1, moduleEquity: dec(100_000) });
    const none = sizePosition(base);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.reason).toContain('no BTC to sell on spot');
    const some = sized({ ...base, account: { ...base.account, baseFree: dec('0.001234567') } });
    expect(some.amount.toFixed()).toBe('0.00123');
    expect(some.bound).toBe('balance');
  });

  it('refuses when the margin buffer has no room left, naming the caps', () => {
    const r = sizePosition(input({ market: btcPerp, entryPrice: dec('50000.0'), account: { equity: dec(10_000), available: dec(5_000), usedMargin: dec(5_000) } }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('margin_buffer');
      expect(r.numbers).toMatchObject({ cap_margin_buffer: '0', leverage: 3 });
    }
  });
});

describe('leverage and config limits', () => {
  it('defaults to 3×, caps at 10×, and is 1× on spot', () => {
    expect(chooseLeverage('perp', undefined, defaultRiskSizing)).toEqual({ leverage: 3 });
    expect(chooseLeverage('perp', 20, defaultRiskSizing)).toEqual({ leverage: 10, clampedFrom: 20 });
    expect(chooseLeverage('forex', 5, defaultRiskSizing)).toEqual({ leverage: 5 });
    expect(chooseLeverage('spot', 5, defaultRiskSizing)).toEqual({ leverage: 1 });
    expect(chooseLeverage('perp', 8, RiskSizingSchema.parse({ maxLeverage: 5 }))).toEqual({ leverage: 5, clampedFrom: 8 });
  });

  it('refuses a config above the hard limits', () => {
    expect(defaultRiskSizing).toMatchObject({ riskPerTradePct: 0.02, defaultLeverage: 3, maxLeverage: 10, minMarginBufferPct: 0.5, reduceMarginBufferPct: 0.3 });
    expect(RiskSizingSchema.safeParse({ maxLeverage: 10 }).success).toBe(true);
    expect(RiskSizingSchema.safeParse({ maxLeverage: 11 }).success).toBe(false);
    expect(RiskSizingSchema.safeParse({ defaultLeverage: 12 }).success).toBe(false);
    expect(RiskSizingSchema.safeParse({ defaultLeverage: 6, maxLeverage: 5 }).success).toBe(false);
    expect(RiskSizingSchema.safeParse({ riskPerTradePct: 0.021 }).success).toBe(false);
    expect(RiskSizingSchema.safeParse({ minMarginBufferPct: 0.4 }).success).toBe(false);
    expect(RiskSizingSchema.safeParse({ surprise: 1 }).success).toBe(false);
  });

  it('module equity is total × allocation, exactly', () => {
    expect(moduleEquity(dec('10000.123456789'), 0.35).toFixed()).toBe('3500.04320987615');
    expect(() => moduleEquity(dec(1), 1.5)).toThrow(RangeError);
  });
});
