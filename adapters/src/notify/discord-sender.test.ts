import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonRecorder, startJsonRecorder } from '../../../test/support/json-recorder.js';
import { discordSender } from './discord-sender.js';

/** A local server standing in for a Discord webhook; answers are set per test. */
describe('discordSender', () => {
  let rec: JsonRecorder;
  beforeAll(async () => {
    rec = await startJsonRecorder({ status: 200, body: '{"ok":true,"result":{"message_id":1}}' });
  });
  afterAll(() => rec?.close());

  it('Discord: posts content with mentions disabled; a 429 waits retry_after', async () => {
    rec.reply = { status: 204, body: '' };
    expect((await discordSender().send(`${rec.base}/api/webhooks/1/tok`, 'hello @everyone')).ok).toBe(true);
    expect(rec.got.at(-1)).toEqual({ url: '/api/webhooks/1/tok', body: { content: 'hello @everyone', allowed_mentions: { parse: [] } } });
    rec.reply = { status: 429, body: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}' };
    expect(await discordSender().send(`${rec.base}/api/webhooks/1/tok`, 'x')).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 1500 });
  });
});
