import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Message, PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { ManualClock, type NotifiableEvent, Topic, deadLetterTopicOf, derivedId } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { notifyEvent } from '../../functions/src/notify/notify.js';
import { resetNotificationSettingsCache } from '../../functions/src/notify/settings.js';
import { envSecretResolver } from '../../adapters/src/secrets/secrets.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { uniqueProjectId } from '../support/stack-harness.js';

/** A Slack-style hook whose URL is the credential: it lives in a secret (HOOK_URL), never in config. */
const SECRET_URL_PATH = '/secret-url?token=T0k3n-in-the-url';
const SECRETS: Record<string, string> = { CASCADE_SECRET_HOOK_ALL: 'whsec-all-1f2e3d', CASCADE_SECRET_HOOK_CRIT: 'whsec-crit-9a8b', CASCADE_SECRET_HOOK_FLAKY: 'whsec-flaky-77', CASCADE_SECRET_HOOK_DOWN: 'whsec-down-00', CASCADE_SECRET_HOOK_SIGNED: 'whsec-signed-42' };
const secretOf: Record<string, string> = { '/all': 'whsec-all-1f2e3d', '/critical': 'whsec-crit-9a8b', '/flaky': 'whsec-flaky-77', '/down': 'whsec-down-00', [SECRET_URL_PATH]: 'whsec-signed-42' };

interface Hit {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  status: number;
}

/**
 * A webhook receiver as a customer would write it: recompute HMAC-SHA256 over "<timestamp>.<raw body>"
 * with its own key (node:crypto, not Cascade's code), compare in constant time, refuse stale
 * timestamps; 401 when the check fails. `/flaky` answers 503 twice then 200, `/down` always 500.
 */
function receiver(): Promise<{ server: Server; url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const flakyCalls = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '';
      const ts = String(req.headers['x-cascade-timestamp'] ?? '');
      const sig = String(req.headers['x-cascade-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', secretOf[path] ?? '').update(`${ts}.${body}`).digest('hex')}`;
      const fresh = /^\d+$/.test(ts) && Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      const verified = fresh && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
      let status = verified ? 200 : 401;
      if (verified && path === '/flaky') {
        const id = (JSON.parse(body) as { id: string }).id;
        const n = (flakyCalls.get(id) ?? 0) + 1;
        flakyCalls.set(id, n);
        status = n <= 2 ? 503 : 200;
      }
      if (verified && path === '/down') status = 500;
      hits.push({ path, headers: req.headers, body, verified, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : status === 401 ? 'bad signature' : 'unavailable');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hits })));
}

const T0 = Date.now();
const env = (id: string) => ({ eventId: id, tsEvent: T0, tsInit: T0, correlationId: id, causationId: null });
const critical = (id: string): NotifiableEvent => ({ ...env(id), type: 'system.error', payload: { component: 'reconciliation', error: 'venue shows 0.5 BTC, orders say 0.4 BTC', critical: true } });
const fill = (id: string): NotifiableEvent => ({ ...env(id), type: 'order.filled', payload: { clientOrderId: `cx-${id}`, positionId: `cx-${id}`, symbol: 'XYZ/USDT', exchange: 'planted', intent: 'open', side: 'buy', price: '100.1', amount: '0.99', fee: '0.099099', feeCurrency: 'USDT', venue: 'paper' } });
const warning = (id: string): NotifiableEvent => ({ ...env(id), type: 'order.rejected', payload: { clientOrderId: `cx-${id}`, signalId: 's', symbol: 'XYZ/USDT', handler: 'sanity', reason: 'notional below minimum' } });

describe('webhooks: signed POSTs, retries with backoff, dead letters', () => {
  let app: App;
  let d: Deps;
  let pubsub: PubSub;
  let rx: Awaited<ReturnType<typeof receiver>>;
  const waits: number[] = [];
  const dlq: Message[] = [];
  const ports = () => ({ secrets: envSecretResolver(SECRETS), sleep: (ms: number) => (waits.push(ms), Promise.resolve()) });
  const docOf = (eventId: string, path: string) => d.db.collection('notifications').doc(`${eventId}~${derivedId('wh', `${rx.url}${path}`)}`).get();

  beforeAll(async () => {
    rx = await receiver();
    const projectId = uniqueProjectId('hooks');
    app = initializeApp({ projectId }, projectId);
    pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    const [topic] = await pubsub.createTopic(deadLetterTopicOf(Topic.TradingEvents));
    const [sub] = await topic.createSubscription('dlq-watch');
    sub.on('message', (m: Message) => {
      dlq.push(m);
      m.ack();
    });
    d = { db: getFirestore(app), bus: new BusPublisher(pubsub), clock: new ManualClock(T0), log: () => undefined };
    const hook = (path: string, name: string, extra: Record<string, unknown> = {}) => ({ url: `${rx.url}${path}`, secretRef: `projects/${projectId}/secrets/${name}/versions/latest`, ...extra });
    SECRETS.CASCADE_SECRET_HOOK_URL = `${rx.url}${SECRET_URL_PATH}`;
    const secretUrlHook = { urlSecretRef: `projects/${projectId}/secrets/hook-url/versions/latest`, secretRef: `projects/${projectId}/secrets/hook-signed/versions/latest`, severities: ['critical'] };
    await d.db.doc('notification_settings/default').set({
      email: { enabled: false },
      webhooks: [hook('/all', 'hook-all'), hook('/critical', 'hook-crit', { severities: ['critical'] }), hook('/flaky', 'hook-flaky', { severities: ['critical'], maxAttempts: 5 }), hook('/down', 'hook-down', { severities: ['critical'], maxAttempts: 3 }), secretUrlHook],
    });
    resetNotificationSettingsCache();
  });
  afterAll(async () => {
    rx?.server.close();
    await pubsub?.subscription('dlq-watch').close().catch(() => undefined);
    if (app) await deleteApp(app);
  });

  it('delivers a critical event to every endpoint with a signature the receiver verifies', async () => {
    await notifyEvent(critical('hook-crit-1'), d, null, ports());
    const byPath = (p: string) => rx.hits.filter((h) => h.path === p);
    expect(byPath('/all')).toHaveLength(1);
    expect(byPath('/critical')).toHaveLength(1);
    for (const h of rx.hits) expect(h.verified).toBe(true);
    const body = JSON.parse(byPath('/all')[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'hook-crit-1', type: 'system.error', severity: 'critical', subject: '[Cascade] CRITICAL in reconciliation', payload: { component: 'reconciliation', critical: true } });
    expect(body.occurredAt).toBe(new Date(T0).toISOString());
    expect((await docOf('hook-crit-1', '/all')).data()).toMatchObject({ channel: 'webhook', state: 'sent', attempts: 1, target: `${rx.url}/all`, severity: 'critical' });
  });

  it('delivers to a URL held in Secret Manager (urlSecretRef) and never writes that URL down', async () => {
    const hits = rx.hits.filter((h) => h.path === SECRET_URL_PATH);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.verified).toBe(true);
    const snap = await d.db.collection('notifications').where('channel', '==', 'webhook').get();
    const docs = snap.docs.map((x) => JSON.stringify(x.data()));
    expect(docs.some((x) => x.includes('URL in secret projects/'))).toBe(true);
    expect(docs.some((x) => x.includes('T0k3n-in-the-url'))).toBe(false);
  });

  it('retries a receiver that fails twice and records the 3 attempts', async () => {
    const flaky = rx.hits.filter((h) => h.path === '/flaky');
    expect(flaky.map((h) => h.status)).toEqual([503, 503, 200]);
    // Each attempt is signed afresh, and every one verified.
    expect(flaky.every((h) => h.verified)).toBe(true);
    const doc = (await docOf('hook-crit-1', '/flaky')).data()!;
    expect(doc).toMatchObject({ state: 'sent', attempts: 3, lastStatus: 200 });
    expect((doc.attemptLog as { n: number; status: number }[]).map((a) => [a.n, a.status])).toEqual([[1, 503], [2, 503], [3, 200]]);
  });

  it('dead-letters a receiver that always fails after maxAttempts, with the reason, on the trading.events dead-letter topic', async () => {
    expect(rx.hits.filter((h) => h.path === '/down').map((h) => h.status)).toEqual([500, 500, 500]);
    const doc = (await docOf('hook-crit-1', '/down')).data()!;
    expect(doc).toMatchObject({ state: 'dead_letter', attempts: 3, lastStatus: 500 });
    expect(doc.deadLetterReason).toBe(`webhook ${rx.url}/down gave up after 3 attempts: HTTP 500: unavailable`);
    const deadline = Date.now() + 20_000;
    while (dlq.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(dlq).toHaveLength(1);
    const m = dlq[0]!;
    expect(m.attributes).toMatchObject({ sourceTopic: Topic.TradingEvents, channel: 'webhook', eventId: 'hook-crit-1', target: `${rx.url}/down`, attempts: '3', reason: doc.deadLetterReason as string });
    expect((JSON.parse(m.data.toString()) as { eventId: string }).eventId).toBe('hook-crit-1');
  });

  it('waited with exponential backoff between attempts (0.5 s, 1 s), through the injected sleep', () => {
    // Two concurrent endpoints each waited 0.5 s then 1 s: /flaky (3 attempts) and /down (3 attempts).
    expect([...waits].sort((a, b) => a - b)).toEqual([500, 500, 1000, 1000]);
  });

  it('sends nothing again when the event is redelivered', async () => {
    const n = rx.hits.length;
    await notifyEvent(critical('hook-crit-1'), d, null, ports());
    expect(rx.hits.length).toBe(n);
    expect(dlq).toHaveLength(1);
  });

  it('a receiver refuses a tampered body or a forged signature', async () => {
    const genuine = rx.hits.find((h) => h.path === '/all')!;
    const post = (body: string, sig: string) =>
      fetch(`${rx.url}/all`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-cascade-timestamp': String(genuine.headers['x-cascade-timestamp']), 'x-cascade-signature': sig } });
    const sig = String(genuine.headers['x-cascade-signature']);
    expect((await post(genuine.body, sig)).status).toBe(200); // the same bytes still verify (replays are bounded by the timestamp)
    expect((await post(genuine.body.replace('"critical":true', '"critical":false'), sig)).status).toBe(401);
    expect((await post(genuine.body, `sha256=${'0'.repeat(64)}`)).status).toBe(401);
  });

  it('sends each endpoint only the severities it asked for, info at once, and no throttled warning', async () => {
    const before = rx.hits.length;
    await notifyEvent(fill('hook-fill-1'), d, null, ports());
    const hits = rx.hits.slice(before);
    expect(hits.map((h) => h.path)).toEqual(['/all']);
    expect(JSON.parse(hits[0]!.body)).toMatchObject({ id: 'hook-fill-1', severity: 'info', type: 'order.filled' });

    const b2 = rx.hits.length;
    await notifyEvent(warning('hook-warn-1'), d, null, ports());
    await notifyEvent(warning('hook-warn-2'), d, null, ports()); // same key, inside the window: throttled
    expect(rx.hits.slice(b2).map((h) => JSON.parse(h.body).id as string)).toEqual(['hook-warn-1']);
    expect((await d.db.collection('notifications').doc('hook-warn-2').get()).get('state')).toBe('throttled');
  });
});
