import { describe, expect, it } from 'vitest';
import { detectTapeFormat } from './detect-format.js';

describe('detectTapeFormat', () => {
  it('knows each shared tape from its name and first line', () => {
    expect(detectTapeFormat('binance-xrpeth-trades-2019-10.json.gz', '[[1570752011620,"13519807",null,"sell",0.00141342,23.0,0.03250866],')).toBe('ccxt-json');
    expect(detectTapeFormat('binance-btcusdt-trades-2021-01-08.parquet', 'PAR1\u0015\u0004')).toBe('parquet');
    expect(detectTapeFormat('ethusdt-trades-2023-02-02.csv', ',timestamp,id,type,side,price,amount,cost,date\n0,1675329600138,1206419187,,buy,1666.8,26.062,43440.1416,2023-02-02 09:20:00.138000+00:00\n')).toBe('ccxt-csv');
    expect(detectTapeFormat('kraken-bcheur-trades-2023-01.csv', '1672531436,90.540000,1.10448420\n1672531471,90.450000,1.00000000\n')).toBe('kraken-csv');
    expect(detectTapeFormat('truefx-usdjpy-quotes-2013-01.csv', 'timestamp,bid,ask\n2013-01-01 22:00:00.295000+00:00,86.655,86.728\n')).toBe('truefx-quotes-csv');
  });

  it('tells Binance trades from aggTrades with and without a header', () => {
    expect(detectTapeFormat('BTCUSDT-trades-2024-01.csv', '51175358,17.80180000,5.69000000,101.29224200,1583709433583,True,True\n')).toBe('binance-trades-csv');
    expect(detectTapeFormat('x.csv', 'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match\n1,2,3,4,5,True,True')).toBe('binance-trades-csv');
    expect(detectTapeFormat('BTCUSDT-aggTrades-2024-01-01.zip', '0,0.20000000,50.00000000,0,0,1608872400000,False,True\n')).toBe('binance-aggtrades-csv');
    expect(detectTapeFormat('x.csv', '26129,0.01633102,4.70443515,27781,27781,1498793709153,true\n')).toBe('binance-aggtrades-csv');
    expect(detectTapeFormat('x.csv', 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n')).toBe('binance-aggtrades-csv');
    expect(detectTapeFormat('x.csv', '1,100.0,1.0,100.0,1735689600000123,True,True\n')).toBe('binance-trades-csv');
  });

  it('reads ccxt objects, ccxt CSV without index, TrueFX raw, and skips a BOM and blank lines', () => {
    expect(detectTapeFormat('dump.json', '  [{"timestamp":1}]')).toBe('ccxt-json');
    expect(detectTapeFormat('t.csv', 'timestamp,id,type,side,price,amount,cost,date\n')).toBe('ccxt-csv');
    expect(detectTapeFormat('t.csv', '1675329600138,1206419187,,buy,1666.8,26.062,43440.1416,2023-02-02 09:20:00.138000+00:00\n')).toBe('ccxt-csv');
    expect(detectTapeFormat('USDJPY-2013-01.csv', 'USD/JPY,20130101 22:00:00.295,86.655,86.728\n')).toBe('truefx-quotes-csv');
    expect(detectTapeFormat('k.csv', '\uFEFF\n\n1672531436,90.54,1.1\n')).toBe('kraken-csv');
  });

  it('names the supported formats when it cannot tell', () => {
    expect(() => detectTapeFormat('notes.txt', 'hello,world\n')).toThrow(/cannot tell the tape format of notes\.txt.*supported formats: ccxt-json, ccxt-csv, binance-trades-csv, binance-aggtrades-csv, kraken-csv, truefx-quotes-csv, parquet/);
    expect(() => detectTapeFormat('empty.csv', '')).toThrow(/an empty file/);
  });
});
