import { describe, expect, it } from 'vitest';
import { QuoteTicker, midDecimalText, quoteTickAmount, quotesToTicks, type Quote } from './quote.js';
import { createQuoteCsvParser } from './truefx-csv.js';
import { parseTradesText } from './parse-tape.js';

// The first rows of sample-data/tapes/truefx-usdjpy-quotes-2013-01.csv.
const head = [
  'timestamp,bid,ask',
  '2013-01-01 22:00:00.295000+00:00,86.655,86.728',
  '2013-01-01 22:02:35.907000+00:00,86.657,86.728',
  '2013-01-01 22:02:35.913000+00:00,86.655,86.728',
  '2013-01-01 22:02:36.197000+00:00,86.658,86.728',
];

describe('midDecimalText', () => {
  it('is the exact decimal mid, one place finer than the quotes at most', () => {
    expect(midDecimalText('86.655', '86.728')).toBe('86.6915');
    expect((86.655 + 86.728) / 2).not.toBe(86.6915); // why it is not done in doubles
    expect(midDecimalText('86.727', '86.760')).toBe('86.7435');
    expect(midDecimalText('1.1', '1.3')).toBe('1.2');
    expect(midDecimalText('100', '101')).toBe('100.5');
    expect(midDecimalText('0.00001', '0.00002')).toBe('0.000015');
  });

  it('is null when bid or ask is not a positive decimal', () => {
    expect(midDecimalText('', '1')).toBeNull();
    expect(midDecimalText('0', '1')).toBeNull();
    expect(midDecimalText('-1', '1')).toBeNull();
    expect(midDecimalText('1e3', '1')).toBeNull();
  });
});

describe('truefx-quotes-csv', () => {
  it('turns each quote that moves the mid into a tick at the mid, amount 1, tick-rule side', () => {
    const { trades, stats, precision } = parseTradesText('truefx-quotes-csv', `${head.join('\n')}\n`);
    expect(trades).toEqual([
      { id: '2', ts: 1357077600295, price: 86.6915, amount: 1, side: 'buy', sideInferred: true },
      { id: '3', ts: 1357077755907, price: 86.6925, amount: 1, side: 'buy', sideInferred: true },
      { id: '4', ts: 1357077755913, price: 86.6915, amount: 1, side: 'sell', sideInferred: true },
      { id: '5', ts: 1357077756197, price: 86.693, amount: 1, side: 'buy', sideInferred: true },
    ]);
    expect(stats.unchangedQuotes).toBe(0);
    expect(precision).toEqual({ pricePrecision: 4, amountPrecision: 0 });
  });

  it('skips quotes that leave the mid unchanged and counts them', () => {
    const text = ['timestamp,bid,ask', '2013-01-01 22:00:00+00:00,1.0,2.0', '2013-01-01 22:00:01+00:00,1.1,1.9', '2013-01-01 22:00:02+00:00,1.2,1.9'].join('\n');
    const { trades, stats } = parseTradesText('truefx-quotes-csv', text);
    expect(trades.map((t) => t.price)).toEqual([1.5, 1.55]);
    expect(stats.unchangedQuotes).toBe(1);
  });

  it('reads TrueFX raw files (no header, pair first)', () => {
    const { trades } = parseTradesText('truefx-quotes-csv', 'USD/JPY,20130101 22:00:00.295,86.655,86.728\n');
    expect(trades).toEqual([{ id: '1', ts: 1357077600295, price: 86.6915, amount: 1, side: 'buy', sideInferred: true }]);
  });

  it('counts a non-positive bid or ask as bad_price and an unreadable time as bad_time', () => {
    const { stats } = parseTradesText('truefx-quotes-csv', ['timestamp,bid,ask', '2013-01-01 22:00:00+00:00,0,2.0', 'noon,1,2'].join('\n'));
    expect(stats.rejected.bad_price).toBe(1);
    expect(stats.rejected.bad_time).toBe(1);
  });
});

describe('Quote API', () => {
  it('reads quotes from the CSV and ticks them exactly as the truefx trade parser does', () => {
    const reader = createQuoteCsvParser();
    const quotes = head.map((l) => reader.pushLine(l)).filter((q): q is Quote => q !== null);
    expect(quotes[0]).toEqual({ ts: 1357077600295, bid: 86.655, ask: 86.728 });
    const { ticks } = quotesToTicks(quotes);
    const viaCsv = parseTradesText('truefx-quotes-csv', head.join('\n')).trades;
    expect(ticks.map(({ id: _id, ...rest }) => rest)).toEqual(viaCsv.map(({ id: _id, ...rest }) => rest));
  });

  it('QuoteTicker marks ticks as inferred, of the quote tick amount', () => {
    const ticker = new QuoteTicker();
    const tick = ticker.push({ ts: 1000, bid: 1, ask: 3 }, 'q1');
    expect(tick).toEqual({ id: 'q1', ts: 1000, price: 2, amount: Number(quoteTickAmount), side: 'buy', sideInferred: true });
    expect(ticker.push({ ts: 1001, bid: 1.5, ask: 2.5 }, 'q2')).toBeNull();
    expect(ticker.stats().unchangedQuotes).toBe(1);
  });

  it('counts unreadable quote rows', () => {
    const reader = createQuoteCsvParser();
    reader.pushLine('timestamp,bid,ask');
    expect(reader.pushLine('2013-01-01 22:00:00+00:00,x,1')).toBeNull();
    expect(reader.malformed).toBe(1);
  });
});
