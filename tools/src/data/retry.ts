import { setTimeout as delay } from 'node:timers/promises';

/** How hard to try a request: `attempts` in all, waiting `backoffMs`, then twice that, … (capped at 30 s). */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
  /** Tests pass a sleep that does not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRetry?: (what: string, attempt: number, waitMs: number, reason: string) => void;
}

/** 5 tries over ~15 s of waits (1 + 2 + 4 + 8 s): rides out a dropped connection or a CDN hiccup, gives up on an outage. */
export const defaultRetryPolicy: RetryPolicy = { attempts: 5, backoffMs: 1_000 };

/** The server says the file does not exist (HTTP 404): Binance has not published that day or month. */
export class NotPublishedError extends Error {
  constructor(readonly url: string) {
    super(`not published (HTTP 404): ${url}`);
  }
}

/** A final HTTP answer other than 404 (403, 400, …): retrying will not change it. */
export class HttpStatusError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`HTTP ${status} for ${url}`);
  }
}

/** A failure worth another try: 5xx, 429, 408, a connection closed early. */
export class TransientError extends Error {}

/** Local file-system failures: a full or read-only disk does not heal by waiting. */
const permanentFsCodes = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EISDIR', 'ENOTDIR', 'EDQUOT']);

function isTransient(e: unknown): boolean {
  if (e instanceof TransientError) return true;
  if (e instanceof NotPublishedError || e instanceof HttpStatusError) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && permanentFsCodes.has(code)) return false;
  // What is left is the network: undici's "fetch failed" (ECONNREFUSED, ECONNRESET, DNS, TLS) and a
  // body stream cut off ("terminated").
  return true;
}

/** Throws the error for a status that is not a success: 404 → NotPublishedError, 5xx/429/408 → TransientError. */
export function failOnStatus(url: string, status: number): void {
  if (status === 404) throw new NotPublishedError(url);
  if (status >= 500 || status === 429 || status === 408) throw new TransientError(`HTTP ${status} for ${url}`);
  throw new HttpStatusError(url, status);
}

export async function withRetries<T>(what: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isTransient(e) || i >= policy.attempts) throw e;
      const wait = Math.min(policy.backoffMs * 2 ** (i - 1), 30_000);
      policy.onRetry?.(what, i, wait, reasonOf(e));
      await (policy.sleep ?? delay)(wait);
    }
  }
}

/** undici hides the socket error in `cause`; show both. */
export function reasonOf(e: unknown): string {
  const err = e as Error & { cause?: { message?: string; code?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause === undefined ? err.message : `${err.message} (${cause})`;
}
