import { z } from 'zod';
import { type HttpAttempt, type HttpPost, attemptTimeoutMs, fetchPost, transportFailure } from './webhook-sender.js';
import { isRetryableStatus } from '@cascade/core';

/** Bot API answers `{ok, result}` or `{ok: false, error_code, description, parameters: {retry_after}}`. */
const BotAnswer = z.object({ ok: z.boolean(), description: z.string().optional(), parameters: z.object({ retry_after: z.number().optional() }).optional() });

/**
 * Telegram Bot API `sendMessage` (https://core.telegram.org/bots/api#sendmessage) as plain text.
 * `baseUrl` is https://api.telegram.org in production and a local server in tests. The bot token is
 * part of the URL, so it is cut out of every error message that is recorded.
 */
export function telegramSender(baseUrl = 'https://api.telegram.org', post: HttpPost = fetchPost()) {
  return {
    async send(botToken: string, chatId: string, text: string): Promise<HttpAttempt> {
      try {
        const r = await post(`${baseUrl}/bot${botToken}/sendMessage`, JSON.stringify({ chat_id: chatId, text, link_preview_options: { is_disabled: true } }), {}, attemptTimeoutMs);
        const parsed = BotAnswer.safeParse(safeJson(r.text));
        const answer = parsed.success ? parsed.data : null;
        if (r.status >= 200 && r.status < 300 && answer?.ok !== false) return { ok: true, status: r.status, error: null, retryable: false };
        const retryAfter = answer?.parameters?.retry_after;
        const error = `HTTP ${r.status}: ${answer?.description ?? r.text.slice(0, 300)}`.split(botToken).join('***');
        return { ok: false, status: r.status, error, retryable: isRetryableStatus(r.status), ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}) };
      } catch (err) {
        return transportFailure(err, [botToken]);
      }
    },
  };
}
export type TelegramSender = ReturnType<typeof telegramSender>;

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
