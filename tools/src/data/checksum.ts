import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The SHA-256 a `.CHECKSUM` file gives for `fileName`. Binance writes one line in sha256sum's format:
 *   d2dd1ab5b08b8d2e8b1b4ef1d1a8f1a7c3b5c8b4c9e4c6b1d0a7f3e2b1c4d5e6  BTCUSDT-aggTrades-2024-01-01.zip
 * Throws when the text is not that, or names another file (a server that answers every path with the
 * same page must not pass).
 */
export function parseChecksum(text: string, fileName: string): string {
  const line = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/)[0] ?? '';
  const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)$/.exec(line.trim());
  if (m === null) throw new Error(`the checksum file for ${fileName} is not "<sha256>  <file name>" (it reads ${JSON.stringify(line.slice(0, 100))})`);
  const named = (m[2] as string).split('/').pop();
  if (named !== fileName) throw new Error(`the checksum file for ${fileName} names another file (${m[2] as string})`);
  return (m[1] as string).toLowerCase();
}

/** Hex SHA-256 of a file, streamed (a monthly trades zip is several hundred MB). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}
