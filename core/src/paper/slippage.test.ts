import { describe, expect, it } from 'vitest';
import { dec } from '../execution/money.js';
import { takerPrice, takerSlippageBps } from './slippage.js';

const s = { fixedBps: 2, impactBps: 10, maxImpactBps: 50 };

describe('takerSlippageBps', () => {
  it('adds impactBps × qty / recentVolume to the fixed bps', () => {
    // 2 + 10 × 1.5 / 5 = 2 + 3 = 5.
    expect(takerSlippageBps(s, dec('1.5'), dec('5')).toFixed()).toBe('5');
  });

  it('rounds a repeating impact up at 4 decimals', () => {
    // 10 × 1 / 3 = 3.3333…; 2 + 3.3333… = 5.3333… → up → 5.3334.
    expect(takerSlippageBps(s, dec('1'), dec('3')).toFixed()).toBe('5.3334');
  });

  it('caps the impact term, and takes the cap when there is no volume', () => {
    // 10 × 100 / 5 = 200 → capped at 50; 2 + 50 = 52.
    expect(takerSlippageBps(s, dec('100'), dec('5')).toFixed()).toBe('52');
    expect(takerSlippageBps(s, dec('1'), dec('0')).toFixed()).toBe('52');
  });
});

describe('takerPrice', () => {
  it('rounds a buy up and a sell down on the tick grid, not to the nearest tick', () => {
    // 123.45 × 1.0001 = 123.462345 → nearest 123.46, up 123.47.
    expect(takerPrice('buy', dec('123.45'), dec('1'), 2).toFixed()).toBe('123.47');
    // 123.45 × 0.9999 = 123.437655 → nearest 123.44, down 123.43.
    expect(takerPrice('sell', dec('123.45'), dec('1'), 2).toFixed()).toBe('123.43');
  });

  it('leaves a price already on the grid where it is when there is no slippage', () => {
    expect(takerPrice('buy', dec('123.45'), dec('0'), 2).toFixed()).toBe('123.45');
  });

  it('never prices a sell below one tick', () => {
    // 1 × 0.9998 = 0.9998 → down at 0 dp = 0 → one tick, 1.
    expect(takerPrice('sell', dec('1'), dec('2'), 0).toFixed()).toBe('1');
  });
});
