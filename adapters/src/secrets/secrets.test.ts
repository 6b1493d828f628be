import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainResolvers, envSecretResolver, secretEnvName, secretManagerResolver, secretResolver } from './secrets.js';

describe('secret references', () => {
  it('derive the local variable from the secret name', () => {
    expect(secretEnvName('projects/p1/secrets/ops-webhook-key/versions/3')).toBe('CASCADE_SECRET_OPS_WEBHOOK_KEY');
    expect(secretEnvName('projects/p1/secrets/tg.bot')).toBe('CASCADE_SECRET_TG_BOT');
    expect(() => secretEnvName('ops-webhook-key')).toThrow(/not a Secret Manager reference/);
  });

  it('resolve from the environment locally and name the variable when it is missing', async () => {
    const r = envSecretResolver({ CASCADE_SECRET_HOOK: 's3cr3t' });
    await expect(r.resolve('projects/p/secrets/hook/versions/latest')).resolves.toBe('s3cr3t');
    await expect(r.resolve('projects/p/secrets/other')).rejects.toThrow('export CASCADE_SECRET_OTHER');
  });

  it('never leave the environment against the emulators', async () => {
    const r = secretResolver({ FIRESTORE_EMULATOR_HOST: '127.0.0.1:8080' });
    await expect(r.resolve('projects/p/secrets/absent')).rejects.toThrow('CASCADE_SECRET_ABSENT');
  });
});

describe('Secret Manager REST path (projects.secrets.versions.access)', () => {
  let server: Server;
  let base = '';
  const seen: { url: string; auth: string | undefined }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/v1/projects/p1/secrets/hook/versions/latest:access') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'projects/123/secrets/hook/versions/7', payload: { data: Buffer.from('from-secret-manager').toString('base64'), dataCrc32c: '1' } }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: 'Secret [hook2] not found', status: 'NOT_FOUND' } }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server?.close());

  it('reads the latest version with a bearer token, decodes it, and caches it per instance', async () => {
    let now = 0;
    const r = secretManagerResolver({ baseUrl: base, accessToken: () => Promise.resolve('ya29.token'), now: () => now, ttlMs: 1000 });
    await expect(r.resolve('projects/p1/secrets/hook')).resolves.toBe('from-secret-manager');
    await expect(r.resolve('projects/p1/secrets/hook/versions/latest')).resolves.toBe('from-secret-manager');
    expect(seen).toEqual([{ url: '/v1/projects/p1/secrets/hook/versions/latest:access', auth: 'Bearer ya29.token' }]);
    now = 1000;
    await r.resolve('projects/p1/secrets/hook');
    expect(seen).toHaveLength(2);
  });

  it('reports a refusal with the status', async () => {
    const r = secretManagerResolver({ baseUrl: base, accessToken: () => Promise.resolve('t') });
    await expect(r.resolve('projects/p1/secrets/hook2')).rejects.toThrow(/HTTP 404/);
  });

  it('prefers the environment, then falls back to Secret Manager', async () => {
    const r = chainResolvers(envSecretResolver({ CASCADE_SECRET_PINNED: 'env' }), secretManagerResolver({ baseUrl: base, accessToken: () => Promise.resolve('t') }));
    await expect(r.resolve('projects/p1/secrets/pinned')).resolves.toBe('env');
    await expect(r.resolve('projects/p1/secrets/hook')).resolves.toBe('from-secret-manager');
  });
});
