import { open } from 'node:fs/promises';

/** The one file of a zip: where its compressed bytes lie and how they are packed. */
export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate (the only two a tape zip uses). */
  readonly method: number;
  /** Offset of the entry's first compressed byte in the zip file. */
  readonly dataStart: number;
  readonly compressedSize: number;
  /** The CRC-32 and size of the file's bytes once inflated, from the central directory: checked as it streams. */
  readonly crc32: number;
  readonly uncompressedSize: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/**
 * Finds the single file of a zip from its central directory (zip64 too: a month of Binance BTCUSDT
 * trades unzips past 4 GiB), skipping directory entries. Reads only the directory and the entry's
 * local header, so the entry can then be streamed through node:zlib's native inflater.
 * Throws saying what to do when the zip holds no file or several.
 */
export async function findSingleZipEntry(path: string): Promise<ZipEntry> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const read = async (at: number, len: number): Promise<Buffer> => {
      const b = Buffer.alloc(len);
      const { bytesRead } = await fh.read(b, 0, len, at);
      if (bytesRead < len) throw new Error(`${path}: the zip is truncated (cannot read ${len} bytes at ${at}); download it again`);
      return b;
    };
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await read(size - tailLen, tailLen);
    let e = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        e = i;
        break;
      }
    }
    if (e < 0) throw new Error(`${path}: no zip central directory found (a truncated download?); download it again or unzip it and open the CSV`);
    let entries = tail.readUInt16LE(e + 10);
    let cdSize = tail.readUInt32LE(e + 12);
    let cdAt = tail.readUInt32LE(e + 16);
    if ((entries === 0xffff || cdSize === MAX32 || cdAt === MAX32) && e >= 20 && tail.readUInt32LE(e - 20) === ZIP64_LOCATOR) {
      const z = await read(Number(tail.readBigUInt64LE(e - 20 + 8)), 56);
      if (z.readUInt32LE(0) !== ZIP64_EOCD) throw new Error(`${path}: broken zip64 directory; download it again`);
      entries = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdAt = Number(z.readBigUInt64LE(48));
    }
    const cd = await read(cdAt, cdSize);
    const files: { name: string; method: number; compressedSize: number; uncompressedSize: number; crc32: number; localAt: number }[] = [];
    let p = 0;
    for (let k = 0; k < entries; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${path}: broken zip central directory; download it again`);
      const method = cd.readUInt16LE(p + 10);
      const crc32 = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressedSize = cd.readUInt32LE(p + 24);
      const uncompressed = uncompressedSize;
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localAt = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // zip64 extra field (id 1): the 64-bit values of those fields that read 0xffffffff, in this order.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 1) {
          let q = x + 4;
          if (uncompressed === MAX32) {
            uncompressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === MAX32) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localAt === MAX32) localAt = Number(cd.readBigUInt64LE(q));
        }
        x += 4 + len;
      }
      if (!name.endsWith('/')) files.push({ name, method, compressedSize, uncompressedSize, crc32, localAt });
      p = xEnd + commentLen;
    }
    if (files.length === 0) throw new Error(`${path}: the zip holds no file`);
    if (files.length > 1) throw new Error(`${path}: the zip holds more than one file (${files[0]?.name}, ${files[1]?.name}); unzip it and open the file you want`);
    const f = files[0] as (typeof files)[number];
    if (f.method !== 0 && f.method !== 8) throw new Error(`${path}: ${f.name} is compressed with zip method ${f.method}; only stored and deflate are read (unzip it and open the CSV)`);
    const local = await read(f.localAt, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new Error(`${path}: broken zip local header for ${f.name}; download it again`);
    const dataStart = f.localAt + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    return { name: f.name, method: f.method, dataStart, compressedSize: f.compressedSize, crc32: f.crc32, uncompressedSize: f.uncompressedSize };
  } finally {
    await fh.close();
  }
}
