import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramSender } from './telegram-sender.js';

/** A local server standing in for the Bot API; answers are set per test. */
describe('telegramSender', () => {
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

  it('Telegram: sendMessage to the chat as plain text', async () => {
    reply = { status: 200, body: '{"ok":true,"result":{"message_id":1}}' };
    const r = await telegramSender(base).send('123:ABC', '-10042', 'Cascade: CRITICAL');
    expect(r.ok).toBe(true);
    expect(got.at(-1)).toEqual({ url: '/bot123:ABC/sendMessage', body: { chat_id: '-10042', text: 'Cascade: CRITICAL', link_preview_options: { is_disabled: true } } });
  });

  it('Telegram: a 429 is retryable after retry_after, and the token never appears in the error', async () => {
    reply = { status: 429, body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3 (bot 123:ABC)","parameters":{"retry_after":3}}' };
    const r = await telegramSender(base).send('123:ABC', '1', 'x');
    expect(r).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 3000 });
    expect(r.error).toBe('HTTP 429: Too Many Requests: retry after 3 (bot ***)');
    reply = { status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' };
    expect(await telegramSender(base).send('123:ABC', '1', 'x')).toMatchObject({ ok: false, retryable: false, error: 'HTTP 400: Bad Request: chat not found' });
  });

});
