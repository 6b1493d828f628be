import { open, stat, unlink } from 'node:fs/promises';
import { type RetryPolicy, TransientError, failOnStatus, withRetries } from './retry.js';

export interface DownloadResult {
  /** Bytes already in the `.part` file when the download started (0: a fresh download). */
  readonly resumedFrom: number;
  /** Bytes this call fetched over the network. */
  readonly fetched: number;
  /** Size of the finished `.part` file. */
  readonly size: number;
}

export type OnBytes = (received: number, total: number | null) => void;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return 0;
    throw e;
  }
}

/** `bytes 100-199/500` → start 100, total 500 (total null for `*`). */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (m === null) return null;
  return { start: Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) };
}

/**
 * Downloads `url` into `partPath`, continuing a partial file with an HTTP Range request (so an
 * interrupted monthly zip is not fetched again from its first byte), retrying transient failures
 * with backoff; each retry resumes from what is already on disk. The caller verifies the checksum
 * and renames the part file. A server that ignores Range (200) restarts the file from zero.
 */
export async function downloadResumable(url: string, partPath: string, policy: RetryPolicy, onBytes: OnBytes): Promise<DownloadResult> {
  const resumedFrom = await sizeOf(partPath);
  let fetched = 0;
  await withRetries(url, policy, async () => {
    const offset = await sizeOf(partPath);
    const res = await fetch(url, offset > 0 ? { headers: { Range: `bytes=${offset}-` } } : {});
    if (res.status === 416 && offset > 0) {
      // Nothing after `offset`: the part file is already whole (the checksum will tell if not).
      await res.body?.cancel();
      return;
    }
    let start = 0;
    let total: number | null = null;
    const length = res.headers.get('content-length');
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (range === null || range.start !== offset) {
        await res.body?.cancel();
        await unlink(partPath);
        throw new TransientError(`the server answered bytes=${offset}- with Content-Range ${res.headers.get('content-range') ?? '(none)'}; starting the file again`);
      }
      start = offset;
      total = range.total;
    } else if (res.ok) {
      total = length === null ? null : Number(length); // 200: the whole file, whatever we asked for
    } else {
      await res.body?.cancel();
      failOnStatus(url, res.status);
    }
    if (res.body === null) throw new TransientError(`empty response body from ${url}`);
    let received = start;
    // Each chunk is on disk before the next is read, so a connection that drops leaves a .part file
    // holding every byte that arrived, and the retry asks only for the rest.
    const fh = await open(partPath, start > 0 ? 'a' : 'w');
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        await fh.write(chunk);
        received += chunk.length;
        fetched += chunk.length;
        onBytes(received, total);
      }
    } finally {
      await fh.close();
    }
    if (total !== null && received < total) throw new TransientError(`connection closed after ${received} of ${total} bytes`);
  });
  return { resumedFrom, fetched, size: await sizeOf(partPath) };
}

/** A small text file (a `.CHECKSUM`), with the same retries. */
export async function fetchText(url: string, policy: RetryPolicy): Promise<string> {
  return withRetries(url, policy, async () => {
    const res = await fetch(url);
    if (!res.ok) {
      await res.body?.cancel();
      failOnStatus(url, res.status);
    }
    return res.text();
  });
}
