import { SignatureHeader, TimestampHeader, deliveryBackoffMs, isRetryableStatus, signWebhook } from '@cascade/core';

/** One HTTP attempt as the delivery loop sees it. */
export interface HttpAttempt {
  readonly ok: boolean;
  /** null when no answer came (refused, reset, timed out). */
  readonly status: number | null;
  readonly error: string | null;
  /** Whether another attempt may go differently. */
  readonly retryable: boolean;
  /** A wait the receiver asked for (Retry-After, Telegram/Discord retry_after). */
  readonly retryAfterMs?: number;
}

export type HttpPost = (url: string, body: string, headers: Readonly<Record<string, string>>, timeoutMs: number) => Promise<{ status: number; headers: Headers; text: string }>;

export const fetchPost =
  (doFetch: typeof fetch = fetch): HttpPost =>
  async (url, body, headers, timeoutMs) => {
    const res = await doFetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'user-agent': 'Cascade-Notify/1', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: (await res.text()).slice(0, 2000) };
  };

/** Per-attempt timeout: a receiver that has not answered in 10 s is treated as down for this attempt. */
export const attemptTimeoutMs = 10_000;

export function retryAfterHeaderMs(h: Headers): number | undefined {
  const v = h.get('retry-after');
  return v !== null && /^\d+(\.\d+)?$/.test(v) ? Math.ceil(Number(v) * 1000) : undefined;
}

/** Network failures carry no status; they are worth another attempt. Secrets in URLs are cut out of the message. */
export function transportFailure(err: unknown, redact: readonly string[] = []): HttpAttempt {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  let msg = e?.name === 'TimeoutError' ? `no answer within ${attemptTimeoutMs} ms` : `${e?.message ?? String(err)}${e?.cause?.code ? ` (${e.cause.code})` : e?.cause?.message ? ` (${e.cause.message})` : ''}`;
  for (const s of redact) if (s) msg = msg.split(s).join('***');
  return { ok: false, status: null, error: msg, retryable: true };
}

/**
 * A signed webhook POST (§5.4): the JSON body as given, `X-Cascade-Timestamp` (unix seconds of this
 * attempt) and `X-Cascade-Signature: sha256=<HMAC-SHA256(secret, "<timestamp>.<body>")>`. Each attempt
 * is signed afresh, so a receiver's replay window measures from the attempt, not the first try.
 */
export function webhookSender(post: HttpPost = fetchPost()) {
  return {
    async send(url: string, secret: string, body: string, nowMs: number): Promise<HttpAttempt> {
      const ts = Math.floor(nowMs / 1000);
      try {
        const r = await post(url, body, { [TimestampHeader]: String(ts), [SignatureHeader]: signWebhook(secret, ts, body) }, attemptTimeoutMs);
        if (r.status >= 200 && r.status < 300) return { ok: true, status: r.status, error: null, retryable: false };
        const retryAfterMs = retryAfterHeaderMs(r.headers);
        return { ok: false, status: r.status, error: `HTTP ${r.status}${r.text ? `: ${r.text.slice(0, 300)}` : ''}`, retryable: isRetryableStatus(r.status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      } catch (err) {
        return transportFailure(err);
      }
    },
  };
}
export type WebhookSender = ReturnType<typeof webhookSender>;

export interface RetryPorts {
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * Attempt until one succeeds, one fails for good (non-retryable), or `maxAttempts` are used; waits
 * between attempts follow the core backoff. `onAttempt` sees every attempt (the caller records it).
 */
export async function sendWithRetries(maxAttempts: number, attempt: (n: number) => Promise<HttpAttempt>, ports: RetryPorts, onAttempt: (n: number, a: HttpAttempt) => Promise<void>): Promise<{ attempts: number; last: HttpAttempt }> {
  for (let n = 1; ; n += 1) {
    const a = await attempt(n);
    await onAttempt(n, a);
    if (a.ok || !a.retryable || n >= maxAttempts) return { attempts: n, last: a };
    await ports.sleep(deliveryBackoffMs(n, undefined, a.retryAfterMs));
  }
}
