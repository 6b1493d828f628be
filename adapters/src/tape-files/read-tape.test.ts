import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { Trade } from '@cascade/core';
import { openTape } from './read-tape.js';
import type { Tape } from './tape.js';

// Golden values were taken from the files with python3 and DuckDB SQL, not from these readers (the
// commands are in test/unit/tape/shared-tapes.test.ts; the Parquet ones are beside its test below).

const tapesDir = new URL('../../../sample-data/tapes/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-read-tape-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(tape: Tape, maxBatch?: number): Promise<{ trades: Trade[]; batchSizes: number[] }> {
  const trades: Trade[] = [];
  const batchSizes: number[] = [];
  for await (const b of tape.batches(maxBatch)) {
    batchSizes.push(b.length);
    trades.push(...b);
  }
  return { trades, batchSizes };
}

const noRejects = { bad_time: 0, bad_price: 0, bad_amount: 0, duplicate: 0, out_of_order: 0, malformed: 0 };

describe('openTape on the shared tapes', () => {
  it('binance-xrpeth-trades-2019-10.json.gz: gzip ccxt JSON, 12,477 trades', async () => {
    const tape = await openTape(join(tapesDir, 'binance-xrpeth-trades-2019-10.json.gz'));
    expect(tape).toMatchObject({ format: 'ccxt-json', exchange: 'binance', symbol: 'XRP/ETH' });
    expect(tape.precision).toEqual({ pricePrecision: 8, amountPrecision: 0 });
    expect(tape.timeRange).toEqual({ first: 1570752011620, last: 1570965568844 });
    const { trades, batchSizes } = await readAll(tape, 5_000);
    expect(trades).toHaveLength(12_477);
    expect(batchSizes).toEqual([5_000, 5_000, 2_477]);
    expect(trades[0]).toEqual({ id: '13519807', ts: 1570752011620, price: 0.00141342, amount: 23, side: 'sell', sideInferred: false });
    expect(trades.at(-1)).toEqual({ id: '13532283', ts: 1570965568844, price: 0.00152787, amount: 130, side: 'sell', sideInferred: false });
    expect(tape.stats()).toEqual({ accepted: 12_477, rejected: noRejects, unchangedQuotes: 0 });
  });

  it('binance-btcusdt-trades-2021-01-08.parquet: DuckDB, 2,001 trades, buyer_maker True ⇒ sell', async () => {
    // DuckDB SQL on the file: count(*) 2001, count(DISTINCT trade_id) 2001, trade_id 553287559…553289559,
    //   epoch_ms(min/max timestamp) 1610064000278 / 1610064046355, buyer_maker 'True' 914 / 'False' 1087,
    //   0 rows where timestamp or trade_id decreases (lag() over file order);
    // COPY to CSV then python3 '%.15g' of each DOUBLE: max decimals price 2, quantity 6, Σ quantity 87.071596.
    const tape = await openTape(join(tapesDir, 'binance-btcusdt-trades-2021-01-08.parquet'));
    expect(tape).toMatchObject({ format: 'parquet', exchange: 'binance', symbol: 'BTC/USDT' });
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 6 });
    expect(tape.timeRange).toEqual({ first: 1610064000278, last: 1610064046355 });
    const { trades } = await readAll(tape);
    expect(trades).toHaveLength(2_001);
    expect(trades[0]).toEqual({ id: '553287559', ts: 1610064000278, price: 39432.48, amount: 0.000263, side: 'sell', sideInferred: false });
    // The file stores 0.00031099999999999997 (row 3) and 0.014596000000000001 (last row): read as the venue's decimals.
    expect(trades[2]?.amount).toBe(0.000311);
    expect(trades.at(-1)).toEqual({ id: '553289559', ts: 1610064046355, price: 39491.76, amount: 0.014596, side: 'sell', sideInferred: false });
    expect(trades.filter((t) => t.side === 'sell')).toHaveLength(914);
    expect(trades.reduce((s, t) => s + Math.round(t.amount * 1e6), 0)).toBe(87_071_596);
    expect(tape.stats()).toEqual({ accepted: 2_001, rejected: noRejects, unchangedQuotes: 0 });
  });

  it('ethusdt-trades-2023-02-02.csv: ccxt CSV, 1,000 trades, venue unknown', async () => {
    const tape = await openTape(join(tapesDir, 'ethusdt-trades-2023-02-02.csv'));
    expect(tape).toMatchObject({ format: 'ccxt-csv', exchange: 'unknown', symbol: 'ETH/USDT' });
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 3 });
    const { trades } = await readAll(tape);
    expect(trades).toHaveLength(1_000);
    expect(trades[0]).toEqual({ id: '1206419187', ts: 1675329600138, price: 1666.8, amount: 26.062, side: 'buy', sideInferred: false });
    expect(trades.at(-1)).toEqual({ id: '1206420186', ts: 1675329807493, price: 1667.3, amount: 0.018, side: 'buy', sideInferred: false });
    expect(tape.stats().accepted).toBe(1_000);
  });

  it('kraken-bcheur-trades-2023-01.csv: 148 trades, tick-rule sides, line-number ids', async () => {
    const tape = await openTape(join(tapesDir, 'kraken-bcheur-trades-2023-01.csv'));
    expect(tape).toMatchObject({ format: 'kraken-csv', exchange: 'kraken', symbol: 'BCH/EUR' });
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 8 });
    const { trades } = await readAll(tape);
    expect(trades).toHaveLength(148);
    expect(trades[0]).toEqual({ id: '1', ts: 1672531436000, price: 90.54, amount: 1.1044842, side: 'buy', sideInferred: true });
    expect(trades.at(-1)).toEqual({ id: '148', ts: 1672615187000, price: 90.53, amount: 1, side: 'buy', sideInferred: true });
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(82);
  });

  it('truefx-usdjpy-quotes-2013-01.csv: 1,000 quotes → 976 mid ticks', async () => {
    const tape = await openTape(join(tapesDir, 'truefx-usdjpy-quotes-2013-01.csv'));
    expect(tape).toMatchObject({ format: 'truefx-quotes-csv', exchange: 'truefx', symbol: 'USD/JPY' });
    expect(tape.precision).toEqual({ pricePrecision: 4, amountPrecision: 0 });
    const { trades } = await readAll(tape);
    expect(trades).toHaveLength(976);
    expect(trades[0]).toEqual({ id: '2', ts: 1357077600295, price: 86.6915, amount: 1, side: 'buy', sideInferred: true });
    expect(trades.at(-1)).toEqual({ id: '1001', ts: 1357079713494, price: 86.845, amount: 1, side: 'buy', sideInferred: true });
    expect(tape.stats()).toEqual({ accepted: 976, rejected: noRejects, unchangedQuotes: 24 });
  });
});

// A small Binance spot trades file as data.binance.vision ships it: no header, True/False, ms times
// before 2025 and µs after.
const binanceRows = [
  '3347946851,42283.58000000,0.00161000,68.07656380,1704067200009,False,True',
  '3347946852,42283.57000000,0.01000000,422.83570000,1704067200010,True,True',
  '3347946853,42283.57000000,0.00025000,10.57089250,1704067200010,True,True',
  '3347946852,42283.57000000,0.01000000,422.83570000,1704067200010,True,True', // repeated row
  '3347946854,42283.58000000,0.10000000,4228.35800000,1704067200011,False,True',
];

describe('openTape on packed files', () => {
  it('streams the single CSV inside a Binance zip', async () => {
    const path = join(tmp, 'BTCUSDT-trades-2024-01-01.zip');
    writeFileSync(path, zipSync({ 'BTCUSDT-trades-2024-01-01.csv': strToU8(`${binanceRows.join('\n')}\n`) }));
    const tape = await openTape(path);
    expect(tape).toMatchObject({ format: 'binance-trades-csv', exchange: 'binance', symbol: 'BTC/USDT' });
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 5 });
    const { trades } = await readAll(tape);
    expect(trades.map((t) => [t.id, t.side])).toEqual([
      ['3347946851', 'buy'],
      ['3347946852', 'sell'],
      ['3347946853', 'sell'],
      ['3347946854', 'buy'],
    ]);
    expect(trades[0]).toEqual({ id: '3347946851', ts: 1704067200009, price: 42283.58, amount: 0.00161, side: 'buy', sideInferred: false });
    expect(tape.stats().rejected.duplicate).toBe(1);
    expect(tape.stats().accepted).toBe(4);
  });

  it('reads a gzipped aggTrades CSV with microsecond times', async () => {
    const path = join(tmp, 'ETHUSDT-aggTrades-2025-01-01.csv.gz');
    const rows = ['1,3332.01000000,0.50000000,10,12,1735689600000123,True,True', '2,3332.02000000,1.25000000,13,13,1735689600001999,False,True'];
    writeFileSync(path, gzipSync(`${rows.join('\n')}\n`));
    const tape = await openTape(path);
    expect(tape).toMatchObject({ format: 'binance-aggtrades-csv', exchange: 'binance', symbol: 'ETH/USDT' });
    const { trades } = await readAll(tape);
    expect(trades).toEqual([
      { id: '1', ts: 1735689600000, price: 3332.01, amount: 0.5, side: 'sell', sideInferred: false },
      { id: '2', ts: 1735689600001, price: 3332.02, amount: 1.25, side: 'buy', sideInferred: false },
    ]);
  });

  it('refuses a zip with more than one file, saying what to do', async () => {
    const path = join(tmp, 'BTCUSDT-two.zip');
    writeFileSync(path, zipSync({ 'a.csv': strToU8(`${binanceRows[0]}\n`), 'b.csv': strToU8(`${binanceRows[1]}\n`) }));
    await expect(openTape(path, { format: 'binance-trades-csv' })).rejects.toThrow(/more than one file \(a\.csv, b\.csv\); unzip it/);
  });

  it('reads Parquet with Binance column names, boolean maker flag, µs times and DECIMAL prices', async () => {
    const path = join(tmp, 'binance-ethbtc-trades.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM (VALUES
        (10::BIGINT, 0.05123000::DECIMAL(18,8), 1.50000000::DECIMAL(18,8), 1735689600000123::BIGINT, true),
        (11::BIGINT, 0.05124000::DECIMAL(18,8), 0.00100000::DECIMAL(18,8), 1735689600005000::BIGINT, false)
      ) AS t(id, price, qty, time, is_buyer_maker)) TO '${path}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const tape = await openTape(path);
    expect(tape).toMatchObject({ format: 'parquet', exchange: 'binance', symbol: 'ETH/BTC' });
    expect(tape.precision).toEqual({ pricePrecision: 5, amountPrecision: 3 });
    expect(tape.timeRange).toEqual({ first: 1735689600000, last: 1735689600005 });
    const { trades } = await readAll(tape);
    expect(trades).toEqual([
      { id: '10', ts: 1735689600000, price: 0.05123, amount: 1.5, side: 'sell', sideInferred: false },
      { id: '11', ts: 1735689600005, price: 0.05124, amount: 0.001, side: 'buy', sideInferred: false },
    ]);
  });

  it('reads Parquet without ids or sides: row numbers and the tick rule stand in', async () => {
    const path = join(tmp, 'kraken-solusd-trades.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM (VALUES
        (TIMESTAMP '2024-01-01 00:00:00.250', 100.5::DOUBLE, 2::DOUBLE),
        (TIMESTAMP '2024-01-01 00:00:01', 100.25::DOUBLE, 0.5::DOUBLE),
        (TIMESTAMP '2024-01-01 00:00:02', 100.25::DOUBLE, 1::DOUBLE)
      ) AS t(timestamp, price, amount)) TO '${path}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    const tape = await openTape(path);
    expect(tape).toMatchObject({ format: 'parquet', exchange: 'kraken', symbol: 'SOL/USD' });
    const { trades } = await readAll(tape);
    expect(trades).toEqual([
      { id: '1', ts: 1704067200250, price: 100.5, amount: 2, side: 'buy', sideInferred: true },
      { id: '2', ts: 1704067201000, price: 100.25, amount: 0.5, side: 'sell', sideInferred: true },
      { id: '3', ts: 1704067202000, price: 100.25, amount: 1, side: 'sell', sideInferred: true },
    ]);
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 1 });
  });
});

describe('openTape behaviour', () => {
  it('grows precision past the open-time sample while batches stream, and finds the last time of a plain CSV', async () => {
    const path = join(tmp, 'kraken-etheur-trades.csv');
    writeFileSync(path, ['1672531436,1000.5,1', '1672531437,1000.25,1', '1672531438,1000.125,0.001'].join('\n'));
    const tape = await openTape(path, { sampleRows: 1 });
    expect(tape.precision).toEqual({ pricePrecision: 1, amountPrecision: 0 });
    expect(tape.timeRange).toEqual({ first: 1672531436000, last: 1672531438000 });
    await readAll(tape);
    expect(tape.precision).toEqual({ pricePrecision: 3, amountPrecision: 3 });
  });

  it('can be iterated once', async () => {
    const tape = await openTape(join(tapesDir, 'kraken-bcheur-trades-2023-01.csv'));
    await readAll(tape);
    await expect(readAll(tape)).rejects.toThrow(/iterated once; open the tape again/);
  });

  it('takes format, symbol and exchange from the caller', async () => {
    const path = join(tmp, 'mystery.txt');
    writeFileSync(path, `${binanceRows[0]}\n`);
    const tape = await openTape(path, { format: 'binance-trades-csv', symbol: 'BTC/USDT', exchange: 'binance' });
    expect(tape).toMatchObject({ format: 'binance-trades-csv', exchange: 'binance', symbol: 'BTC/USDT' });
    expect((await readAll(tape)).trades).toHaveLength(1);
  });

  it('explains an unknown format: the file, the supported formats and --format', async () => {
    const path = join(tmp, 'btcusdt-notes.csv');
    writeFileSync(path, 'hello,world\n');
    await expect(openTape(path)).rejects.toThrow(/btcusdt-notes\.csv.*supported formats: ccxt-json, .*--format <format>/);
    await expect(openTape(path, { format: 'csv' as never })).rejects.toThrow(/unknown tape format "csv".*--format takes one of ccxt-json/);
  });

  it('asks for --symbol when the name has no pair', async () => {
    const path = join(tmp, 'trades.csv');
    writeFileSync(path, `${binanceRows[0]}\n`);
    await expect(openTape(path)).rejects.toThrow(/trades\.csv.*--symbol BASE\/QUOTE/);
  });

  it('names a missing file', async () => {
    await expect(openTape(join(tmp, 'nope.csv'))).rejects.toThrow(/nope\.csv cannot be read/);
  });

  it('names the file when a JSON tape is cut short', async () => {
    const path = join(tmp, 'binance-xrpeth-cut.json');
    writeFileSync(path, '[[1570752011620,"13519807",null,"sell",0.00141342,23.0,0.03250866],[15707');
    await expect(openTape(path)).rejects.toThrow(/binance-xrpeth-cut\.json: ccxt-json: the text ended inside the trade array/);
  });
});
