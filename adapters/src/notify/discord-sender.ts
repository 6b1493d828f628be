import { z } from 'zod';
import { isRetryableStatus } from '@cascade/core';
import { type HttpAttempt, type HttpPost, attemptTimeoutMs, fetchPost, retryAfterHeaderMs, transportFailure } from './webhook-sender.js';
import { safeJson } from './telegram-sender.js';

/** A 429 carries `{retry_after: seconds}` in the body (and Retry-After in the headers). */
const RateLimited = z.object({ retry_after: z.number() });

/**
 * Discord "Execute Webhook": POST `{content}` to the channel's webhook URL (204 on success). The URL
 * is the credential (it holds the webhook token), so it comes from Secret Manager and never appears
 * in a recorded error; tests point it at a local server. Mentions are disabled: an error text
 * containing `@everyone` must not page a whole server.
 */
export function discordSender(post: HttpPost = fetchPost()) {
  return {
    async send(webhookUrl: string, content: string): Promise<HttpAttempt> {
      try {
        const r = await post(webhookUrl, JSON.stringify({ content, allowed_mentions: { parse: [] } }), {}, attemptTimeoutMs);
        if (r.status >= 200 && r.status < 300) return { ok: true, status: r.status, error: null, retryable: false };
        const rl = RateLimited.safeParse(safeJson(r.text));
        const retryAfterMs = rl.success ? Math.ceil(rl.data.retry_after * 1000) : retryAfterHeaderMs(r.headers);
        return { ok: false, status: r.status, error: `HTTP ${r.status}: ${r.text.slice(0, 300)}`.split(webhookUrl).join('***'), retryable: isRetryableStatus(r.status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      } catch (err) {
        return transportFailure(err, [webhookUrl]);
      }
    },
  };
}
export type DiscordSender = ReturnType<typeof discordSender>;
