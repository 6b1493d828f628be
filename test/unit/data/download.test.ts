import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTape } from '@cascade/adapters/tape-files';
import type { Trade } from '@cascade/core';
import { DataKind, Market, seriesFile } from '../../../tools/src/data/binance-layout.js';
import { Outcome, downloadFiles } from '../../../tools/src/data/download-files.js';
import type { DownloadProgress } from '../../../tools/src/data/progress.js';
import type { RetryPolicy } from '../../../tools/src/data/retry.js';
import { BinanceDataServer } from './binance-data-server.js';
import { spotTradesZip, zipOne } from './fixtures.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../../tools/src/data/main.ts', import.meta.url));
// The file `--import tsx` loads, by absolute URL: the CLI runs from a temporary folder (to show the
// paths it prints relative to where it ran), where the bare name `tsx` would not resolve.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const tmp = mkdtempSync(join(tmpdir(), 'cascade-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let server: BinanceDataServer;
beforeEach(async () => {
  server = new BinanceDataServer();
  await server.start();
});
afterEach(async () => server.stop());

const quiet: DownloadProgress = { fileStarted: () => {}, bytes: () => {}, fileEnded: () => {}, notice: () => {} };
const noWait: RetryPolicy = { attempts: 3, backoffMs: 1, sleep: async () => {} };
const spotTrades = { market: Market.Spot, symbol: 'ETHUSDT', kind: DataKind.Trades } as const;
const day = (label: string) => seriesFile(spotTrades, 'daily', label);
let n = 0;
const freshRoot = (): string => join(tmp, `root-${++n}`);

async function readAll(path: string): Promise<{ trades: Trade[]; exchange: string; symbol: string }> {
  const tape = await openTape(path);
  const trades: Trade[] = [];
  for await (const batch of tape.batches()) trades.push(...batch);
  return { trades, exchange: tape.exchange, symbol: tape.symbol };
}

describe('npm run data -- download, against a local data.binance.vision', () => {
  it('downloads the published day, reports the missing one, refuses the corrupted one, and exits 1 naming both', async () => {
    const good = spotTradesZip();
    server.publish(day('2024-08-09').remotePath, good);
    // 08-08's bytes on the server are damaged: its .CHECKSUM still names the published bytes.
    const corrupted = Uint8Array.from(good);
    const mid = corrupted.length >> 1;
    corrupted[mid] = (corrupted[mid] as number) ^ 0xff;
    server.publish(day('2024-08-08').remotePath, good, { corruptWith: corrupted });
    // 08-10 is not published: the server answers 404.
    const root = freshRoot();
    const res = await run(process.execPath, ['--import', tsx, main, 'download', '--market', 'spot', '--symbol', 'ETHUSDT', '--kind', 'trades', '--from', '2024-08-08', '--to', '2024-08-10', '--out', root, '--base-url', server.baseUrl], { cwd: tmp }).then(
      (ok) => ({ code: 0, ...ok }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

    expect(res.code).toBe(1);
    const zip = join(root, 'binance/spot/ETHUSDT/trades/ETHUSDT-trades-2024-08-09.zip');
    expect(readFileSync(zip)).toEqual(Buffer.from(good));
    expect(existsSync(join(root, 'binance/spot/ETHUSDT/trades/ETHUSDT-trades-2024-08-08.zip'))).toBe(false);
    expect(existsSync(join(root, 'binance/spot/ETHUSDT/trades/ETHUSDT-trades-2024-08-08.zip.part'))).toBe(false);
    expect(res.stderr).toMatch(/missing 2024-08-10: not published \(HTTP 404\) at http:\/\/127\.0\.0\.1:\d+\/data\/spot\/daily\/trades\/ETHUSDT\/ETHUSDT-trades-2024-08-10\.zip/);
    expect(res.stderr).toMatch(/refused 2024-08-08: ETHUSDT-trades-2024-08-08\.zip does not match its published checksum .* the download was deleted/);
    expect(res.stderr).toContain('2 of 3 files did not arrive');
    // The summary hands the user the exact path (relative to where the command ran) for --tape.
    expect(res.stdout).toContain('1 downloaded');
    expect(res.stdout).toContain(`npm run backtest -- --tape root-${n}/binance/spot/ETHUSDT/trades/ETHUSDT-trades-2024-08-09.zip --out reports/ETHUSDT-trades-2024-08-09`);

    // The tape reader opens the downloaded zip as it is. Golden values from the source file with
    // zcat | wc -l (8,410 lines with the header), head/tail for the times, awk for the sides.
    const { trades, exchange, symbol } = await readAll(zip);
    expect({ exchange, symbol }).toEqual({ exchange: 'binance', symbol: 'ETH/USDT' });
    expect(trades).toHaveLength(8_409);
    expect(trades[0]?.ts).toBe(1723161601550);
    expect(trades.at(-1)?.ts).toBe(1723161905012);
    expect(trades.filter((t) => t.side === 'sell')).toHaveLength(4_048);
    expect(trades.filter((t) => t.side === 'buy')).toHaveLength(4_361);
  });

  it('exits 0 when all arrive; a second run finds the files already here and fetches nothing', async () => {
    server.publish(day('2024-08-09').remotePath, spotTradesZip());
    const root = freshRoot();
    const args = ['--import', tsx, main, 'download', '--symbol', 'ETHUSDT', '--kind', 'trades', '--from', '2024-08-09', '--to', '2024-08-09', '--out', root, '--base-url', server.baseUrl];
    const first = await run(process.execPath, args, { cwd: tmp });
    expect(first.stderr).toContain('data: (1/1) ETHUSDT-trades-2024-08-09.zip'); // plain progress lines off a TTY
    const second = await run(process.execPath, args, { cwd: tmp });
    expect(second.stdout).toContain('0 downloaded (0 B), 1 already here');
    expect(server.zipRequests()).toHaveLength(1);
  });

  it('answers a usage error with exit 2 and what to do', async () => {
    const res = await run(process.execPath, ['--import', tsx, main, 'download', '--symbol', 'BTCUSDT', '--kind', 'fundingRate', '--from', '2024-01-01', '--to', '2024-01-31']).catch((e: { code: number; stderr: string }) => e);
    expect(res).toMatchObject({ code: 2 });
    expect((res as { stderr: string }).stderr).toContain('--kind fundingRate exists for futures only: add --market um');
  });
});

describe('downloadFiles', () => {
  it('resumes a partial download: asks only for the bytes after the .part file (Range) and verifies the whole', async () => {
    const zip = spotTradesZip();
    const file = day('2024-08-09');
    server.publish(file.remotePath, zip);
    const root = freshRoot();
    const path = join(root, file.localPath);
    mkdirSync(join(path, '..'), { recursive: true });
    const kept = 50_000;
    writeFileSync(`${path}.part`, zip.subarray(0, kept));

    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root, retry: noWait, progress: quiet });

    expect(result).toMatchObject({ outcome: Outcome.Downloaded, fetched: zip.length - kept });
    expect(server.zipRequests()).toEqual([{ path: `/${file.remotePath}`, range: `bytes=${kept}-`, status: 206, bytesSent: zip.length - kept }]);
    expect(readFileSync(path)).toEqual(Buffer.from(zip));
    expect(existsSync(`${path}.part`)).toBe(false);
  });

  it('starts the file again when the server ignores Range and sends it whole (200)', async () => {
    const zip = spotTradesZip();
    const file = day('2024-08-09');
    server.publish(file.remotePath, zip, { ignoreRange: true });
    const root = freshRoot();
    const path = join(root, file.localPath);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(`${path}.part`, zip.subarray(0, 50_000));
    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root, retry: noWait, progress: quiet });
    expect(result).toMatchObject({ outcome: Outcome.Downloaded, fetched: zip.length });
    expect(server.zipRequests()).toEqual([{ path: `/${file.remotePath}`, range: 'bytes=50000-', status: 200, bytesSent: zip.length }]);
    expect(readFileSync(path)).toEqual(Buffer.from(zip)); // not the kept 50,000 bytes followed by the whole file
  });

  it('retries a dropped connection, asking again only for the bytes that did not reach the disk', async () => {
    const zip = spotTradesZip();
    const file = day('2024-08-09');
    server.publish(file.remotePath, zip, { cutFirstResponseAfter: 60_000 });
    const root = freshRoot();
    const retries: string[] = [];
    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root, retry: { ...noWait, onRetry: (_w, _a, _ms, reason) => retries.push(reason) }, progress: quiet });

    expect(result?.outcome).toBe(Outcome.Downloaded);
    expect(retries).toHaveLength(1);
    const [cut, again] = server.zipRequests();
    expect(cut).toMatchObject({ range: null, bytesSent: 60_000 });
    // How much of the 60,000 bytes the client had read when the socket closed depends on the kernel;
    // whatever it was, the retry starts right after it and the two parts make the file exactly once.
    const offset = again?.range === null ? 0 : Number(/^bytes=(\d+)-$/.exec(again?.range ?? '')?.[1]);
    expect(offset).toBeLessThanOrEqual(60_000);
    expect(again).toMatchObject({ status: offset > 0 ? 206 : 200, bytesSent: zip.length - offset });
    expect(result?.fetched).toBe(zip.length);
    expect(readFileSync(join(root, file.localPath))).toEqual(Buffer.from(zip));
  });

  it('retries HTTP 503 with backoff (1, 2 ms here) and gets the file', async () => {
    const file = day('2024-08-09');
    server.publish(file.remotePath, spotTradesZip(), { failFirst: 2 });
    const waits: number[] = [];
    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root: freshRoot(), retry: { ...noWait, onRetry: (_w, _a, ms) => waits.push(ms) }, progress: quiet });
    expect(result?.outcome).toBe(Outcome.Downloaded);
    expect(waits).toEqual([1, 2]);
    expect(server.zipRequests().map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up after the retries on a server that keeps failing, and says so', async () => {
    const file = day('2024-08-09');
    server.publish(file.remotePath, spotTradesZip(), { failFirst: 10 });
    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root: freshRoot(), retry: noWait, progress: quiet });
    expect(result).toMatchObject({ outcome: Outcome.Failed });
    expect(result?.detail).toContain('HTTP 503');
    expect(server.zipRequests()).toHaveLength(3); // noWait.attempts
  });

  it('reads a 2025 spot aggTrades file whose times are in microseconds', async () => {
    // 1735689600 s is 2025-01-01T00:00:00Z; 1735689600123456 µs is 123.456 ms after it, kept as 123 ms.
    const agg = { market: Market.Spot, symbol: 'BTCUSDT', kind: DataKind.AggTrades } as const;
    const file = seriesFile(agg, 'daily', '2025-01-01');
    const csv = ['3000000000,93000.01000000,0.00100000,4000000000,4000000001,1735689600123456,True,True', '3000000001,93000.02000000,0.02000000,4000000002,4000000002,1735689600456789,False,True'].join('\n');
    server.publish(file.remotePath, zipOne('BTCUSDT-aggTrades-2025-01-01.csv', `${csv}\n`));
    const root = freshRoot();
    const [result] = await downloadFiles([file], { baseUrl: server.baseUrl, root, retry: noWait, progress: quiet });
    expect(result?.outcome).toBe(Outcome.Downloaded);
    const { trades, symbol } = await readAll(join(root, file.localPath));
    expect(symbol).toBe('BTC/USDT');
    expect(trades.map((t) => [t.ts, t.side])).toEqual([
      [1735689600123, 'sell'],
      [1735689600456, 'buy'],
    ]);
  });
});
