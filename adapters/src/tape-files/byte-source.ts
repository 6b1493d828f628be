import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Readable, Transform, pipeline } from 'node:stream';
import { crc32, createGunzip } from 'node:zlib';
import { type ZipEntry, findSingleZipEntry } from './zip-entry.js';

/** Bytes per read: large enough that per-chunk costs vanish next to parsing, small enough to stay flat in memory. */
const readChunk = 1 << 18;

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
    const file = createReadStream(path, { highWaterMark: readChunk });
    const gunzip = createGunzip({ chunkSize: readChunk });
    file.on('error', (e) => gunzip.destroy(e));
    gunzip.on('close', () => file.destroy()); // a reader that stops early must not leave the fd open
    return file.pipe(gunzip);
  }
  if (packing === Packing.Zip) return unzipSingleFile(path);
  return createReadStream(path, { highWaterMark: readChunk });
}

/**
 * Streams the one file inside a zip through node:zlib's native inflater, from the offset the central
 * directory gives (zip-entry.ts): a Binance monthly zip expands to several GB, so it is never
 * unzipped whole, and native inflate keeps up with the byte parser where a JS inflater did not.
 * The entry's CRC-32 and size are checked at its end (`asGzipMember`, `checkedAgainst`).
 */
function unzipSingleFile(path: string): Readable {
  const out = new PassThrough({ highWaterMark: readChunk });
  findSingleZipEntry(path).then(
    (entry) => {
      if (out.destroyed) return;
      const file = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1, highWaterMark: readChunk });
      const done = (e: Error | null | undefined): void => {
        if (e && !out.destroyed) out.destroy(new Error(`${path}: ${damaged(e, entry) ?? `cannot inflate ${entry.name}: ${e.message}`}`, { cause: e }));
      };
      // `out` stays outside the pipeline: a pipeline destroys every stream in it with the raw error
      // (zlib's "incorrect data check"), before `done` could say what it means.
      const bytes = entry.method === 0 || entry.compressedSize === 0 ? pipeline(file, checkedAgainst(entry), done) : pipeline(asGzipMember(file, entry), createGunzip({ chunkSize: readChunk }), done);
      bytes.pipe(out);
      out.on('close', () => bytes.destroy()); // a reader that stops early closes the file too
    },
    (e: unknown) => out.destroy(e as Error),
  );
  return out;
}

/**
 * The entry's deflate data as one gzip member: a 10-byte header before it, and after it the CRC-32 and
 * size the central directory gives. node:zlib's gunzip then checks both as it inflates, on its own
 * thread (a damaged download whose deflate stream still decodes would otherwise be read as a tape of
 * wrong trades), where a check on this thread cost ~0.17 s a 5 M-trade file (measured).
 */
function asGzipMember(file: Readable, entry: ZipEntry): Readable {
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(entry.crc32, 0);
  trailer.writeUInt32LE(entry.uncompressedSize % 2 ** 32, 4);
  return Readable.from(
    (async function* () {
      yield header;
      yield* file;
      yield trailer;
    })(),
    { objectMode: false, highWaterMark: readChunk },
  );
}

/** zlib's words for a failed gzip trailer check, said as what they mean for a zip entry; null for other errors. */
function damaged(e: Error, entry: ZipEntry): string | null {
  if (e instanceof ZipDamagedError) return e.message;
  if (/incorrect data check/.test(e.message)) return `${entry.name} fails its CRC-32 check (the zip says ${hex(entry.crc32)}): the file is damaged; download it again`;
  if (/incorrect length check/.test(e.message)) return `${entry.name} does not unzip to the ${entry.uncompressedSize} bytes the zip says: the file is damaged; download it again`;
  return null;
}

/**
 * Passes a stored entry's bytes through and, at their end, checks their count and CRC-32 against the
 * central directory's (a stored entry has no inflater to check them). A reader that stops early
 * never reaches the check, which is only about whole files.
 */
function checkedAgainst(entry: ZipEntry): Transform {
  let crc = 0;
  let bytes = 0;
  return new Transform({
    highWaterMark: readChunk,
    transform(chunk: Buffer, _enc, next) {
      crc = crc32(chunk, crc);
      bytes += chunk.length;
      next(null, chunk);
    },
    flush(next) {
      if (bytes !== entry.uncompressedSize) next(new ZipDamagedError(`${entry.name} unzips to ${bytes} bytes, the zip says ${entry.uncompressedSize}: the file is damaged; download it again`));
      else if (crc !== entry.crc32) next(new ZipDamagedError(`${entry.name} fails its CRC-32 check (${hex(crc)}, the zip says ${hex(entry.crc32)}): the file is damaged; download it again`));
      else next();
    },
  });
}

class ZipDamagedError extends Error {}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

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
