import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

/** How a tape file is packed, told by its first bytes (the extension can lie: `.csv` that is really gzip). */
export const Packing = {
  Plain: 'plain',
  Gzip: 'gzip',
  Zip: 'zip',
  Parquet: 'parquet',
} as const;
export type Packing = (typeof Packing)[keyof typeof Packing];

/** Reads the magic bytes: 1f 8b gzip, `PK\x03\x04` zip, `PAR1` Parquet, anything else plain text. */
export async function packingOf(path: string): Promise<Packing> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return Packing.Gzip;
    if (bytesRead === 4 && buf.toString('latin1') === 'PK\x03\x04') return Packing.Zip;
    if (bytesRead === 4 && buf.toString('latin1') === 'PAR1') return Packing.Parquet;
    return Packing.Plain;
  } finally {
    await fh.close();
  }
}

/** The file's decompressed bytes as a stream. Zips must hold one file (as data.binance.vision's do). */
export function openBytes(path: string, packing: Packing): Readable {
  if (packing === Packing.Gzip) {
    const file = createReadStream(path);
    const gunzip = createGunzip();
    file.on('error', (e) => gunzip.destroy(e));
    gunzip.on('close', () => file.destroy()); // a reader that stops early must not leave the fd open
    return file.pipe(gunzip);
  }
  if (packing === Packing.Zip) return Readable.from(unzipSingleFile(path));
  return createReadStream(path);
}

/**
 * Streams the one file inside a zip through fflate's streaming inflater: a Binance monthly zip
 * expands to several GB, so it is never unzipped whole. fflate calls back synchronously inside
 * `push`, so the output of each input chunk is collected and yielded before the next is read.
 */
async function* unzipSingleFile(path: string): AsyncGenerator<Buffer> {
  const out: Buffer[] = [];
  let entry: string | null = null;
  let failure: Error | null = null;
  const unzip = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return; // a directory entry
    if (entry !== null) {
      failure = new Error(`${path}: the zip holds more than one file (${entry}, ${file.name}); unzip it and open the file you want`);
      return;
    }
    entry = file.name;
    file.ondata = (err, data) => {
      if (err !== null) failure = new Error(`${path}: cannot inflate ${file.name}: ${err.message}`);
      else if (data.length > 0) out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const input = createReadStream(path);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      unzip.push(chunk);
      if (failure !== null) throw failure;
      while (out.length > 0) yield out.shift() as Buffer;
    }
    unzip.push(new Uint8Array(0), true);
    if (failure !== null) throw failure;
    while (out.length > 0) yield out.shift() as Buffer;
    if (entry === null) throw new Error(`${path}: the zip holds no file`);
  } finally {
    input.destroy();
  }
}

/** The first `maxChars` of the decoded text (for format detection), reading no more than that. */
export async function readHeadText(path: string, packing: Packing, maxChars = 64 * 1024): Promise<string> {
  const input = openBytes(path, packing);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  try {
    for await (const chunk of input as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (text.length >= maxChars) break;
    }
  } finally {
    input.destroy();
  }
  return text.slice(0, maxChars);
}

/** The last non-blank line of an uncompressed text file (reads only its tail). */
export async function readLastLine(path: string, tailBytes = 64 * 1024): Promise<string | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, tailBytes);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    // The first piece may be a partial line unless the tail is the whole file.
    const from = len < size ? 1 : 0;
    for (let i = lines.length - 1; i >= from; i--) {
      const line = (lines[i] as string).replace(/\r$/, '');
      if (line.trim() !== '') return line;
    }
    return null;
  } finally {
    await fh.close();
  }
}
