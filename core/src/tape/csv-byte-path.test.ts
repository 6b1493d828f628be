import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import type { CsvTapeFormat } from './tape-format.js';
import { createCsvTradeParser } from './csv-trade-parser.js';

// The byte path (`pushBytes`) against hand-written trades, and against the string path (`pushLine`
// fed node:readline's lines), which stays the reference for every row the byte path hands over.

const enc = new TextEncoder();

/** Feeds `text` as bytes in chunks cut at `cuts` (byte offsets). */
function viaBytes(format: CsvTapeFormat, text: string, cuts: readonly number[] = []) {
  const p = createCsvTradeParser(format);
  const bytes = enc.encode(text);
  const out: Trade[] = [];
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    p.pushBytes(bytes.subarray(from, c), out);
    from = c;
  }
  p.pushBytes(bytes.subarray(from), out);
  const stats = p.finish(out);
  return { trades: out, stats, precision: p.precision };
}

/** The reference: lines split as node:readline splits them (\r\n, \n, lone \r), each through `pushLine`. */
function viaLines(format: CsvTapeFormat, text: string) {
  const p = createCsvTradeParser(format);
  const out: Trade[] = [];
  const parts = text.split(/\r\n|\n|\r/);
  if (parts.at(-1) === '') parts.pop(); // readline gives no line after a final break
  for (const line of parts) {
    const t = p.pushLine(line);
    if (t !== null) out.push(t);
  }
  const stats = p.finish(out);
  return { trades: out, stats, precision: p.precision };
}

describe('CSV byte path: hand-written expectations', () => {
  it('reads headerless spot aggTrades with CRLF and µs times (2025 files), True = buyer maker = a sell', () => {
    const text = '26129,0.01633102,4.70443515,27781,27781,1735689600123456,True,True\r\n26130,0.01633103,1.0,27782,27783,1735689600200999,false,true\r\n';
    const { trades, precision, stats } = viaBytes('binance-aggtrades-csv', text);
    expect(trades).toEqual([
      { id: '26129', ts: 1735689600123, price: 0.01633102, amount: 4.70443515, side: 'sell', sideInferred: false },
      { id: '26130', ts: 1735689600200, price: 0.01633103, amount: 1, side: 'buy', sideInferred: false },
    ]);
    // 0.01633102 has 8 decimals; "1.0" is one significant place short of 4.70443515's 8.
    expect(precision).toEqual({ pricePrecision: 8, amountPrecision: 8 });
    expect(stats.accepted).toBe(2);
  });

  it('reads futures aggTrades under a header (lower-case booleans, no is_best_match)', () => {
    const text = 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n1,100.5,2,1,1,1700000000000,true\n2,100.25,0.125,2,3,1700000000001,false\n';
    expect(viaBytes('binance-aggtrades-csv', text).trades).toEqual([
      { id: '1', ts: 1700000000000, price: 100.5, amount: 2, side: 'sell', sideInferred: false },
      { id: '2', ts: 1700000000001, price: 100.25, amount: 0.125, side: 'buy', sideInferred: false },
    ]);
  });

  it('reads ccxt CSV with pandas index; an empty side goes to the tick rule, an empty id is named by its line', () => {
    const text = [
      ',timestamp,id,type,side,price,amount,cost,date',
      '0,1675329600138,1206419187,,buy,1666.8,26.062,43440.1416,2023-02-02 09:20:00.138000+00:00',
      '1,1675329600140,,,,1666.7,1,1666.7,2023-02-02 09:20:00.140000+00:00',
      '2,1675329600150,1206419189,,sell,1666.9,0.5,833.45,2023-02-02 09:20:00.150000+00:00',
    ].join('\n');
    expect(viaBytes('ccxt-csv', text).trades).toEqual([
      { id: '1206419187', ts: 1675329600138, price: 1666.8, amount: 26.062, side: 'buy', sideInferred: false },
      // 1666.7 < 1666.8: a down-tick, the tick rule calls it a sell; line 3 of the file.
      { id: 'line-3', ts: 1675329600140, price: 1666.7, amount: 1, side: 'sell', sideInferred: true },
      { id: '1206419189', ts: 1675329600150, price: 1666.9, amount: 0.5, side: 'sell', sideInferred: false },
    ]);
  });

  it('gives the same trades whatever the chunking: a cut inside a number, before a CR, at every byte', () => {
    const text = '1,100.5,2,1,1,1700000000000,True,True\r\n2,100.25,0.125,2,3,1700000000001,False,True\r\n3,99.75,3,4,4,1700000000002,True,True';
    const whole = viaBytes('binance-aggtrades-csv', text);
    expect(whole.trades.map((t) => [t.id, t.price, t.amount])).toEqual([['1', 100.5, 2], ['2', 100.25, 0.125], ['3', 99.75, 3]]);
    const n = enc.encode(text).length;
    const everyByte = Array.from({ length: n - 1 }, (_, i) => i + 1);
    expect(viaBytes('binance-aggtrades-csv', text, everyByte)).toEqual(whole);
    for (let cut = 1; cut < n; cut++) expect(viaBytes('binance-aggtrades-csv', text, [cut])).toEqual(whole);
  });

  it('hands unusual rows to the string path: quotes, spaces, exponents, TRUE, a lone CR, blank lines', () => {
    const text = [
      '"1",100.5,2,1,1,1700000000000,True,True', // quoted id
      '2, 100.25 ,1,2,2,1700000000001,True,True', // spaces around a price: trimmed
      '3,1e2,1,3,3,1700000000002,TRUE,True', // exponent, upper-case boolean
      '',
      '4,101,1,4,4,1700000000003,False,True\r5,102,1,5,5,1700000000004,False,True', // lone CR ends a line (readline)
      '6,abc,1,6,6,1700000000005,False,True', // not a number: bad price
      '7,103,1,7', // too few fields: malformed
    ].join('\n');
    const got = viaBytes('binance-aggtrades-csv', text);
    expect(got.trades.map((t) => [t.id, t.ts, t.price, t.side])).toEqual([
      ['1', 1700000000000, 100.5, 'sell'],
      ['2', 1700000000001, 100.25, 'sell'],
      ['3', 1700000000002, 100, 'sell'],
      ['4', 1700000000003, 101, 'buy'],
      ['5', 1700000000004, 102, 'buy'],
    ]);
    expect(got.stats.rejected).toMatchObject({ bad_price: 1, malformed: 1 });
    expect(got).toEqual(viaLines('binance-aggtrades-csv', text));
  });

  it('drops a BOM on the first line only, as the string path does for readline lines', () => {
    const text = '\uFEFF1,100.5,2,1,1,1700000000000,True,True\n\uFEFF2,100.5,2,2,2,1700000000001,True,True\n';
    const got = viaBytes('binance-aggtrades-csv', text);
    expect(got.trades.map((t) => t.id)).toEqual(['1', '\uFEFF2']);
    expect(got).toEqual(viaLines('binance-aggtrades-csv', text));
  });

  it('rounds prices exactly as Number() does, up to 15 significant digits and past them', () => {
    const prices = ['0.1', '0.30000000000000004', '123456789.012345', '9007199254740993', '1.00000000000000000000001', '.5', '5.'];
    const text = prices.map((p, i) => `${i + 1},${p},1,${i + 1},${i + 1},${1700000000000 + i},True,True`).join('\n');
    expect(viaBytes('binance-aggtrades-csv', text).trades.map((t) => t.price)).toEqual(prices.map(Number));
  });
});

  it('reads ids past 2^31 (Binance BTCUSDT agg ids are ~3.4e9) and still refuses a repeated one', () => {
    // The id's numeric reading travels in a Float64Array beside the price, amount and epoch; a 2^31+
    // id must come out as the same text and still be seen as a duplicate by the validator.
    const text = ['3400000001,97000.1,0.5,1,1,1733600000000,True,True', '3400000002,97000.2,0.25,2,2,1733600000001,False,True', '3400000002,97000.3,1,3,3,1733600000002,False,True'].join('\n');
    const { trades, stats } = viaBytes('binance-aggtrades-csv', text);
    expect(trades).toEqual([
      { id: '3400000001', ts: 1733600000000, price: 97000.1, amount: 0.5, side: 'sell', sideInferred: false },
      { id: '3400000002', ts: 1733600000001, price: 97000.2, amount: 0.25, side: 'buy', sideInferred: false },
    ]);
    expect(stats.accepted).toBe(2);
    expect(viaLines('binance-aggtrades-csv', text).trades).toEqual(trades);
  });

describe('CSV byte path equals the string path (generated rows)', () => {
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9'), minLength: min, maxLength: max });
  const decimal = fc.oneof(
    fc.tuple(digits(1, 9), digits(0, 10)).map(([a, b]) => (b === '' ? a : `${a}.${b}`)),
    fc.constantFrom('0', '0.0', '1e-3', '-1', ' 2.5', '', 'x', '12345678901234567.5', '0.000000000000000000000001'),
  );
  const epoch = fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_700_000_000_000 }).map(String), fc.integer({ min: 1_735_689_600_000_000, max: 1_735_689_700_000_000 }).map(String), fc.constantFrom('', '1.0', '17e11', '123456789012345678'));
  const id = fc.oneof(fc.integer({ min: 0, max: 2_000 }).map(String), fc.constantFrom('007', '', 'abc-1', '99999999999999999999', 'é1', '\uFEFF7'));
  const bool = fc.constantFrom('True', 'False', 'true', 'false', 'TRUE', 'no', '');
  const aggRow = fc.tuple(id, decimal, decimal, epoch, bool).map(([i, p, q, t, b]) => `${i},${p},${q},${i},${i},${t},${b},True`);
  const side = fc.constantFrom('buy', 'sell', '', 'BUY', 'x');
  const ccxtRow = fc.tuple(id, decimal, decimal, epoch, side, fc.boolean()).map(([i, p, q, t, s, idx]) => `${idx ? '0,' : ''}${t},${i},,${s},${p},${q},1,2024-01-01`);
  const eol = fc.constantFrom('\n', '\r\n', '\r', '\n\n');
  const file = (row: fc.Arbitrary<string>, header: string) =>
    fc.tuple(fc.boolean(), fc.array(fc.tuple(row, eol), { maxLength: 25 }), fc.array(fc.nat(2000), { maxLength: 6 })).map(([h, rows, cuts]) => ({
      text: (h ? `${header}\n` : '') + rows.map(([r, e]) => r + e).join(''),
      cuts,
    }));

  it('Binance aggTrades', () => {
    fc.assert(
      fc.property(file(aggRow, 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match'), ({ text, cuts }) => {
        const n = enc.encode(text).length;
        expect(viaBytes('binance-aggtrades-csv', text, cuts.map((c) => c % (n + 1)))).toEqual(viaLines('binance-aggtrades-csv', text));
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  it('ccxt CSV', () => {
    fc.assert(
      fc.property(file(ccxtRow, 'timestamp,id,type,side,price,amount,cost,date'), ({ text, cuts }) => {
        const n = enc.encode(text).length;
        expect(viaBytes('ccxt-csv', text, cuts.map((c) => c % (n + 1)))).toEqual(viaLines('ccxt-csv', text));
      }),
      { numRuns: 400, seed: 14 },
    );
  });
});
