import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import { type MessageOf, type NotifiableEvent, Topic, renderEmail } from '@cascade/core';
import { consume } from '../adapters/consume.js';
import { type Deps, deps } from '../adapters/deps.js';
import type { Mailer } from '../adapters/mailer.js';
import { mailer } from '../adapters/mailer.js';

type TradingEvent = MessageOf<typeof Topic.TradingEvents>;

/** How long a delivery may hold a notification before another delivery of the same event takes over. */
const CLAIM_LEASE_MS = 20_000;

function notifiable(e: TradingEvent): e is NotifiableEvent {
  return e.type === 'order.filled' || e.type === 'order.rejected' || e.type === 'position.closed' || e.type === 'system.error' || e.type === 'config.rejected';
}

/**
 * notify: fills, closes, refusals and errors → email. Each event gets `notifications/{eventId}`;
 * a delivery claims it in a transaction before sending, so two concurrent deliveries of one event
 * send one email, and an event already delivered (sent, or stored when no mail key is set) is not
 * sent again. A failed send is recorded and thrown, so Pub/Sub retries it.
 */
export async function notifyEvent(e: TradingEvent, d: Deps, mail: Mailer | null): Promise<void> {
  if (!notifiable(e)) return;
  const ref = d.db.collection('notifications').doc(e.eventId);
  const email = renderEmail(e);
  const now = d.clock.now();
  const claim = await d.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    if (snap.exists) {
      const state = snap.get('state') as string;
      if (state === 'sent' || state === 'stored') return 'done' as const;
      if (state === 'pending' && now - (snap.get('claimedAt') as number) < CLAIM_LEASE_MS) return 'busy' as const;
    }
    tx.set(ref, { eventId: e.eventId, eventType: e.type, correlationId: e.correlationId, channel: 'email', severity: email.severity, subject: email.subject, text: email.text, html: email.html, to: mail?.to ?? null, state: 'pending', claimedAt: now, attempts: (snap.exists ? (snap.get('attempts') as number) : 0) + 1, createdAt: now });
    return 'claimed' as const;
  });
  if (claim === 'done') return;
  // A concurrent duplicate holds the claim: retry later rather than acknowledge, so that if its
  // holder dies mid-send this message still gets the email out once the lease expires.
  if (claim === 'busy') throw new Error(`notification ${e.eventId} is being sent by another delivery; retrying later`);
  if (!mail) {
    await ref.update({ state: 'stored', deliveredAt: d.clock.now() });
    d.log(`notify: ${email.subject} (stored in notifications/${e.eventId}; set SENDGRID_API_KEY to email it)`);
    return;
  }
  try {
    await mail.send(email);
    await ref.update({ state: 'sent', deliveredAt: d.clock.now() });
  } catch (err) {
    await ref.update({ state: 'failed', error: String((err as Error).message ?? err) });
    throw err;
  }
}

// Resolved once per instance: secrets are bound at deploy and do not change under a running instance.
let instanceMailer: { mail: Mailer | null } | null = null;

export const handleTradingEvent = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  instanceMailer ??= { mail: mailer() };
  const mail = instanceMailer.mail;
  return consume(Topic.TradingEvents, event, d, (m) => notifyEvent(m, d, mail));
};
