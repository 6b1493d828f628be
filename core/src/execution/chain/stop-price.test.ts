import { describe, expect, it } from 'vitest';
import { dec } from '../money.js';
import { initialStopPrice } from './stop-price.js';

describe('initialStopPrice', () => {
  it('§2.2.4 Scenario 3: filled at 100.05, 0.5 % → 100.05 × 0.995 = 99.54975 → 99.55', () => {
    expect(initialStopPrice('long', dec('100.05'), 0.005, 2).toFixed()).toBe('99.55');
  });

  it('§2.5: entry 50,000 → 49,750', () => {
    expect(initialStopPrice('long', dec('50000'), 0.005, 1).toFixed()).toBe('49750');
  });

  it('rounds toward the entry for shorts too: 100.05 × 1.005 = 100.55025 → 100.55', () => {
    expect(initialStopPrice('short', dec('100.05'), 0.005, 2).toFixed()).toBe('100.55');
  });
});
