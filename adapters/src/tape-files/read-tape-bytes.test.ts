import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvTapeFormat, type Trade, createCsvTradeParser } from '@cascade/core';
import { openTape } from './read-tape.js';

// openTape's byte-level CSV reading (plain, gzip, zip through native inflate) against the reference:
// node:readline lines through the parser's string path, the way tapes were read before the byte path.

const tapesDir = new URL('../../../sample-data/tapes/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-read-bytes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function reference(text: Buffer, format: CsvTapeFormat): Promise<{ trades: Trade[]; accepted: number; rejected: Record<string, number> }> {
  const parser = createCsvTradeParser(format);
  const trades: Trade[] = [];
  for await (const line of createInterface({ input: Readable.from([text]), crlfDelay: Infinity })) {
    const t = parser.pushLine(line);
    if (t !== null) trades.push(t);
  }
  const s = parser.finish(trades);
  return { trades, accepted: s.accepted, rejected: s.rejected };
}

async function viaOpenTape(path: string, opts: { symbol?: string } = {}): Promise<{ trades: Trade[]; accepted: number; rejected: Record<string, number> }> {
  const tape = await openTape(path, opts);
  const trades: Trade[] = [];
  for await (const b of tape.batches(777)) trades.push(...b);
  const s = tape.stats();
  return { trades, accepted: s.accepted, rejected: s.rejected };
}

const cases: { file: string; format: CsvTapeFormat; trades: number }[] = [
  { file: 'binance-um-ethusdt-trades-2024-08-08.csv.gz', format: 'binance-trades-csv', trades: 14_076 },
  { file: 'binance-ethusdt-trades-2024-08-09.csv.gz', format: 'binance-trades-csv', trades: 8_409 },
  { file: 'ethusdt-trades-2023-02-02.csv', format: 'ccxt-csv', trades: 1_000 },
  { file: 'kraken-bcheur-trades-2023-01.csv', format: 'kraken-csv', trades: 148 },
];

describe('openTape reads CSV bytes exactly as readline + the string parser did', () => {
  for (const c of cases) {
    it(`${c.file}: plain, gzip/plain as shipped, zip (deflate and stored), CRLF`, async () => {
      const raw = readFileSync(join(tapesDir, c.file));
      const text = c.file.endsWith('.gz') ? gunzipSync(raw) : raw;
      const want = await reference(text, c.format);
      expect(want.trades).toHaveLength(c.trades);
      const base = c.file.replace(/\.gz$/, '');
      const plain = join(tmp, base);
      writeFileSync(plain, text);
      const crlf = join(tmp, base.replace('.csv', '-crlf.csv'));
      writeFileSync(crlf, text.toString('utf8').replace(/\n/g, '\r\n'));
      const zipped = join(tmp, `${base}.zip`);
      writeFileSync(zipped, zipSync({ [base]: new Uint8Array(text) }, { level: 6 }));
      const stored = join(tmp, base.replace('.csv', '-stored.csv.zip'));
      writeFileSync(stored, zipSync({ [base]: new Uint8Array(text) }, { level: 0 }));
      for (const path of [join(tapesDir, c.file), plain, zipped, stored]) expect(await viaOpenTape(path)).toEqual(want);
      expect(await viaOpenTape(crlf)).toEqual(await reference(readFileSync(crlf), c.format));
    });
  }

  it('a zip with a directory entry and the file inside it, as some archivers write them', async () => {
    const text = readFileSync(join(tapesDir, 'ethusdt-trades-2023-02-02.csv'));
    const path = join(tmp, 'ethusdt-dir.zip');
    writeFileSync(path, zipSync({ 'data/': {}, 'data/ethusdt-trades-2023-02-02.csv': new Uint8Array(text) }));
    expect((await viaOpenTape(path)).trades).toEqual((await reference(text, 'ccxt-csv')).trades);
  });

  it('says what to do with a zip of two files or a truncated zip', async () => {
    const two = join(tmp, 'two.zip');
    writeFileSync(two, zipSync({ 'a.csv': new Uint8Array([49]), 'b.csv': new Uint8Array([50]) }));
    await expect(viaOpenTape(two, { symbol: 'BTC/USDT' })).rejects.toThrow(/more than one file \(a\.csv, b\.csv\); unzip it/);
    const whole = zipSync({ 'ethusdt-trades.csv': new Uint8Array(readFileSync(join(tapesDir, 'ethusdt-trades-2023-02-02.csv'))) });
    const cut = join(tmp, 'ethusdt-cut.zip');
    writeFileSync(cut, whole.subarray(0, whole.length - 30));
    await expect(viaOpenTape(cut)).rejects.toThrow(/download it again/);
  });

  it('streams a file many read chunks long: every trade arrives once, in order, across chunk boundaries', async () => {
    // 200k rows (~13 MB) through 256 KiB chunks.
    const path = join(tmp, 'BTCUSDT-aggTrades-big.csv');
    const rows: string[] = [];
    for (let i = 1; i <= 200_000; i++) rows.push(`${i},${(20000 + (i % 100) / 100).toFixed(2)},0.001,${i},${i},${1700000000000 + i},${i % 2 === 0 ? 'True' : 'False'},True`);
    writeFileSync(path, `${rows.join('\n')}\n`);
    let n = 0;
    let inOrder = true;
    const tape = await openTape(path);
    for await (const b of tape.batches()) {
      for (const t of b) if (t.id !== String(++n)) inOrder = false;
    }
    expect(n).toBe(200_000);
    expect(inOrder).toBe(true);
  });
});
