import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SeriesFile } from './binance-layout.js';
import { parseChecksum, sha256OfFile } from './checksum.js';
import { type DownloadProgress, formatBytes } from './progress.js';
import { downloadResumable, fetchText } from './resumable-download.js';
import { NotPublishedError, type RetryPolicy, reasonOf } from './retry.js';

export const Outcome = {
  Downloaded: 'downloaded',
  AlreadyHere: 'already-here',
  /** HTTP 404: Binance has not published it (a day before the listing, a day not yet over, a typo in the symbol). */
  Missing: 'missing',
  /** The bytes do not hash to the published SHA-256: deleted, never left where a reader would open it. */
  ChecksumMismatch: 'checksum-mismatch',
  /** Network or disk failure after every retry; a `.part` file may remain for the next run to resume. */
  Failed: 'failed',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

export interface FileResult {
  readonly file: SeriesFile;
  readonly outcome: Outcome;
  /** Absolute path of the zip (exists only for downloaded / already-here). */
  readonly path: string;
  readonly url: string;
  /** Bytes fetched over the network for this file. */
  readonly fetched: number;
  readonly detail?: string;
}

export interface DownloadSettings {
  /** Server root, no trailing slash: https://data.binance.vision */
  readonly baseUrl: string;
  /** Local data root; files go to <root>/<file.localPath>. */
  readonly root: string;
  readonly retry: RetryPolicy;
  readonly progress: DownloadProgress;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function removeIfThere(path: string): Promise<void> {
  await unlink(path).catch((e: { code?: string }) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/**
 * Fetches each file with its `.CHECKSUM`, one after the other (Binance's CDN is fast; parallel
 * downloads would only make the progress harder to read). A file never reaches its final name
 * unless its SHA-256 matches; a failure of one file is recorded and the next one is tried.
 */
export async function downloadFiles(files: readonly SeriesFile[], settings: DownloadSettings): Promise<FileResult[]> {
  const results: FileResult[] = [];
  for (const [i, file] of files.entries()) {
    const path = join(settings.root, file.localPath);
    const partPath = `${path}.part`;
    settings.progress.fileStarted(i + 1, files.length, file.fileName, (await exists(partPath)) ? (await stat(partPath)).size : 0);
    const result = await downloadOne(file, path, partPath, settings);
    results.push(result);
    settings.progress.fileEnded(describe(result));
  }
  return results;
}

function describe(r: FileResult): string {
  switch (r.outcome) {
    case Outcome.Downloaded:
      return `${formatBytes(r.fetched)} downloaded, SHA-256 ok`;
    case Outcome.AlreadyHere:
      return 'already here, SHA-256 ok';
    case Outcome.Missing:
      return `MISSING: not published (HTTP 404) at ${r.url}`;
    case Outcome.ChecksumMismatch:
      return `REFUSED: ${r.detail ?? 'checksum mismatch'}`;
    case Outcome.Failed:
      return `FAILED: ${r.detail ?? 'unknown error'}`;
  }
}

async function downloadOne(file: SeriesFile, path: string, partPath: string, s: DownloadSettings): Promise<FileResult> {
  const url = `${s.baseUrl}/${file.remotePath}`;
  const base = { file, path, url };
  let fetched = 0;
  try {
    const checksumText = await fetchText(`${url}.CHECKSUM`, s.retry);
    const expected = parseChecksum(checksumText, file.fileName);
    if (await exists(path)) {
      if ((await sha256OfFile(path)) === expected) return { ...base, outcome: Outcome.AlreadyHere, fetched: 0 };
      s.progress.notice(`${file.fileName} is on disk but does not match its published SHA-256: downloading it again`);
      await unlink(path);
    }
    await mkdir(dirname(path), { recursive: true });
    const first = await downloadResumable(url, partPath, s.retry, (n, total) => s.progress.bytes(n, total));
    fetched += first.fetched;
    let actual = await sha256OfFile(partPath);
    if (actual !== expected && first.resumedFrom > 0) {
      // The kept prefix may belong to an older copy of the file (Binance re-publishes some): once from scratch.
      s.progress.notice(`${file.fileName}: the resumed file does not match its SHA-256; downloading it again from the start`);
      await unlink(partPath);
      fetched += (await downloadResumable(url, partPath, s.retry, (n, total) => s.progress.bytes(n, total))).fetched;
      actual = await sha256OfFile(partPath);
    }
    if (actual !== expected) {
      await removeIfThere(partPath);
      const detail = `${file.fileName} does not match its published checksum (SHA-256 expected ${expected}, got ${actual}); the download was deleted. Run the command again; if it fails the same way, the server's copy is damaged: leave this file out.`;
      return { ...base, outcome: Outcome.ChecksumMismatch, fetched, detail };
    }
    await rename(partPath, path);
    await writeFile(`${path}.CHECKSUM`, checksumText);
    return { ...base, outcome: Outcome.Downloaded, fetched };
  } catch (e) {
    if (e instanceof NotPublishedError) return { ...base, outcome: Outcome.Missing, fetched };
    const kept = (await exists(partPath)) ? ` (${partPath} is kept: run the command again to resume)` : '';
    return { ...base, outcome: Outcome.Failed, fetched, detail: `${reasonOf(e)}${kept}` };
  }
}
