import { FieldValue } from 'firebase-admin/firestore';
import { ChatLimit, DeliveryState, type NotifiableEvent, NotificationChannel, type NotificationSettings, Topic, type WebhookTarget, derivedId } from '@cascade/core';
import { type Deps, claimLease } from '@cascade/adapters/firestore';
import { type HttpAttempt, sendWithRetries } from '@cascade/adapters/notify';
import type { AlertPorts } from './alert-ports.js';
import { CHANNEL_LEASE, NOTIFICATIONS, errText } from './notification-doc.js';

/** The settings schema has no attempt count for the chat channels; three tries ride out a blip. */
const CHAT_MAX_ATTEMPTS = 3;

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
export async function deliverHttp(e: NotifiableEvent, d: Deps, ports: AlertPorts, severity: string, x: HttpDelivery): Promise<Error | null> {
  const ref = d.db.collection(NOTIFICATIONS).doc(x.docId);
  const now = d.clock.now();
  const claim = await claimLease(d.db, ref, now, CHANNEL_LEASE, () => ({ eventId: e.eventId, eventType: e.type, correlationId: e.correlationId, channel: x.channel, target: x.target, severity, createdAt: now, attemptLog: [] }));
  if (claim.kind === 'settled') return null;
  if (claim.kind === 'busy') return new Error(`${x.channel} delivery of ${e.eventId} is held by another delivery; retrying later`);

  const prior = claim.prior;
  let result: { attempts: number; last: HttpAttempt } = { attempts: prior, last: { ok: false, status: null, error: 'attempt budget already spent', retryable: false } };
  if (prior < x.maxAttempts) {
    const r = await sendWithRetries(x.maxAttempts - prior, (n) => x.attempt(prior + n), { sleep: ports.sleep, now: () => d.clock.now() }, async (n, a) => {
      const at = d.clock.now();
      // Every attempt refreshes the claim, so a long retry sequence keeps its lease.
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
export async function withSecret(ports: AlertPorts, ref: string, use: (secret: string) => Promise<HttpAttempt>): Promise<HttpAttempt> {
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

/**
 * One webhook delivery. A URL held in Secret Manager (`urlSecretRef`) is resolved with the signing key
 * as part of the attempt and never written anywhere: the delivery's id and target name the reference.
 */
export function webhookDelivery(eventId: string, w: WebhookTarget, ports: AlertPorts, send: (url: string, signingKey: string) => Promise<HttpAttempt>): HttpDelivery {
  const name = w.url ?? `secret ${w.urlSecretRef}`;
  return {
    docId: `${eventId}~${derivedId('wh', name)}`,
    channel: NotificationChannel.Webhook,
    target: w.url ?? `webhook (URL in secret ${w.urlSecretRef})`,
    maxAttempts: w.maxAttempts,
    attempt: () => withSecret(ports, w.secretRef, (key) => (w.url !== undefined ? send(w.url, key) : withSecret(ports, w.urlSecretRef as string, (url) => send(url, key)))),
  };
}
