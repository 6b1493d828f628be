import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { startStatusServer, statusHost } from './status-server.js';

let srv: Server | null = null;
afterEach(async () => {
  const s = srv;
  srv = null;
  if (s) await new Promise((r) => s.close(r));
});

const get = async (path: string) => {
  const port = (srv?.address() as AddressInfo).port;
  const r = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: r.status, body: await r.text() };
};

describe('status server', () => {
  it('answers liveness always and readiness only while ready', async () => {
    let ready = false;
    srv = await startStatusServer(0, () => ({ published: 3 }), { ready: () => ready });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(await get('/readyz')).toEqual({ status: 503, body: 'not ready' });
    ready = true;
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready' });
    expect(await get('/status')).toEqual({ status: 200, body: '{"published":3}' });
    expect((await get('/nope')).status).toBe(404);
  });

  it('is ready once listening when the service gives no readiness rule', async () => {
    srv = await startStatusServer(0, () => ({}));
    expect((await get('/readyz?probe=1')).status).toBe(200);
  });

  it('binds every interface on Cloud Run (K_SERVICE set) and loopback elsewhere', () => {
    expect(statusHost({ K_SERVICE: 'cascade-streamer' })).toBe('0.0.0.0');
    expect(statusHost({})).toBe('127.0.0.1');
  });

  it('rejects when the port is taken instead of crashing the process', async () => {
    srv = await startStatusServer(0, () => ({}));
    const port = (srv.address() as AddressInfo).port;
    await expect(startStatusServer(port, () => ({}))).rejects.toThrow(/EADDRINUSE/);
  });
});
