import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import { FieldValue, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { ConfigStore } from '@cascade/adapters/firestore';
import {
  type AlertClass,
  AlertRoute,
  ChatLimit,
  DeliveryState,
  type MessageOf,
  NotificationChannel,
  type NotifiableEvent,
  type NotificationSettings,
  NotificationSettingsSchema,
  type RenderedEmail,
  Topic,
  chatText,
  classifyAlert,
  derivedId,
  digestEntryOf,
  isSettled,
  isThrottled,
  renderEmail,
  webhookBody,
} from '@cascade/core';
import { consume } from '../runtime/consume.js';
import { type Deps, deps } from '@cascade/adapters/firestore';
import { type MailRoute, type Mailer, mailer } from '@cascade/adapters/notify';
import { type SecretResolver, secretResolver } from '@cascade/adapters/secrets';
import { type HttpAttempt, type WebhookSender, sendWithRetries, webhookSender } from '@cascade/adapters/notify';
import { type TelegramSender, telegramApiBase, telegramSender } from '@cascade/adapters/notify';
import { type DiscordSender, discordSender } from '@cascade/adapters/notify';

type TradingEvent = MessageOf<typeof Topic.TradingEvents>;

/** How long a delivery may hold a notification before another delivery of the same event takes over. */
const CLAIM_LEASE_MS = 20_000;
/** An HTTP channel refreshes its claim at every attempt; one attempt plus the longest wait fits well inside. */
const CHANNEL_LEASE_MS = 30_000;
/** The settings schema has no attempt count for the chat channels; three tries ride out a blip. */
const CHAT_MAX_ATTEMPTS = 3;
const SETTINGS_TTL_MS = 5_000;

export const NOTIFICATIONS = 'notifications';
export const THROTTLE = 'notification_throttle';

/** Everything the alert channels need from the edge; tests build their own. */
export interface AlertPorts {
  readonly mail: Mailer | null;
  readonly secrets: SecretResolver;
  readonly webhook: WebhookSender;
  readonly telegram: TelegramSender;
  readonly discord: DiscordSender;
  /** Waits between HTTP attempts (a no-op or a recorder in tests). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Settings to use instead of `notification_settings/default` (tests). */
  readonly settings?: NotificationSettings;
}

export function defaultAlertPorts(mail: Mailer | null): AlertPorts {
  return {
    mail,
    secrets: secretResolver(),
    webhook: webhookSender(),
    telegram: telegramSender(telegramApiBase.value() || 'https://api.telegram.org'),
    discord: discordSender(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

// ---------------------------------------------------------------------------------------------
// Settings

let settingsCache = new WeakMap<Firestore, { at: number; value: NotificationSettings }>();
const stores = new WeakMap<Firestore, ConfigStore>();
const schemaDefaults = NotificationSettingsSchema.parse({});

/**
 * `notification_settings/default` validated by the core schema (an invalid edit keeps the last good
 * version and is reported by ConfigStore), cached a few seconds per instance and database.
 */
export async function loadNotificationSettings(d: Deps): Promise<NotificationSettings> {
  const now = d.clock.now();
  const hit = settingsCache.get(d.db);
  if (hit && now - hit.at < SETTINGS_TTL_MS) return hit.value;
  let store = stores.get(d.db);
  if (!store) {
    store = new ConfigStore({ db: d.db, bus: d.bus, now: () => d.clock.now(), log: d.log, component: 'notify' });
    stores.set(d.db, store);
  }
  const inEffect = await store.load<'notification_settings'>('notification_settings/default', () => schemaDefaults);
  settingsCache.set(d.db, { at: now, value: inEffect.value });
  return inEffect.value;
}

/** Tests change the settings document between cases in one process. */
export function resetNotificationSettingsCache(): void {
  settingsCache = new WeakMap();
}

/**
 * Recipients and sender: the console's lists win once the operator has set them; until then the
 * deploy-time ALERT_EMAIL_TO / ALERT_EMAIL_FROM (a seeded settings document carries the schema's
 * placeholder sender, which must not override a verified SendGrid sender).
 */
export function mailRoute(s: NotificationSettings, mail: Mailer): MailRoute {
  return { to: s.email.to.length > 0 ? s.email.to : [mail.to], from: s.email.from !== schemaDefaults.email.from ? s.email.from : mail.from };
}

// ---------------------------------------------------------------------------------------------
// Claims

type Claim = { kind: 'done' } | { kind: 'busy' } | { kind: 'claimed'; priorAttempts: number };

/** The claim rule every channel document follows: settled → done; held under a fresh lease → busy; else take it. */
function claimOf(snap: DocumentSnapshot, now: number, leaseMs: number): Claim {
  if (!snap.exists) return { kind: 'claimed', priorAttempts: 0 };
  const state = snap.get('state') as DeliveryState;
  if (isSettled(state)) return { kind: 'done' };
  if (state === DeliveryState.Pending && now - (snap.get('claimedAt') as number) < leaseMs) return { kind: 'busy' };
  return { kind: 'claimed', priorAttempts: (snap.get('attempts') as number | undefined) ?? 0 };
}

function notifiable(e: TradingEvent): e is NotifiableEvent {
  return e.type === 'order.filled' || e.type === 'order.rejected' || e.type === 'position.closed' || e.type === 'system.error' || e.type === 'config.rejected' || e.type === 'reconciliation.resolved';
}

const errText = (err: unknown): string => String((err as Error)?.message ?? err);

// ---------------------------------------------------------------------------------------------
// The email decision: route, throttle and claim in one transaction

interface EmailDecision {
  readonly route: 'immediate' | 'throttled' | 'digest';
  readonly claim: Claim;
}

/**
 * The event's `notifications/{eventId}` document records the routing decision and the email
 * delivery. The throttle window lives in `notification_throttle/{key}`, read and written in the same
 * transaction: two instances handling two warnings of one key serialise on that document, so exactly
 * one sends. The decision is made once; redeliveries read it back.
 */
async function decideEmail(e: NotifiableEvent, email: RenderedEmail, d: Deps, cls: AlertClass, s: NotificationSettings, to: string | null, now: number): Promise<EmailDecision> {
  const ref = d.db.collection(NOTIFICATIONS).doc(e.eventId);
  const thrRef = cls.throttleKey === null ? null : d.db.collection(THROTTLE).doc(derivedId('thr', cls.throttleKey));
  return d.db.runTransaction(async (tx) => {
    const [snap, thr] = await Promise.all([tx.get(ref), thrRef ? tx.get(thrRef) : Promise.resolve(null)]);
    if (snap.exists) {
      const route = ((snap.get('route') as EmailDecision['route'] | undefined) ?? 'immediate');
      const claim = claimOf(snap, now, CLAIM_LEASE_MS);
      if (claim.kind === 'claimed') tx.update(ref, { state: DeliveryState.Pending, claimedAt: now, attempts: claim.priorAttempts + 1 });
      return { route, claim };
    }
    let route: EmailDecision['route'] = cls.route === AlertRoute.Digest ? 'digest' : 'immediate';
    if (cls.route === AlertRoute.Throttle && thrRef && cls.throttleKey !== null) {
      const last = thr?.exists ? (thr.get('lastSentAt') as number) : null;
      if (isThrottled(last, now, s.warningThrottleMinutes)) {
        route = 'throttled';
        tx.update(thrRef, { suppressed: FieldValue.increment(1), lastSuppressedAt: now });
      } else {
        tx.set(thrRef, { key: cls.throttleKey, lastSentAt: now, lastEventId: e.eventId, suppressed: 0 });
      }
    }
    const base = {
      eventId: e.eventId,
      eventType: e.type,
      correlationId: e.correlationId,
      channel: NotificationChannel.Email,
      severity: cls.severity,
      route,
      throttleKey: cls.throttleKey,
      subject: email.subject,
      text: email.text,
      html: email.html,
      to,
      occurredAt: e.tsEvent,
      createdAt: now,
      attempts: 1,
    };
    if (route === 'immediate') {
      tx.create(ref, { ...base, state: DeliveryState.Pending, claimedAt: now });
      return { route, claim: { kind: 'claimed', priorAttempts: 0 } };
    }
    // Queued (info) and throttled (warning) events wait for the digest, which reads `digest`.
    tx.create(ref, { ...base, state: route === 'digest' ? DeliveryState.Queued : DeliveryState.Throttled, digestState: 'pending', digestId: null, digest: digestEntryOf(e) });
    return { route, claim: { kind: 'done' } };
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP channels: webhook, Telegram, Discord

export interface HttpDelivery {
  readonly docId: string;
  readonly channel: NotificationChannel;
  /** What the record names as the destination; never a credential (Discord's URL is one). */
  readonly target: string;
  readonly maxAttempts: number;
  readonly attempt: (n: number) => Promise<HttpAttempt>;
}

/**
 * One channel of one event: claim its own `notifications/{eventId}~{channel}` document, attempt with
 * backoff up to `maxAttempts` (counted across redeliveries), record every attempt, and after the
 * last failure publish the event to the trading.events dead-letter topic with the reason and mark
 * the document `dead_letter`. Returns an error only when another delivery holds the claim.
 */
async function deliverHttp(e: NotifiableEvent, d: Deps, ports: AlertPorts, severity: string, x: HttpDelivery): Promise<Error | null> {
  const ref = d.db.collection(NOTIFICATIONS).doc(x.docId);
  const now = d.clock.now();
  const claim = await d.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const c = claimOf(snap, now, CHANNEL_LEASE_MS);
    if (c.kind !== 'claimed') return c;
    if (snap.exists) tx.update(ref, { state: DeliveryState.Pending, claimedAt: now });
    else tx.create(ref, { eventId: e.eventId, eventType: e.type, correlationId: e.correlationId, channel: x.channel, target: x.target, severity, state: DeliveryState.Pending, claimedAt: now, attempts: 0, createdAt: now, attemptLog: [] });
    return c;
  });
  if (claim.kind === 'done') return null;
  if (claim.kind === 'busy') return new Error(`${x.channel} delivery of ${e.eventId} is held by another delivery; retrying later`);

  const prior = claim.priorAttempts;
  let result: { attempts: number; last: HttpAttempt } = { attempts: prior, last: { ok: false, status: null, error: 'attempt budget already spent', retryable: false } };
  if (prior < x.maxAttempts) {
    const r = await sendWithRetries(x.maxAttempts - prior, (n) => x.attempt(prior + n), { sleep: ports.sleep, now: () => d.clock.now() }, async (n, a) => {
      const at = d.clock.now();
      await ref.update({ attempts: prior + n, claimedAt: at, lastStatus: a.status, lastError: a.error, lastAttemptAt: at, attemptLog: FieldValue.arrayUnion({ n: prior + n, at, status: a.status, error: a.error }) });
    });
    result = { attempts: prior + r.attempts, last: r.last };
  }
  if (result.last.ok) {
    await ref.update({ state: DeliveryState.Sent, deliveredAt: d.clock.now() });
    return null;
  }
  const why = result.last.retryable ? `gave up after ${result.attempts} attempts` : `refused for good after ${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  const reason = `${x.channel} ${x.target} ${why}: ${result.last.error ?? 'unknown error'}`;
  // Publish before marking: a crash in between re-publishes (the dead-letter topic tolerates a
  // duplicate) rather than losing the dead letter.
  await d.bus.deadLetter(Topic.TradingEvents, Buffer.from(JSON.stringify(e)), reason, { eventId: e.eventId, eventType: e.type, channel: x.channel, target: x.target, attempts: String(result.attempts) });
  await ref.update({ state: DeliveryState.DeadLetter, deadLetterReason: reason, deadLetteredAt: d.clock.now() });
  d.log(`notify: dead-lettered ${e.eventId}: ${reason}`);
  return null;
}

/** The secret is part of the attempt: a Secret Manager blip is retried like a receiver's. */
async function withSecret(ports: AlertPorts, ref: string, use: (secret: string) => Promise<HttpAttempt>): Promise<HttpAttempt> {
  let secret: string;
  try {
    secret = await ports.secrets.resolve(ref);
  } catch (err) {
    return { ok: false, status: null, error: `secret: ${errText(err)}`, retryable: true };
  }
  return use(secret);
}

/** Telegram and Discord deliveries for one text (an alert or a digest), when enabled in the settings. */
export function chatDeliveries(s: NotificationSettings, ports: AlertPorts, idPrefix: string, textFor: (limit: number) => string): HttpDelivery[] {
  const out: HttpDelivery[] = [];
  const tg = s.telegram;
  if (tg?.enabled) {
    out.push({ docId: `${idPrefix}~telegram`, channel: NotificationChannel.Telegram, target: `chat ${tg.chatId}`, maxAttempts: CHAT_MAX_ATTEMPTS, attempt: () => withSecret(ports, tg.botTokenSecretRef, (token) => ports.telegram.send(token, tg.chatId, textFor(ChatLimit.Telegram))) });
  }
  const dc = s.discord;
  if (dc?.enabled) {
    out.push({ docId: `${idPrefix}~discord`, channel: NotificationChannel.Discord, target: 'discord webhook', maxAttempts: CHAT_MAX_ATTEMPTS, attempt: () => withSecret(ports, dc.webhookUrlSecretRef, (url) => ports.discord.send(url, textFor(ChatLimit.Discord))) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// notify

/**
 * notify: fills, closes, refusals, errors and refused config edits → alerts (§2.2.0.2, issue 6.5).
 * Critical events are emailed at once; warnings too unless one of the same key went out within
 * `warningThrottleMinutes` (then recorded `throttled` and counted in the next digest); info events
 * are `queued` for the digest (`runDigest`). Telegram and Discord, when enabled, get what is sent at
 * once; webhooks get every event of their configured severities except throttled warnings.
 *
 * Each channel claims its own `notifications` document in a transaction before sending, so two
 * concurrent deliveries of one event send once per channel, and a redelivered event skips what is
 * settled. An email send failure is recorded and thrown (Pub/Sub retries it); HTTP channels retry
 * in-process and end `sent` or `dead_letter`.
 */
export async function notifyEvent(e: TradingEvent, d: Deps, mail: Mailer | null, overrides: Partial<Omit<AlertPorts, 'mail'>> = {}): Promise<void> {
  if (!notifiable(e)) return;
  const ports = alertPorts(mail, overrides);
  const s = ports.settings ?? (await loadNotificationSettings(d));
  const cls = classifyAlert(e);
  const emailOn = s.email.enabled && mail !== null;
  const route = emailOn && mail ? mailRoute(s, mail) : null;
  const email = renderEmail(e);
  const decision = await decideEmail(e, email, d, cls, s, route ? route.to.join(', ') : null, d.clock.now());
  // A concurrent duplicate holds the claim: retry later rather than acknowledge, so that if its
  // holder dies mid-send this message still gets the alert out once the lease expires.
  if (decision.claim.kind === 'busy') throw new Error(`notification ${e.eventId} is being sent by another delivery; retrying later`);

  const errors: Error[] = [];
  const ref = d.db.collection(NOTIFICATIONS).doc(e.eventId);
  if (decision.claim.kind === 'claimed') {
    if (!emailOn || !mail || !route) {
      await ref.update({ state: DeliveryState.Stored, deliveredAt: d.clock.now() });
      d.log(`notify: ${email.subject} (stored in notifications/${e.eventId}; ${s.email.enabled ? 'set SENDGRID_API_KEY to email it' : 'email is switched off in notification_settings/default'})`);
    } else {
      try {
        await mail.send(email, route);
        await ref.update({ state: DeliveryState.Sent, deliveredAt: d.clock.now() });
      } catch (err) {
        await ref.update({ state: DeliveryState.Failed, error: errText(err) });
        errors.push(err instanceof Error ? err : new Error(errText(err)));
      }
    }
  }

  if (decision.route !== 'throttled') {
    const deliveries: HttpDelivery[] = [];
    if (decision.route === 'immediate') deliveries.push(...chatDeliveries(s, ports, e.eventId, (limit) => chatText(email, limit)));
    const body = webhookBody(e, email, cls.severity);
    for (const w of s.webhooks) {
      if (!w.severities.includes(cls.severity)) continue;
      deliveries.push({ docId: `${e.eventId}~${derivedId('wh', w.url)}`, channel: NotificationChannel.Webhook, target: w.url, maxAttempts: w.maxAttempts, attempt: () => withSecret(ports, w.secretRef, (secret) => ports.webhook.send(w.url, secret, body, d.clock.now())) });
    }
    const results = await Promise.all(deliveries.map((x) => deliverHttp(e, d, ports, cls.severity, x).catch((err: unknown) => (err instanceof Error ? err : new Error(errText(err))))));
    for (const r of results) if (r) errors.push(r);
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new Error(errors.map((x) => x.message).join('; '));
}

/** This instance's ports (built once), with the given mailer and any overrides. */
export function alertPorts(mail: Mailer | null, overrides: Partial<Omit<AlertPorts, 'mail'>> = {}): AlertPorts {
  instancePorts ??= defaultAlertPorts(null);
  return { ...instancePorts, ...overrides, mail };
}

// Resolved once per instance: secrets are bound at deploy and do not change under a running instance.
let instanceMailer: { mail: Mailer | null } | null = null;
let instancePorts: AlertPorts | null = null;

/** The mailer of this instance (SENDGRID_API_KEY is bound at deploy). */
export function instanceMail(): Mailer | null {
  instanceMailer ??= { mail: mailer() };
  return instanceMailer.mail;
}

export const handleTradingEvent = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  const mail = instanceMail();
  return consume(Topic.TradingEvents, event, d, (m) => notifyEvent(m, d, mail));
};
