import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordSender } from './discord-sender.js';

/** A local server standing in for a Discord webhook; answers are set per test. */
describe('discordSender', () => {
  let server: Server;
  let base = '';
  const got: { url: string; body: unknown }[] = [];
  let reply: { status: number; body: string } = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ url: req.url ?? '', body: JSON.parse(body) as unknown });
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server?.close());

  it('Discord: posts content with mentions disabled; a 429 waits retry_after', async () => {
    reply = { status: 204, body: '' };
    expect((await discordSender().send(`${base}/api/webhooks/1/tok`, 'hello @everyone')).ok).toBe(true);
    expect(got.at(-1)).toEqual({ url: '/api/webhooks/1/tok', body: { content: 'hello @everyone', allowed_mentions: { parse: [] } } });
    reply = { status: 429, body: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}' };
    expect(await discordSender().send(`${base}/api/webhooks/1/tok`, 'x')).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 1500 });
  });
});
