import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { TradeValidator, zeroRejectCounts } from './trade-validator.js';

function trade(id: string, ts: number, over: Partial<Trade> = {}): Trade {
  return { id, ts, price: 100, amount: 1, side: 'buy', sideInferred: false, ...over };
}

describe('TradeValidator', () => {
  it('accepts a clean stream and counts it', () => {
    const v = new TradeValidator();
    expect(v.accept(trade('1', 1000))).toBeNull();
    expect(v.accept(trade('2', 1000))).toBeNull(); // same ms is in order
    expect(v.accept(trade('3', 1001))).toBeNull();
    expect(v.accepted).toBe(3);
    expect(v.counts()).toEqual(zeroRejectCounts());
  });

  it('rejects a repeated id as duplicate', () => {
    const v = new TradeValidator();
    v.accept(trade('a', 1000));
    expect(v.accept(trade('a', 1000))).toBe('duplicate');
    expect(v.counts().duplicate).toBe(1);
    expect(v.accepted).toBe(1);
  });

  it('rejects a trade earlier than the last accepted one as out_of_order, without re-sorting', () => {
    const v = new TradeValidator();
    v.accept(trade('1', 2000));
    expect(v.accept(trade('2', 1999))).toBe('out_of_order');
    expect(v.accept(trade('3', 2000))).toBeNull();
    expect(v.counts().out_of_order).toBe(1);
  });

  it('checks duplicates before order: a replayed old trade is a duplicate', () => {
    const v = new TradeValidator();
    v.accept(trade('1', 1000));
    v.accept(trade('2', 2000));
    expect(v.accept(trade('1', 1000))).toBe('duplicate');
  });

  it('rejects bad prices: NaN, zero, negative, infinite', () => {
    const v = new TradeValidator();
    for (const price of [NaN, 0, -1, Infinity]) expect(v.accept(trade(`p${price}`, 1000, { price }))).toBe('bad_price');
    expect(v.counts().bad_price).toBe(4);
  });

  it('rejects bad amounts: NaN, zero, negative, infinite', () => {
    const v = new TradeValidator();
    for (const amount of [NaN, 0, -2, -Infinity]) expect(v.accept(trade(`a${amount}`, 1000, { amount }))).toBe('bad_amount');
    expect(v.counts().bad_amount).toBe(4);
  });

  it('rejects bad times: NaN, fractional, zero, negative, unsafe', () => {
    const v = new TradeValidator();
    for (const ts of [NaN, 1000.5, 0, -5, 2 ** 60]) expect(v.accept(trade(`t${ts}`, ts))).toBe('bad_time');
    expect(v.counts().bad_time).toBe(5);
  });

  it('checks time before price before amount', () => {
    const v = new TradeValidator();
    expect(v.accept(trade('x', NaN, { price: NaN, amount: NaN }))).toBe('bad_time');
    expect(v.accept(trade('x', 1, { price: NaN, amount: NaN }))).toBe('bad_price');
    expect(v.accept(trade('x', 1, { amount: NaN }))).toBe('bad_amount');
  });

  it('does not remember rejected trades: a later valid trade with the same id is kept', () => {
    const v = new TradeValidator();
    expect(v.accept(trade('1', 1000, { price: 0 }))).toBe('bad_price');
    expect(v.accept(trade('1', 1000))).toBeNull();
  });

  it('forgets string ids beyond the window', () => {
    const v = new TradeValidator(3);
    for (const id of ['a', 'b', 'c', 'd']) v.accept(trade(id, 1000));
    expect(v.accept(trade('a', 1000))).toBeNull(); // evicted: cannot be told from a new trade
    expect(v.accept(trade('d', 1000))).toBe('duplicate');
  });

  it('catches numeric ids replayed from beyond the window by the evicted-id floor', () => {
    const v = new TradeValidator(3);
    for (let id = 1; id <= 10; id++) v.accept(trade(String(id), 1000 + id));
    // window holds 8, 9, 10; 1..7 were evicted
    expect(v.accept(trade('5', 2000))).toBe('duplicate');
    expect(v.accept(trade('007', 2000))).toBe('duplicate'); // leading zeros are the same id number
    expect(v.accept(trade('11', 2000))).toBeNull();
  });

  it('lets numeric ids arrive out of order within the window', () => {
    const v = new TradeValidator(100);
    expect(v.accept(trade('12', 1000))).toBeNull();
    expect(v.accept(trade('11', 1000))).toBeNull(); // venues may emit same-ms trades in any id order
    expect(v.accept(trade('12', 1000))).toBe('duplicate');
  });

  it('compares numeric ids past 2^53 exactly', () => {
    const v = new TradeValidator(1);
    v.accept(trade('9007199254740993', 1000));
    v.accept(trade('9007199254740995', 1000)); // evicts ...993
    expect(v.accept(trade('9007199254740994', 1000))).toBeNull();
    expect(v.accept(trade('9007199254740993', 1000))).toBe('duplicate');
  });

  it('refuses a window that is not a positive integer', () => {
    expect(() => new TradeValidator(0)).toThrow(/idWindow/);
  });
});
