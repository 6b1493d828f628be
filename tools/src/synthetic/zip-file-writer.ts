import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';

/**
 * Writes a zip holding one deflated file, streamed: the way data.binance.vision packs one CSV per zip.
 * The local header is written with zero sizes first and patched at the end (we own a seekable file),
 * so readers that trust the local header (streaming unzippers) and readers that read the central
 * directory both find the sizes. No zip64: the entry must stay under 4 GiB either way (checked).
 */
export class ZipFileWriter {
  private readonly deflate = createDeflateRaw({ level: 6 });
  private readonly name: Buffer;
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private pos: number;
  private writing: Promise<void> = Promise.resolve();
  private readonly opened: Promise<FileHandle>;

  constructor(path: string, entryName = csvEntryName(path)) {
    this.name = Buffer.from(entryName, 'utf8');
    this.opened = open(path, 'w');
    this.pos = 30 + this.name.length;
    this.deflate.on('data', (chunk: Buffer) => {
      const at = this.pos;
      this.pos += chunk.length;
      this.compressed += chunk.length;
      this.writing = this.writing.then(async () => {
        await (await this.opened).write(chunk, 0, chunk.length, at);
      });
    });
  }

  /** Appends bytes to the entry; resolves once the deflater can take more. */
  async write(data: Buffer): Promise<void> {
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    if (!this.deflate.write(data)) await once(this.deflate, 'drain');
    await this.writing;
  }

  /** Finishes the entry, writes the central directory and closes the file. */
  async end(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    await this.writing;
    if (this.size >= 0xffffffff || this.compressed >= 0xffffffff) throw new Error(`zip entry ${this.name.toString()} is ${this.size} bytes: over the 4 GiB a zip without zip64 holds`);
    const fh = await this.opened;
    try {
      await fh.write(this.header(0x04034b50, false), 0, 30 + this.name.length, 0);
      const central = this.header(0x02014b50, true);
      const cdAt = this.pos;
      await fh.write(central, 0, central.length, cdAt);
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      eocd.writeUInt16LE(1, 8); // entries on this disk
      eocd.writeUInt16LE(1, 10); // entries in all
      eocd.writeUInt32LE(central.length, 12);
      eocd.writeUInt32LE(cdAt, 16);
      await fh.write(eocd, 0, 22, cdAt + central.length);
    } finally {
      await fh.close();
    }
  }

  /** A local (30-byte) or central (46-byte) file header followed by the name. */
  private header(signature: number, central: boolean): Buffer {
    const o = central ? 2 : 0; // the central header has "version made by" before the shared fields
    const b = Buffer.alloc((central ? 46 : 30) + this.name.length);
    b.writeUInt32LE(signature, 0);
    if (central) b.writeUInt16LE(20, 4);
    b.writeUInt16LE(20, 4 + o); // version needed: 2.0 (deflate)
    b.writeUInt16LE(0x0800, 6 + o); // UTF-8 name
    b.writeUInt16LE(8, 8 + o); // deflate
    b.writeUInt16LE(0, 10 + o); // time
    b.writeUInt16LE(0x21, 12 + o); // date 1980-01-01
    b.writeUInt32LE(this.crc >>> 0, 14 + o);
    b.writeUInt32LE(this.compressed, 18 + o);
    b.writeUInt32LE(this.size, 22 + o);
    b.writeUInt16LE(this.name.length, 26 + o);
    if (central) b.writeUInt32LE(0, 42); // local header at offset 0
    this.name.copy(b, central ? 46 : 30);
    return b;
  }
}

/** `BTCUSDT-aggTrades-2024-01.zip` → `BTCUSDT-aggTrades-2024-01.csv`, as data.binance.vision names the entry. */
function csvEntryName(path: string): string {
  const base = basename(path).replace(/\.zip$/i, '');
  return base.toLowerCase().endsWith('.csv') ? base : `${base}.csv`;
}
