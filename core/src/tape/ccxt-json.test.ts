import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { createCcxtJsonTradeParser } from './ccxt-json.js';
import { parseTradesText } from './parse-tape.js';

// The first two elements of sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz.
const rows = '[[1570752011620,"13519807",null,"sell",0.00141342,23.0,0.03250866],[1570752028907,"13519810",null,"buy",0.00141379,581.0,0.82141199]]';

describe('ccxt-json', () => {
  it('reads compact rows [timestamp, id, type, side, price, amount, cost]', () => {
    const { trades, precision } = parseTradesText('ccxt-json', rows);
    expect(trades).toEqual([
      { id: '13519807', ts: 1570752011620, price: 0.00141342, amount: 23, side: 'sell', sideInferred: false },
      { id: '13519810', ts: 1570752028907, price: 0.00141379, amount: 581, side: 'buy', sideInferred: false },
    ]);
    expect(precision).toEqual({ pricePrecision: 8, amountPrecision: 0 });
  });

  it('reads ccxt trade objects, with string or number values', () => {
    const text = JSON.stringify([
      { info: { a: [1, 2] }, timestamp: 1570752011620, datetime: '2019-10-11T00:00:11.620Z', symbol: 'XRP/ETH', id: '1', side: 'sell', price: 0.00141342, amount: 23, cost: 0.0325 },
      { timestamp: 1570752011621, id: 2, side: 'buy', price: '0.00141350', amount: '1.5' },
      { datetime: '2019-10-11T00:00:11.622Z', id: '3', side: null, price: 0.0014136, amount: 2 },
    ]);
    const { trades } = parseTradesText('ccxt-json', text);
    expect(trades).toEqual([
      { id: '1', ts: 1570752011620, price: 0.00141342, amount: 23, side: 'sell', sideInferred: false },
      { id: '2', ts: 1570752011621, price: 0.0014135, amount: 1.5, side: 'buy', sideInferred: false },
      { id: '3', ts: 1570752011622, price: 0.0014136, amount: 2, side: 'buy', sideInferred: true }, // uptick
    ]);
  });

  it('gives the same trades however the text is chunked (strings with brackets and escapes included)', () => {
    const text = ` [ {"id":"a]\\"[,","timestamp":1000,"side":"buy","price":1,"amount":1} ,\n${rows.slice(1, -1)} ] \n`;
    const whole = parseTradesText('ccxt-json', text).trades;
    expect(whole.map((t) => t.id)).toEqual(['a]"[,', '13519807', '13519810']);
    for (const size of [1, 2, 5, 13]) {
      const parser = createCcxtJsonTradeParser();
      const out: Trade[] = [];
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), out);
      parser.finish(out);
      expect(out, `chunk size ${size}`).toEqual(whole);
    }
  });

  it('counts elements of the wrong shape as malformed and keeps going', () => {
    const { trades, stats } = parseTradesText('ccxt-json', '[1, [1000,"1",null,"buy",1], {"side":"long","timestamp":1,"id":"x","price":1,"amount":1}, [1000,"2",null,"buy",1,1]]');
    expect(trades.map((t) => t.id)).toEqual(['2']);
    expect(stats.rejected.malformed).toBe(3);
  });

  it('validates like every parser: duplicates and out-of-order rows are dropped and counted', () => {
    const { stats } = parseTradesText('ccxt-json', '[[2000,"1",null,"buy",1,1],[2000,"1",null,"buy",1,1],[1999,"2",null,"buy",1,1],[2000,"3",null,"buy",1,0]]');
    expect(stats).toMatchObject({ accepted: 1, rejected: { duplicate: 1, out_of_order: 1, bad_amount: 1 } });
  });

  it('says so when the text is not a JSON array or is cut short', () => {
    expect(() => parseTradesText('ccxt-json', '{"a":1}')).toThrow(/expected a JSON array/);
    expect(() => parseTradesText('ccxt-json', '')).toThrow(/no JSON array/);
    expect(() => parseTradesText('ccxt-json', '[[1000,"1",null,"buy",1,1],[10')).toThrow(/truncated/);
    expect(() => parseTradesText('ccxt-json', '[] x')).toThrow(/after the closing/);
  });
});
