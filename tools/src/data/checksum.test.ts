import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseChecksum, sha256OfFile } from './checksum.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-checksum-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('checksums', () => {
  it('hashes a file: SHA-256("abc") is the FIPS 180-2 example value', async () => {
    const path = join(tmp, 'abc.txt');
    writeFileSync(path, 'abc');
    expect(await sha256OfFile(path)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("reads Binance's .CHECKSUM line and refuses one that names another file or is not a checksum", () => {
    const sha = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(parseChecksum(`${sha}  BTCUSDT-aggTrades-2024-01-01.zip\n`, 'BTCUSDT-aggTrades-2024-01-01.zip')).toBe(sha);
    expect(parseChecksum(`${sha.toUpperCase()} *BTCUSDT-aggTrades-2024-01-01.zip`, 'BTCUSDT-aggTrades-2024-01-01.zip')).toBe(sha);
    expect(() => parseChecksum(`${sha}  BTCUSDT-aggTrades-2024-01-02.zip`, 'BTCUSDT-aggTrades-2024-01-01.zip')).toThrow(/names another file/);
    expect(() => parseChecksum('<html>not found</html>', 'BTCUSDT-aggTrades-2024-01-01.zip')).toThrow(/is not "<sha256> {2}<file name>"/);
  });
});
