import { describe, expect, it } from 'vitest';
import { dec } from '../execution/money.js';
import { FUNDING_INTERVAL_MS, fundingTimesBetween, lastFundingTime } from './funding-schedule.js';
import { fundingReceived } from './funding-payment.js';
import { FundingRateSeries, fundingRateAt } from './funding-rate-series.js';

const utc = (d: string): number => Date.parse(d);

describe('funding schedule (Binance USDⓈ-M: 00:00, 08:00, 16:00 UTC)', () => {
  it('lists the funding times strictly after the start and up to the end', () => {
    expect(fundingTimesBetween(utc('2024-01-01T07:00:00Z'), utc('2024-01-02T01:00:00Z')).map((t) => new Date(t).toISOString())).toEqual(['2024-01-01T08:00:00.000Z', '2024-01-01T16:00:00.000Z', '2024-01-02T00:00:00.000Z']);
    expect(fundingTimesBetween(utc('2024-01-01T08:00:00Z'), utc('2024-01-01T15:59:59.999Z'))).toEqual([]);
    expect(fundingTimesBetween(utc('2024-01-01T07:59:59.999Z'), utc('2024-01-01T08:00:00Z'))).toEqual([utc('2024-01-01T08:00:00Z')]);
    expect(FUNDING_INTERVAL_MS).toBe(28_800_000);
    expect(lastFundingTime(utc('2024-01-01T23:59:00Z'))).toBe(utc('2024-01-01T16:00:00Z'));
  });
});

describe('funding payment', () => {
  it('long 0.5 BTC at mark 40 000, rate 0.0001: pays 0.5 × 40 000 × 0.0001 = 2 USDT; the short receives 2', () => {
    expect(fundingReceived('long', dec('0.5'), dec('40000'), '0.0001').toFixed()).toBe('-2');
    expect(fundingReceived('short', dec('0.5'), dec('40000'), '0.0001').toFixed()).toBe('2');
  });

  it('a negative rate: shorts pay longs (rate −0.00025 on 2 ETH at 2 500 → long +1.25)', () => {
    expect(fundingReceived('long', dec('2'), dec('2500'), '-0.00025').toFixed()).toBe('1.25');
    expect(fundingReceived('short', dec('2'), dec('2500'), '-0.00025').toFixed()).toBe('-1.25');
  });
});

describe('funding-rate series', () => {
  it('snaps Binance calc_time stamps a few ms off the hour to their funding time; a gap has no rate', () => {
    const s = new FundingRateSeries([
      { time: utc('2024-01-01T00:00:00Z') + 3, rate: '0.00037409' },
      { time: utc('2024-01-01T08:00:00Z'), rate: '0.00027213' },
    ]);
    expect(fundingRateAt({ kind: 'series', series: s, label: 'x' }, utc('2024-01-01T00:00:00Z'))).toBe('0.00037409');
    expect(s.rateAt(utc('2024-01-01T08:00:00Z'))).toBe('0.00027213');
    expect(s.rateAt(utc('2024-01-01T16:00:00Z'))).toBeNull();
    expect(fundingRateAt({ kind: 'constant', rate: '0.0001' }, 0)).toBe('0.0001');
  });
});
