import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { createCsvTradeParser } from './csv-trade-parser.js';
import { parseTradesText } from './parse-tape.js';

const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

describe('binance-trades-csv', () => {
  // Row from the binance-public-data README; is_buyer_maker True ⇒ the aggressor sold.
  const row = '51175358,17.80180000,5.69000000,101.29224200,1583709433583,True,True';

  it('reads a headerless file and maps is_buyer_maker True to a sell aggressor', () => {
    const { trades, precision, stats } = parseTradesText('binance-trades-csv', lines(row, '51175359,17.80190000,1.00000000,17.80190000,1583709433590,False,True'));
    expect(trades).toEqual([
      { id: '51175358', ts: 1583709433583, price: 17.8018, amount: 5.69, side: 'sell', sideInferred: false },
      { id: '51175359', ts: 1583709433590, price: 17.8019, amount: 1, side: 'buy', sideInferred: false },
    ]);
    expect(precision).toEqual({ pricePrecision: 4, amountPrecision: 2 });
    expect(stats.accepted).toBe(2);
  });

  it('reads the same rows under a header, matching columns by name', () => {
    const withHeader = parseTradesText('binance-trades-csv', lines('id,price,qty,quote_qty,time,is_buyer_maker,is_best_match', row));
    const without = parseTradesText('binance-trades-csv', lines(row));
    expect(withHeader.trades).toEqual(without.trades);
  });

  it('follows a header whose columns are in another order', () => {
    const { trades } = parseTradesText('binance-trades-csv', lines('time,is_buyer_maker,id,qty,price', '1583709433583,false,7,2.5,100.25'));
    expect(trades).toEqual([{ id: '7', ts: 1583709433583, price: 100.25, amount: 2.5, side: 'buy', sideInferred: false }]);
  });

  it('converts microsecond times (spot files from 2025) to integer ms, leaving ms files alone', () => {
    const { trades } = parseTradesText(
      'binance-trades-csv',
      lines('1,100.00000000,1.00000000,100.00000000,1735689600000999,True,True', '2,100.00000000,1.00000000,100.00000000,1735689600001,True,True'),
    );
    expect(trades.map((t) => t.ts)).toEqual([1735689600000, 1735689600001]);
  });

  it('counts rows it cannot read as malformed and bad values by reason', () => {
    const { trades, stats } = parseTradesText(
      'binance-trades-csv',
      lines(
        row,
        '51175359,17.8,1.0,17.8,1583709433590,maybe,True', // not a boolean
        '51175360,17.8,1.0', // too few columns
        '51175358,17.8,1.0,17.8,1583709433600,True,True', // same id as row 1
        '51175361,17.8,1.0,17.8,1583709433000,True,True', // earlier than the last kept trade
        '51175362,0,1.0,0,1583709433600,True,True',
        '51175363,17.8,-1,17.8,1583709433600,True,True',
        '51175364,17.8,1.0,17.8,soon,True,True',
        '51175365,17.8,1.0,17.8,1583709433700,False,True',
      ),
    );
    expect(trades.map((t) => t.id)).toEqual(['51175358', '51175365']);
    expect(stats.rejected).toEqual({ malformed: 2, duplicate: 1, out_of_order: 1, bad_price: 1, bad_amount: 1, bad_time: 1 });
    expect(stats.accepted).toBe(2);
  });
});

describe('binance-aggtrades-csv', () => {
  // Row from the binance-public-data README.
  const row = '0,0.20000000,50.00000000,0,0,1608872400000,False,True';

  it('reads headerless rows with and without is_best_match', () => {
    const { trades } = parseTradesText('binance-aggtrades-csv', lines(row, '26129,0.01633102,4.70443515,27781,27781,1608872400001,true'));
    expect(trades).toEqual([
      { id: '0', ts: 1608872400000, price: 0.2, amount: 50, side: 'buy', sideInferred: false },
      { id: '26129', ts: 1608872400001, price: 0.01633102, amount: 4.70443515, side: 'sell', sideInferred: false }, // buyer was maker
    ]);
  });

  it('reads a header row (futures files have one) and µs times', () => {
    const { trades } = parseTradesText(
      'binance-aggtrades-csv',
      lines('agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker', '5,10.5,2,8,9,1735689600123456,true'),
    );
    expect(trades).toEqual([{ id: '5', ts: 1735689600123, price: 10.5, amount: 2, side: 'sell', sideInferred: false }]);
  });

  it('says which column a header lacks', () => {
    expect(() => parseTradesText('binance-aggtrades-csv', lines('agg_trade_id,price,first_trade_id', '1,2,3'))).toThrow(/no column quantity or qty, transact_time/);
  });
});

describe('ccxt-csv', () => {
  const header = ',timestamp,id,type,side,price,amount,cost,date';
  const r0 = '0,1675329600138,1206419187,,buy,1666.8,26.062,43440.1416,2023-02-02 09:20:00.138000+00:00';
  const r1 = '1,1675329600214,1206419188,,sell,1666.79,0.152,253.35208,2023-02-02 09:20:00.214000+00:00';

  it('reads pandas output with its index column', () => {
    const { trades, precision } = parseTradesText('ccxt-csv', lines(header, r0, r1));
    expect(trades).toEqual([
      { id: '1206419187', ts: 1675329600138, price: 1666.8, amount: 26.062, side: 'buy', sideInferred: false },
      { id: '1206419188', ts: 1675329600214, price: 1666.79, amount: 0.152, side: 'sell', sideInferred: false },
    ]);
    expect(precision).toEqual({ pricePrecision: 2, amountPrecision: 3 });
  });

  it('reads the same file saved without the index, by header name', () => {
    const strip = (l: string): string => l.slice(l.indexOf(',') + 1);
    expect(parseTradesText('ccxt-csv', lines(strip(header), strip(r0), strip(r1))).trades).toEqual(parseTradesText('ccxt-csv', lines(header, r0, r1)).trades);
  });

  it('reads headerless rows by their field count', () => {
    const strip = (l: string): string => l.slice(l.indexOf(',') + 1);
    expect(parseTradesText('ccxt-csv', lines(r0, strip(r1))).trades.map((t) => t.id)).toEqual(['1206419187', '1206419188']);
  });

  it('classifies rows without a side by the tick rule and flags them', () => {
    const { trades } = parseTradesText('ccxt-csv', lines('timestamp,id,side,price,amount', '1000,1,,10,1', '1001,2,,9,1', '1002,3,buy,9,1', '1003,4,,9,1'));
    expect(trades.map((t) => [t.side, t.sideInferred])).toEqual([
      ['buy', true],
      ['sell', true],
      ['buy', false],
      ['buy', true], // zero tick after the venue's buy
    ]);
  });

  it('counts an unknown side as malformed', () => {
    const { stats } = parseTradesText('ccxt-csv', lines('timestamp,id,side,price,amount', '1000,1,long,10,1'));
    expect(stats.rejected.malformed).toBe(1);
  });
});

describe('kraken-csv', () => {
  it('numbers trades by line, classifies them by the tick rule, and reads seconds', () => {
    // The first six lines of sample-data/tapes/kraken-bcheur-trades-2023-01.csv (lines 4 and 6 are identical).
    const text = lines(
      '1672531436,90.540000,1.10448420',
      '1672531471,90.450000,1.00000000',
      '1672531647,90.360000,0.28600000',
      '1672533909,90.000000,0.05000000',
      '1672533909,90.000000,0.55555555',
      '1672533909,90.000000,0.05000000',
    );
    const { trades, precision, stats } = parseTradesText('kraken-csv', text);
    expect(trades.map((t) => t.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(trades.map((t) => t.side)).toEqual(['buy', 'sell', 'sell', 'sell', 'sell', 'sell']);
    expect(trades.every((t) => t.sideInferred)).toBe(true);
    expect(trades[0]).toEqual({ id: '1', ts: 1672531436000, price: 90.54, amount: 1.1044842, side: 'buy', sideInferred: true });
    expect(precision).toEqual({ pricePrecision: 2, amountPrecision: 8 });
    expect(stats.rejected.duplicate).toBe(0); // identical rows are distinct trades: Kraken has no ids to tell
  });

  it('reads fractional-second timestamps', () => {
    expect(parseTradesText('kraken-csv', lines('1672531436.5551,90.5,1')).trades[0]?.ts).toBe(1672531436555);
  });

  it('does not move the tick rule on a rejected trade', () => {
    const { trades, stats } = parseTradesText('kraken-csv', lines('100,10,1', '101,5,0', '102,9,1'));
    expect(stats.rejected.bad_amount).toBe(1);
    expect(trades.map((t) => [t.id, t.side])).toEqual([
      ['1', 'buy'],
      ['3', 'sell'], // compared with 10 (line 1), not 5 (the dropped line 2)
    ]);
  });
});

describe('line handling', () => {
  const text = '\uFEFFid,price,qty,quote_qty,time,is_buyer_maker,is_best_match\r\n1,1.5,2,3,1000,True,True\r\n\r\n2,1.6,2,3,1001,False,True';

  it('drops a BOM, CRLF endings and blank lines, and reads a last line without a newline', () => {
    const { trades } = parseTradesText('binance-trades-csv', text);
    expect(trades.map((t) => t.id)).toEqual(['1', '2']);
  });

  it('gives the same trades however the text is chunked', () => {
    const whole = parseTradesText('binance-trades-csv', text).trades;
    for (const size of [1, 2, 3, 7, 50]) {
      const parser = createCsvTradeParser('binance-trades-csv');
      const out: Trade[] = [];
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), out);
      parser.finish(out);
      expect(out, `chunk size ${size}`).toEqual(whole);
    }
  });

  it('pushLine returns each trade as it is read and numbers lines from 1', () => {
    const parser = createCsvTradeParser('kraken-csv');
    expect(parser.pushLine('1672531436,90.54,1')?.id).toBe('1');
    expect(parser.pushLine('')).toBeNull();
    expect(parser.pushLine('1672531437,90.55,1')?.id).toBe('3');
    expect(parser.lineNo).toBe(3);
    expect(parser.hadHeader).toBe(false);
  });

  it('reads quoted fields', () => {
    const { trades } = parseTradesText('ccxt-csv', lines('"timestamp","id","side","price","amount"', '"1000","a,1","buy","10.5","2"'));
    expect(trades).toEqual([{ id: 'a,1', ts: 1000, price: 10.5, amount: 2, side: 'buy', sideInferred: false }]);
  });
});
