import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { OrderRejected } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { notifyEvent } from '../../functions/src/notify/notify.js';
import { mailerFromParams } from '../../functions/src/notify/alert-ports.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { uniqueProjectId } from '../support/stack-harness.js';

interface Received {
  method: string;
  url: string;
  auth: string | undefined;
  body: { personalizations: { to: { email: string }[] }[]; from: { email: string }; subject: string; content: { type: string; value: string }[] };
}

/** A local server implementing SendGrid v3 `POST /v3/mail/send`: 202 with an empty body on success. */
function fakeSendGrid(status: () => number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data || '{}') as Received['body'] });
      const s = status();
      res.writeHead(s, { 'content-type': 'application/json' }).end(s === 202 ? '' : JSON.stringify({ errors: [{ message: 'The from address does not match a verified Sender Identity.', field: 'from' }] }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received })));
}

/**
 * A venue refusal: critical, so it is emailed at once (fills go to the digest since issue 6; see
 * test/integration/alerts.test.ts).
 */
const failed = (eventId: string): OrderRejected => ({
  type: 'order.rejected',
  eventId,
  tsEvent: Date.UTC(2024, 0, 1, 0, 16, 20),
  tsInit: Date.now(),
  correlationId: 'c1',
  causationId: 's1',
  payload: { clientOrderId: 'cx-1', signalId: 's1', symbol: 'XYZ/USDT', handler: 'venue', reason: 'InsufficientFunds: Account has insufficient balance for requested action.' },
});

describe('notify sends with the real @sendgrid/mail client when SENDGRID_API_KEY is set', () => {
  let app: App;
  let d: Deps;
  let sg: Awaited<ReturnType<typeof fakeSendGrid>>;
  let nextStatus = 202;
  beforeAll(async () => {
    const projectId = uniqueProjectId('mail');
    app = initializeApp({ projectId }, projectId);
    d = { db: getFirestore(app), bus: new BusPublisher(new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true })), clock: { now: () => Date.now() }, log: () => undefined };
    sg = await fakeSendGrid(() => nextStatus);
    process.env.SENDGRID_API_KEY = 'SG.test-key';
    process.env.SENDGRID_BASE_URL = sg.url;
    process.env.ALERT_EMAIL_TO = 'trader@example.org';
    process.env.ALERT_EMAIL_FROM = 'alerts@example.org';
  });
  afterAll(async () => {
    delete process.env.SENDGRID_API_KEY;
    delete process.env.SENDGRID_BASE_URL;
    sg?.server.close();
    if (app) await deleteApp(app);
  });

  it('posts the rendered email to /v3/mail/send with the key, records it as sent, and never sends it twice', async () => {
    await notifyEvent(failed('evt-mail-1'), d, mailerFromParams());
    await notifyEvent(failed('evt-mail-1'), d, mailerFromParams()); // redelivery
    expect(sg.received).toHaveLength(1);
    const r = sg.received[0]!;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/v3/mail/send');
    expect(r.auth).toBe('Bearer SG.test-key');
    expect(r.body.personalizations[0]?.to[0]?.email).toBe('trader@example.org');
    expect(r.body.from.email).toBe('alerts@example.org');
    expect(r.body.subject).toBe('[Cascade] CRITICAL: order failed for XYZ/USDT: venue');
    expect(r.body.content.map((c) => c.type)).toEqual(['text/plain', 'text/html']);
    const doc = await d.db.collection('notifications').doc('evt-mail-1').get();
    expect(doc.get('state')).toBe('sent');
    expect(doc.get('to')).toBe('trader@example.org');
  });

  it('records a refused send as failed and throws so Pub/Sub retries; the retry delivers it', async () => {
    nextStatus = 400;
    await expect(notifyEvent(failed('evt-mail-2'), d, mailerFromParams())).rejects.toThrow();
    expect((await d.db.collection('notifications').doc('evt-mail-2').get()).get('state')).toBe('failed');
    nextStatus = 202;
    await notifyEvent(failed('evt-mail-2'), d, mailerFromParams());
    const doc = await d.db.collection('notifications').doc('evt-mail-2').get();
    expect(doc.get('state')).toBe('sent');
    expect(doc.get('attempts')).toBe(2);
  });
});

describe('notify under concurrent duplicate deliveries', () => {
  it('sends one email when the same event is handled twice at once', async () => {
    const projectId = uniqueProjectId('mail2');
    const app = initializeApp({ projectId }, projectId);
    const sent: string[] = [];
    const d: Deps = { db: getFirestore(app), bus: new BusPublisher(new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true })), clock: { now: () => Date.now() }, log: () => undefined };
    const slowMail = { to: 'x@example.org', from: 'alerts@example.org', send: async (e: { subject: string }) => { await new Promise((r) => setTimeout(r, 300)); sent.push(e.subject); } };
    const results = await Promise.allSettled([notifyEvent(failed('evt-dup'), d, slowMail), notifyEvent(failed('evt-dup'), d, slowMail)]);
    expect(sent).toHaveLength(1);
    // The loser either saw the claim (and asks Pub/Sub for a retry) or, when the emulator serialised
    // the two transactions behind the send, saw it already sent.
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toContain('is being sent by another delivery');
    // The retried delivery finds it sent and does nothing.
    await notifyEvent(failed('evt-dup'), d, slowMail);
    expect(sent).toHaveLength(1);
    expect((await d.db.collection('notifications').doc('evt-dup').get()).get('attempts')).toBe(1);
    await deleteApp(app);
  });
});
