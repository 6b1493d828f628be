import { describe, expect, it } from 'vitest';
import { TickRule } from './tick-rule.js';

describe('TickRule', () => {
  it('calls the first trade a buy, upticks buys, downticks sells, zero ticks the previous side', () => {
    const rule = new TickRule();
    const prices = [100, 101, 101, 100, 100, 100, 102, 102, 99];
    expect(prices.map((p) => rule.classify(p))).toEqual(['buy', 'buy', 'buy', 'sell', 'sell', 'sell', 'buy', 'buy', 'sell']);
  });

  it('calls a flat opening run buys (the first trade is a buy and zero ticks inherit it)', () => {
    const rule = new TickRule();
    expect([5, 5, 5].map((p) => rule.classify(p))).toEqual(['buy', 'buy', 'buy']);
  });

  it('peek does not move the state; update does', () => {
    const rule = new TickRule();
    rule.update(10, 'sell');
    expect(rule.peek(9)).toBe('sell');
    expect(rule.peek(11)).toBe('buy');
    expect(rule.peek(10)).toBe('sell');
    expect(rule.peek(10)).toBe('sell');
    rule.update(11, 'buy');
    expect(rule.peek(11)).toBe('buy');
  });

  it('inherits a side the venue gave on the next zero tick', () => {
    const rule = new TickRule();
    rule.classify(10); // buy (first)
    rule.update(10, 'sell'); // venue says sell at the same price
    expect(rule.peek(10)).toBe('sell');
  });

  it('reset forgets the history', () => {
    const rule = new TickRule();
    rule.classify(10);
    rule.classify(9);
    rule.reset();
    expect(rule.peek(1)).toBe('buy');
  });
});
