import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { crc32, deflateRawSync, gunzipSync } from 'node:zlib';
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

  it('reads a zip64 archive (sizes and offsets in the zip64 extra field and end record, as for > 4 GiB months)', async () => {
    // Built by hand from the APPNOTE 6.3.x layout: every 32-bit size/offset is 0xffffffff and the real
    // values are in the extra field (id 0x0001); the end record points at a zip64 end record via its locator.
    const text = readFileSync(join(tapesDir, 'ethusdt-trades-2023-02-02.csv'));
    const data = deflateRawSync(text);
    const name = Buffer.from('ethusdt-trades-2023-02-02.csv');
    const u64 = (v: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(v));
      return b;
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(text), 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(20, 28);
    const localExtra = Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(text.length), u64(data.length)]);
    const head = Buffer.concat([local, name, localExtra, data]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(text), 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(28, 30);
    central.writeUInt32LE(0xffffffff, 42);
    const cd = Buffer.concat([central, name, Buffer.from([1, 0, 24, 0]), u64(text.length), u64(data.length), u64(0)]);
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(1n, 24);
    end64.writeBigUInt64LE(1n, 32);
    end64.writeBigUInt64LE(BigInt(cd.length), 40);
    end64.writeBigUInt64LE(BigInt(head.length), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(head.length + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
    const path = join(tmp, 'ethusdt-trades-zip64.zip');
    writeFileSync(path, Buffer.concat([head, cd, end64, locator, end]));
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

  it('refuses a zip whose bytes were damaged but still read as a tape: CRC-32 checked at the end', async () => {
    // Stored (no deflate), so a changed digit still parses: one price 2 → 3 would be a wrong trade read
    // silently. The central directory's CRC-32 (fflate computes it from the original text) catches it.
    const text = readFileSync(join(tapesDir, 'ethusdt-trades-2023-02-02.csv'));
    const zipped = Buffer.from(zipSync({ 'ethusdt-trades-2023-02-02.csv': new Uint8Array(text) }, { level: 0 }));
    const at = zipped.indexOf(text.subarray(0, 200)) + text.indexOf('\n', 100) + 5;
    const d = zipped[at] as number;
    expect(d >= 48 && d <= 57).toBe(true); // a digit inside the data, not a header byte
    zipped[at] = d === 57 ? 48 : d + 1;
    const damaged = join(tmp, 'ethusdt-damaged.zip');
    writeFileSync(damaged, zipped);
    await expect(viaOpenTape(damaged)).rejects.toThrow(/fails its CRC-32 check \([0-9a-f]{8}, the zip says [0-9a-f]{8}\): the file is damaged; download it again/);
    // Deflated, the check is zlib's own (the data goes through gunzip as one gzip member with the zip's
    // CRC-32 and size as its trailer): a central directory whose CRC-32 does not match the bytes is refused.
    const deflated = Buffer.from(zipSync({ 'ethusdt-trades-2023-02-02.csv': new Uint8Array(text) }, { level: 6 }));
    const central = deflated.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(deflated.readUInt32LE(central + 16)).toBe(crc32(text));
    deflated.writeUInt32LE((crc32(text) ^ 1) >>> 0, central + 16);
    const wrongCrc = join(tmp, 'ethusdt-wrong-crc.zip');
    writeFileSync(wrongCrc, deflated);
    await expect(viaOpenTape(wrongCrc)).rejects.toThrow(/fails its CRC-32 check \(the zip says [0-9a-f]{8}\): the file is damaged; download it again/);
    // The undamaged bytes pass the same check.
    const good = join(tmp, 'ethusdt-good-stored.zip');
    writeFileSync(good, Buffer.from(zipSync({ 'ethusdt-trades-2023-02-02.csv': new Uint8Array(text) }, { level: 0 })));
    expect((await viaOpenTape(good)).trades.length).toBeGreaterThan(0);
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
