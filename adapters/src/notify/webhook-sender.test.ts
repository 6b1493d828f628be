import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpAttempt, sendWithRetries, webhookSender } from './webhook-sender.js';

describe('webhookSender', () => {
  let server: Server;
  let url = '';
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  let reply: { status: number; headers?: Record<string, string>; body?: string } = { status: 204 };
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(reply.status, reply.headers ?? {}).end(reply.body ?? '');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => server?.close());

  it('posts the body as JSON with a timestamp and an HMAC the receiver can recompute', async () => {
    const body = '{"id":"e1"}';
    const r = await webhookSender().send(url, 'k3y', body, 1_704_067_200_999);
    expect(r).toEqual({ ok: true, status: 204, error: null, retryable: false });
    const h = got.at(-1)!;
    expect(h.body).toBe(body);
    expect(h.headers['content-type']).toBe('application/json');
    expect(h.headers['x-cascade-timestamp']).toBe('1704067200');
    expect(h.headers['x-cascade-signature']).toBe(`sha256=${createHmac('sha256', 'k3y').update(`1704067200.${body}`).digest('hex')}`);
  });

  it('classifies a 503 with Retry-After as retryable and a 400 as final', async () => {
    reply = { status: 503, headers: { 'retry-after': '2' }, body: 'down' };
    expect(await webhookSender().send(url, 'k', '{}', 0)).toEqual({ ok: false, status: 503, error: 'HTTP 503: down', retryable: true, retryAfterMs: 2000 });
    reply = { status: 400, body: 'bad' };
    expect(await webhookSender().send(url, 'k', '{}', 0)).toMatchObject({ ok: false, status: 400, retryable: false });
    reply = { status: 204 };
  });

  it('reports a refused connection as a retryable failure without a status', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await webhookSender().send(`http://127.0.0.1:${port}/`, 'k', '{}', 0);
    expect(r.ok).toBe(false);
    expect(r.status).toBeNull();
    expect(r.retryable).toBe(true);
    expect(r.error).toContain('ECONNREFUSED');
  });
});

describe('sendWithRetries', () => {
  const fail = (retryable: boolean): HttpAttempt => ({ ok: false, status: retryable ? 500 : 400, error: 'x', retryable });
  const ok: HttpAttempt = { ok: true, status: 200, error: null, retryable: false };

  it('waits 0.5 s then 1 s between three attempts, and stops at the first success', async () => {
    const waits: number[] = [];
    const seq = [fail(true), fail(true), ok];
    const seen: number[] = [];
    const r = await sendWithRetries(5, (n) => Promise.resolve(seq[n - 1]!), { sleep: (ms) => (waits.push(ms), Promise.resolve()), now: () => 0 }, (n) => (seen.push(n), Promise.resolve()));
    expect(r).toEqual({ attempts: 3, last: ok });
    expect(waits).toEqual([500, 1000]);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up after maxAttempts, and at once on a final refusal', async () => {
    const waits: number[] = [];
    const ports = { sleep: (ms: number) => (waits.push(ms), Promise.resolve()), now: () => 0 };
    expect((await sendWithRetries(4, () => Promise.resolve(fail(true)), ports, () => Promise.resolve())).attempts).toBe(4);
    expect(waits).toEqual([500, 1000, 2000]);
    expect((await sendWithRetries(4, () => Promise.resolve(fail(false)), ports, () => Promise.resolve())).attempts).toBe(1);
  });
});
