import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type Trade, detectTapeFormat, inferTapeIdentity, parseTradesText, type TextTapeFormat } from '@cascade/core';

// Golden values for the real tapes in sample-data/tapes/ (see its README). Every number below was
// taken from the file with python3 (stdlib json/csv/decimal), not from these parsers; the command is
// beside each. The Parquet tape needs DuckDB, so its goldens live in adapters/src/tape-files/read-tape.test.ts.

const tapes = new URL('../../../sample-data/tapes/', import.meta.url);

function readTape(name: string): string {
  const bytes = readFileSync(new URL(name, tapes));
  return name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

function parse(name: string): { format: TextTapeFormat; trades: Trade[]; tape: ReturnType<typeof parseTradesText> } {
  const text = readTape(name);
  const format = detectTapeFormat(name, text.slice(0, 4096)) as TextTapeFormat;
  const tape = parseTradesText(format, text);
  return { format, trades: tape.trades, tape };
}

/** Σ amount in units of 10^-places, exact for these tapes (Σ < 2^53). */
function scaledVolume(trades: readonly Trade[], places: number): number {
  return trades.reduce((s, t) => s + Math.round(t.amount * 10 ** places), 0);
}

const noRejects = { bad_time: 0, bad_price: 0, bad_amount: 0, duplicate: 0, out_of_order: 0, malformed: 0 };

describe('shared tape binance-xrpeth-trades-2019-10.json.gz', () => {
  const name = 'binance-xrpeth-trades-2019-10.json.gz';
  const { format, trades, tape } = parse(name);

  it('is ccxt-json for binance XRP/ETH', () => {
    expect(format).toBe('ccxt-json');
    expect(inferTapeIdentity(name)).toEqual({ exchange: 'binance', symbol: 'XRP/ETH' });
  });

  it('keeps all 12,477 trades: ids consecutive and unique, times non-decreasing', () => {
    // zcat … | python3 -c "import json,sys; a=json.load(sys.stdin); ids=[int(r[1]) for r in a];
    //   print(len(a), len(set(ids)), all(ids[i]<ids[i+1] for i in range(len(ids)-1)),
    //         sum(a[i+1][0]<a[i][0] for i in range(len(a)-1)), ids[-1]-ids[0]+1)"
    //   → 12477 12477 True 0 12477
    expect(trades).toHaveLength(12_477);
    expect(tape.stats).toEqual({ accepted: 12_477, rejected: noRejects, unchangedQuotes: 0 });
  });

  it('has the first, 5001st and last trade of the file', () => {
    // python3: a[0], a[5000], a[-1]
    expect(trades[0]).toEqual({ id: '13519807', ts: 1570752011620, price: 0.00141342, amount: 23, side: 'sell', sideInferred: false });
    expect(trades[5000]).toEqual({ id: '13524807', ts: 1570815720538, price: 0.00147347, amount: 8, side: 'sell', sideInferred: false });
    expect(trades.at(-1)).toEqual({ id: '13532283', ts: 1570965568844, price: 0.00152787, amount: 130, side: 'sell', sideInferred: false });
  });

  it('has 6,524 buys, 5,953 sells, Σ amount 5,545,735, precision 8 / 0', () => {
    // python3: sides by r[3] → {'sell': 5953, 'buy': 6524}; json.load(parse_float=Decimal): sum(r[5]) → 5545735.0;
    //   max places of repr(price) → 8, of repr(amount) with trailing zeros stripped → 0
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(6_524);
    expect(scaledVolume(trades, 0)).toBe(5_545_735);
    expect(tape.precision).toEqual({ pricePrecision: 8, amountPrecision: 0 });
  });
});

describe('shared tape ethusdt-trades-2023-02-02.csv', () => {
  const name = 'ethusdt-trades-2023-02-02.csv';
  const { format, trades, tape } = parse(name);

  it('is ccxt-csv for an unnamed venue, ETH/USDT', () => {
    expect(format).toBe('ccxt-csv');
    expect(inferTapeIdentity(name)).toEqual({ exchange: 'unknown', symbol: 'ETH/USDT' });
  });

  it('keeps all 1,000 rows', () => {
    // wc -l → 1001 (header + 1000); python3 csv.DictReader: 1000 rows, 1000 distinct ids, ids consecutive
    //   (1206419187 … 1206420186), 0 timestamp decreases, index column 0…999
    expect(trades).toHaveLength(1_000);
    expect(tape.stats).toEqual({ accepted: 1_000, rejected: noRejects, unchangedQuotes: 0 });
  });

  it('has the first, 501st and last row', () => {
    // python3: rows[0], rows[500], rows[-1]
    expect(trades[0]).toEqual({ id: '1206419187', ts: 1675329600138, price: 1666.8, amount: 26.062, side: 'buy', sideInferred: false });
    expect(trades[500]).toEqual({ id: '1206419687', ts: 1675329734694, price: 1667.15, amount: 0.106, side: 'sell', sideInferred: false });
    expect(trades.at(-1)).toEqual({ id: '1206420186', ts: 1675329807493, price: 1667.3, amount: 0.018, side: 'buy', sideInferred: false });
  });

  it('has 527 buys, Σ amount 6,567.968, precision 2 / 3', () => {
    // python3: sides → {'sell': 473, 'buy': 527}; sum(Decimal(amount)) → 6567.968;
    //   max decimals of price / amount strings (raw and trailing-zero-stripped agree) → 2 / 3
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(527);
    expect(scaledVolume(trades, 3)).toBe(6_567_968);
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 3 });
  });
});

describe('shared tape kraken-bcheur-trades-2023-01.csv', () => {
  const name = 'kraken-bcheur-trades-2023-01.csv';
  const { format, trades, tape } = parse(name);

  it('is kraken-csv for kraken BCH/EUR', () => {
    expect(format).toBe('kraken-csv');
    expect(inferTapeIdentity(name)).toEqual({ exchange: 'kraken', symbol: 'BCH/EUR' });
  });

  it('keeps all 148 rows, including the identical lines 4 and 6', () => {
    // wc -l → 148 (no header); sort | uniq -d → "1672533909,90.000000,0.05000000" (grep -n: lines 4 and 6);
    // python3: 0 timestamp decreases. Kraken prints no ids, so identical rows are kept as two trades.
    expect(trades).toHaveLength(148);
    expect(tape.stats).toEqual({ accepted: 148, rejected: noRejects, unchangedQuotes: 0 });
    expect(trades[3]).toMatchObject({ id: '4', ts: 1672533909000, price: 90, amount: 0.05 });
    expect(trades[5]).toMatchObject({ id: '6', ts: 1672533909000, price: 90, amount: 0.05 });
  });

  it('has the first and last row, sides by the tick rule', () => {
    // head -1 / tail -1; python3 tick rule (first buy, up buy, down sell, flat repeats) → 82 buy, 66 sell
    expect(trades[0]).toEqual({ id: '1', ts: 1672531436000, price: 90.54, amount: 1.1044842, side: 'buy', sideInferred: true });
    expect(trades.at(-1)).toEqual({ id: '148', ts: 1672615187000, price: 90.53, amount: 1, side: 'buy', sideInferred: true });
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(82);
    expect(trades.every((t) => t.sideInferred)).toBe(true);
  });

  it('has Σ volume 426.64478477 and precision 2 / 8 (Kraken pads prices to 6 places)', () => {
    // python3: sum(Decimal(r[2])) → 426.64478477; max decimals with trailing zeros stripped: price 2, volume 8
    expect(scaledVolume(trades, 8)).toBe(42_664_478_477);
    expect(tape.precision).toEqual({ pricePrecision: 2, amountPrecision: 8 });
  });
});

describe('shared tape truefx-usdjpy-quotes-2013-01.csv', () => {
  const name = 'truefx-usdjpy-quotes-2013-01.csv';
  const { format, trades, tape } = parse(name);

  it('is truefx-quotes-csv for truefx USD/JPY', () => {
    expect(format).toBe('truefx-quotes-csv');
    expect(inferTapeIdentity(name)).toEqual({ exchange: 'truefx', symbol: 'USD/JPY' });
  });

  it('turns 1,000 quotes into 976 mid ticks (24 quotes leave the mid unchanged)', () => {
    // python3 csv.DictReader: 1000 quotes; Decimal mids (bid+ask)/2 change on 975 rows after the first → 976
    //   ticks; 0 timestamp decreases, 0 crossed quotes, 1 locked quote (line 943: bid = ask = 86.836)
    expect(trades).toHaveLength(976);
    expect(tape.stats).toEqual({ accepted: 976, rejected: noRejects, unchangedQuotes: 24 });
  });

  it('has the first and last tick at the exact decimal mid', () => {
    // python3: first mid (86.655+86.728)/2 = 86.6915 at 2013-01-01 22:00:00.295 UTC = 1357077600295;
    //   last tick is the last row (line 1001): (86.836+86.854)/2 = 86.845 at 22:35:13.494 = 1357079713494
    expect(trades[0]).toEqual({ id: '2', ts: 1357077600295, price: 86.6915, amount: 1, side: 'buy', sideInferred: true });
    expect(trades.at(-1)).toEqual({ id: '1001', ts: 1357079713494, price: 86.845, amount: 1, side: 'buy', sideInferred: true });
  });

  it('has 521 up-classified ticks and precision 4 / 0', () => {
    // python3 tick rule over the Decimal mids → 521 buy, 455 sell; max mid decimals 4 (bid/ask have 3)
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(521);
    expect(tape.precision).toEqual({ pricePrecision: 4, amountPrecision: 0 });
  });
});
