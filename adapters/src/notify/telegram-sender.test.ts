import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonRecorder, startJsonRecorder } from '../../../test/support/json-recorder.js';
import { telegramSender } from './telegram-sender.js';

/** A local server standing in for the Bot API; answers are set per test. */
describe('telegramSender', () => {
  let rec: JsonRecorder;
  beforeAll(async () => {
    rec = await startJsonRecorder({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
  });
  afterAll(() => rec?.close());

  it('Telegram: sendMessage to the chat as plain text', async () => {
    rec.reply = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
    const r = await telegramSender(rec.base).send('123:ABC', '-10042', 'Cascade: CRITICAL');
    expect(r.ok).toBe(true);
    expect(rec.got.at(-1)).toEqual({ url: '/bot123:ABC/sendMessage', body: { chat_id: '-10042', text: 'Cascade: CRITICAL', link_preview_options: { is_disabled: true } } });
  });

  it('Telegram: a 429 is retryable after retry_after, and the token never appears in the error', async () => {
    rec.reply = { status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3 (bot 123:ABC)","parameters":{"retry_after":3}}' };
    const r = await telegramSender(rec.base).send('123:ABC', '1', 'x');
    expect(r).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 3000 });
    expect(r.error).toBe('HTTP 429: Too Many Requests: retry after 3 (bot ***)');
    rec.reply = { status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' };
    expect(await telegramSender(rec.base).send('123:ABC', '1', 'x')).toMatchObject({ ok: false, retryable: false, error: 'HTTP 400: Bad Request: chat not found' });
  });

});
