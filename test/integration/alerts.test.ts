import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { ManualClock, type NotifiableEvent } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { notifyEvent } from '../../functions/src/notify/notify.js';
import { resetNotificationSettingsCache } from '../../functions/src/notify/settings.js';
import { DIGESTS, runDigest } from '../../functions/src/notify/digest.js';
import { mailerFromParams } from '../../functions/src/notify/alert-ports.js';
import { envSecretResolver } from '../../adapters/src/secrets/secrets.js';
import { telegramSender } from '../../adapters/src/notify/telegram-sender.js';
import { discordSender } from '../../adapters/src/notify/discord-sender.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { uniqueProjectId } from '../support/stack-harness.js';

interface Mail {
  url: string;
  auth: string | undefined;
  body: { personalizations: { to: { email: string }[] }[]; from: { email: string }; subject: string; content: { type: string; value: string }[] };
}

/** A local server implementing SendGrid v3 `POST /v3/mail/send` (202, empty body); `status` decides each answer. */
function fakeSendGrid(status: () => number): Promise<{ server: Server; url: string; received: Mail[] }> {
  const received: Mail[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const s = status();
      if (s === 202) received.push({ url: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(data) as Mail['body'] });
      res.writeHead(s, { 'content-type': 'application/json' }).end(s === 202 ? '' : JSON.stringify({ errors: [{ message: 'Internal error', field: null }] }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received })));
}

/** One server playing the Telegram Bot API (`/bot<token>/sendMessage`) and a Discord webhook (`/api/webhooks/...`). */
function fakeChats(): Promise<{ server: Server; url: string; telegram: { url: string; text: string }[]; discord: { url: string; content: string }[] }> {
  const telegram: { url: string; text: string }[] = [];
  const discord: { url: string; content: string }[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(data) as { text?: string; content?: string };
      if (req.url?.startsWith('/bot')) {
        telegram.push({ url: req.url, text: body.text ?? '' });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"result":{"message_id":1}}');
      } else {
        discord.push({ url: req.url ?? '', content: body.content ?? '' });
        res.writeHead(204).end();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, telegram, discord })));
}

const T0 = Date.UTC(2024, 0, 1, 10, 5);
const env = (id: string, ts = T0) => ({ eventId: id, tsEvent: ts, tsInit: ts, correlationId: id, causationId: null });
const critical = (id: string): NotifiableEvent => ({ ...env(id), type: 'system.error', payload: { component: 'data_connection', error: 'binance websocket closed (1006) and 5 reconnects failed', critical: false } });
const refused = (id: string, symbol: string, handler = 'existing_position'): NotifiableEvent => ({ ...env(id), type: 'order.rejected', payload: { clientOrderId: `cx-${id}`, signalId: `sig-${id}`, symbol, handler, reason: `a position on ${symbol} is already open` } });
const fill = (id: string, ts: number): NotifiableEvent => ({ ...env(id, ts), type: 'order.filled', payload: { clientOrderId: `cx-${id}`, positionId: `cx-${id}`, symbol: 'XYZ/USDT', exchange: 'planted', intent: 'open', side: 'buy', price: '100.1', amount: '0.99', fee: '0.099099', feeCurrency: 'USDT', venue: 'paper' } });
const close = (id: string, ts: number, pnl: string): NotifiableEvent => ({ ...env(id, ts), type: 'position.closed', payload: { positionId: `cx-${id}`, symbol: 'XYZ/USDT', exchange: 'planted', side: 'long', entryPrice: '100.1', exitPrice: '101.6', amount: '0.99', fees: '0.2', pnl, pnlPct: 1.2, reason: 'trailing_stop', openedAt: ts - 60_000, closedAt: ts } });

interface Ctx {
  app: App;
  d: Deps;
  clock: ManualClock;
}

async function context(tag: string, settings: Record<string, unknown>): Promise<Ctx> {
  const projectId = uniqueProjectId(tag);
  const app = initializeApp({ projectId }, projectId);
  const clock = new ManualClock(T0);
  const d: Deps = { db: getFirestore(app), bus: new BusPublisher(new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true })), clock, log: () => undefined };
  // The console document, read through ConfigStore like in production.
  await d.db.doc('notification_settings/default').set(settings);
  resetNotificationSettingsCache();
  return { app, d, clock };
}

const noWait = { sleep: () => Promise.resolve() };

describe('alert routing by severity, with the real @sendgrid/mail client', () => {
  let sg: Awaited<ReturnType<typeof fakeSendGrid>>;
  let status = 202;
  let c: Ctx;
  beforeAll(async () => {
    sg = await fakeSendGrid(() => status);
    process.env.SENDGRID_API_KEY = 'SG.alerts-key';
    process.env.SENDGRID_BASE_URL = sg.url;
    process.env.ALERT_EMAIL_TO = 'fallback@example.org';
    process.env.ALERT_EMAIL_FROM = 'alerts@example.org';
    c = await context('alerts', { email: { to: ['ops@example.org', 'desk@example.org'] }, warningThrottleMinutes: 15, digestMinutes: 60 });
  });
  afterAll(async () => {
    delete process.env.SENDGRID_API_KEY;
    delete process.env.SENDGRID_BASE_URL;
    sg?.server.close();
    if (c) await deleteApp(c.app);
  });

  it('emails a critical event at once, to the console’s recipients', async () => {
    await notifyEvent(critical('crit-1'), c.d, mailerFromParams(), noWait);
    expect(sg.received).toHaveLength(1);
    const m = sg.received[0]!;
    expect(m.url).toBe('/v3/mail/send');
    expect(m.auth).toBe('Bearer SG.alerts-key');
    expect(m.body.subject).toBe('[Cascade] CRITICAL in data_connection');
    expect(m.body.personalizations[0]?.to.map((t) => t.email)).toEqual(['ops@example.org', 'desk@example.org']);
    expect(m.body.from.email).toBe('alerts@example.org'); // the seeded placeholder sender does not override the deploy-time one
    const doc = await c.d.db.collection('notifications').doc('crit-1').get();
    expect(doc.data()).toMatchObject({ state: 'sent', route: 'immediate', severity: 'critical', channel: 'email', attempts: 1, to: 'ops@example.org, desk@example.org' });
  });

  it('emails the first of two warnings of one type in the window and records the second as throttled', async () => {
    const before = sg.received.length;
    await notifyEvent(refused('warn-1', 'XYZ/USDT'), c.d, mailerFromParams(), noWait);
    c.clock.advance(60_000);
    await notifyEvent(refused('warn-2', 'ABC/USDT'), c.d, mailerFromParams(), noWait);
    expect(sg.received.length - before).toBe(1);
    expect(sg.received.at(-1)!.body.subject).toBe('[Cascade] Order refused for XYZ/USDT: existing_position');
    const w2 = await c.d.db.collection('notifications').doc('warn-2').get();
    expect(w2.data()).toMatchObject({ state: 'throttled', route: 'throttled', throttleKey: 'order.rejected:existing_position', digestState: 'pending', digestId: null });
    // A warning of another key is not held back by this one.
    await notifyEvent(refused('warn-3', 'XYZ/USDT', 'sanity'), c.d, mailerFromParams(), noWait);
    expect(sg.received.length - before).toBe(2);
    // Redelivering the throttled one changes nothing.
    await notifyEvent(refused('warn-2', 'ABC/USDT'), c.d, mailerFromParams(), noWait);
    expect(sg.received.length - before).toBe(2);
  });

  it('lets the next warning of the key through once the window has passed', async () => {
    c.clock.advance(15 * 60_000);
    const before = sg.received.length;
    await notifyEvent(refused('warn-4', 'DEF/USDT'), c.d, mailerFromParams(), noWait);
    expect(sg.received.length - before).toBe(1);
    expect((await c.d.db.collection('notifications').doc('warn-4').get()).get('state')).toBe('sent');
  });

  it('sends one email when two instances handle two warnings of a new key at the same moment', async () => {
    const before = sg.received.length;
    await Promise.all([notifyEvent(refused('race-1', 'AAA/USDT', 'risk'), c.d, mailerFromParams(), noWait), notifyEvent(refused('race-2', 'BBB/USDT', 'risk'), c.d, mailerFromParams(), noWait)]);
    expect(sg.received.length - before).toBe(1);
    const states = await Promise.all(['race-1', 'race-2'].map(async (id) => (await c.d.db.collection('notifications').doc(id).get()).get('state') as string));
    expect(states.sort()).toEqual(['sent', 'throttled']);
  });

  it('queues info events without sending anything, then runDigest sends one digest email and marks them sent', async () => {
    const before = sg.received.length;
    c.clock.set(Date.UTC(2024, 0, 1, 10, 40));
    await notifyEvent(fill('fill-1', Date.UTC(2024, 0, 1, 10, 39)), c.d, mailerFromParams(), noWait);
    await notifyEvent(close('close-1', Date.UTC(2024, 0, 1, 10, 45), '1.5'), c.d, mailerFromParams(), noWait);
    c.clock.set(Date.UTC(2024, 0, 1, 10, 50));
    await notifyEvent(close('close-2', Date.UTC(2024, 0, 1, 10, 50), '-0.25'), c.d, mailerFromParams(), noWait);
    expect(sg.received.length).toBe(before);
    expect((await c.d.db.collection('notifications').doc('fill-1').get()).get('state')).toBe('queued');

    // Before the window closes: nothing to send yet (the 10:00 window had no info events).
    const early = await runDigest(c.d, Date.UTC(2024, 0, 1, 10, 55), mailerFromParams(), noWait);
    expect(early.state).toBe('empty');
    expect(sg.received.length).toBe(before);

    const r = await runDigest(c.d, Date.UTC(2024, 0, 1, 11, 0, 4), mailerFromParams(), noWait);
    expect(r).toMatchObject({ digestId: 'digest-2024-01-01T11:00:00Z', state: 'sent', entries: 3, throttled: 2 });
    expect(sg.received.length - before).toBe(1);
    const m = sg.received.at(-1)!;
    // 1.5 + (−0.25) = 1.25; throttled: warn-2 and one of race-1/race-2.
    expect(m.body.subject).toBe('[Cascade] Digest 2024-01-01 10:00–11:00 UTC: 1 fill, 2 closes, P&L +1.25 USDT, 2 warnings held back');
    expect(m.body.content.map((x) => x.type)).toEqual(['text/plain', 'text/html']);
    expect(m.body.content[1]!.value).toContain('<meta name="viewport"');
    for (const id of ['fill-1', 'close-1', 'close-2']) {
      const doc = await c.d.db.collection('notifications').doc(id).get();
      expect(doc.data()).toMatchObject({ state: 'sent', digestId: 'digest-2024-01-01T11:00:00Z', digestState: 'done' });
    }
    const w2 = await c.d.db.collection('notifications').doc('warn-2').get();
    expect(w2.data()).toMatchObject({ state: 'throttled', digestId: 'digest-2024-01-01T11:00:00Z', digestState: 'done' });

    // A retried or repeated run of the same window sends nothing more.
    const again = await runDigest(c.d, Date.UTC(2024, 0, 1, 11, 5), mailerFromParams(), noWait);
    expect(again.state).toBe('done');
    expect(sg.received.length - before).toBe(1);
  });

  it('retries a digest whose send failed on the next run, and two concurrent runs send it once', async () => {
    c.clock.set(Date.UTC(2024, 0, 1, 11, 10));
    await notifyEvent(fill('fill-2', Date.UTC(2024, 0, 1, 11, 10)), c.d, mailerFromParams(), noWait);
    const before = sg.received.length;
    status = 500;
    await expect(runDigest(c.d, Date.UTC(2024, 0, 1, 12, 0, 1), mailerFromParams(), noWait)).rejects.toThrow(/not delivered/);
    const dig = await c.d.db.collection(DIGESTS).doc('digest-2024-01-01T12:00:00Z').get();
    expect(dig.data()).toMatchObject({ state: 'failed', itemIds: ['fill-2'], deliveries: { email: { state: 'failed', attempts: 1 } } });
    expect((await c.d.db.collection('notifications').doc('fill-2').get()).get('digestState')).toBe('claimed');

    status = 202;
    const [a, b] = await Promise.all([runDigest(c.d, Date.UTC(2024, 0, 1, 12, 5), mailerFromParams(), noWait), runDigest(c.d, Date.UTC(2024, 0, 1, 12, 5), mailerFromParams(), noWait)]);
    // One run takes the failed digest over and sends it; the other finds it held (busy) or already sent (done).
    expect([a.state, b.state].filter((x) => x === 'sent')).toHaveLength(1);
    expect([a.state, b.state].filter((x) => x !== 'sent')[0]).toMatch(/^(busy|done)$/);
    expect(sg.received.length - before).toBe(1);
    expect(sg.received.at(-1)!.body.subject).toContain('1 fill, 0 closes');
    const doc = await c.d.db.collection('notifications').doc('fill-2').get();
    expect(doc.data()).toMatchObject({ state: 'sent', digestId: 'digest-2024-01-01T12:00:00Z', digestState: 'done' });
    expect((await c.d.db.collection(DIGESTS).doc('digest-2024-01-01T12:00:00Z').get()).get('deliveries.email')).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('Telegram and Discord as optional channels', () => {
  let chats: Awaited<ReturnType<typeof fakeChats>>;
  let c: Ctx;
  beforeAll(async () => {
    chats = await fakeChats();
    c = await context('chats', {
      email: { enabled: false },
      telegram: { enabled: true, botTokenSecretRef: 'projects/demo-x/secrets/tg-bot/versions/latest', chatId: '-100777' },
      discord: { enabled: true, webhookUrlSecretRef: 'projects/demo-x/secrets/discord-hook' },
    });
  });
  afterAll(async () => {
    chats?.server.close();
    if (c) await deleteApp(c.app);
  });

  const ports = () => ({
    ...noWait,
    secrets: envSecretResolver({ CASCADE_SECRET_TG_BOT: '42:tg-secret', CASCADE_SECRET_DISCORD_HOOK: `${chats.url}/api/webhooks/9/dc-secret` }),
    telegram: telegramSender(chats.url),
    discord: discordSender(),
  });

  it('get a critical alert at once, each recorded in notifications with its channel', async () => {
    await notifyEvent(critical('chat-crit'), c.d, null, ports());
    expect(chats.telegram).toEqual([{ url: '/bot42:tg-secret/sendMessage', text: expect.stringContaining('Cascade: CRITICAL in data_connection') as unknown as string }]);
    expect(chats.discord).toHaveLength(1);
    expect(chats.discord[0]!.url).toBe('/api/webhooks/9/dc-secret');
    const tg = await c.d.db.collection('notifications').doc('chat-crit~telegram').get();
    expect(tg.data()).toMatchObject({ channel: 'telegram', state: 'sent', attempts: 1, target: 'chat -100777' });
    const dc = await c.d.db.collection('notifications').doc('chat-crit~discord').get();
    expect(dc.data()).toMatchObject({ channel: 'discord', state: 'sent', target: 'discord webhook' });
    expect(JSON.stringify(dc.data())).not.toContain('dc-secret');
    // Email is switched off in the console: the alert is stored, not mailed.
    expect((await c.d.db.collection('notifications').doc('chat-crit').get()).get('state')).toBe('stored');
  });

  it('get info events only through the digest', async () => {
    c.clock.set(Date.UTC(2024, 0, 1, 10, 20));
    await notifyEvent(fill('chat-fill', Date.UTC(2024, 0, 1, 10, 20)), c.d, null, ports());
    expect(chats.telegram).toHaveLength(1);
    const r = await runDigest(c.d, Date.UTC(2024, 0, 1, 11, 0), null, ports());
    expect(r.state).toBe('sent');
    expect(chats.telegram).toHaveLength(2);
    expect(chats.telegram[1]!.text).toMatch(/^Cascade: Digest 2024-01-01 10:00–11:00 UTC: 1 fill, 0 closes\n\n/);
    expect(chats.discord[1]!.content).toContain('Paper fill BUY 0.99 XYZ/USDT @ 100.1 (open)');
    expect((await c.d.db.collection('notifications').doc('chat-fill').get()).get('state')).toBe('sent');
  });
});
