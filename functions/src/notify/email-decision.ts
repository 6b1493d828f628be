import { FieldValue } from 'firebase-admin/firestore';
import { type AlertClass, AlertRoute, DeliveryState, type NotifiableEvent, NotificationChannel, type NotificationSettings, type RenderedEmail, derivedId, digestEntryOf, isThrottled } from '@cascade/core';
import { type Deps, type LeaseClaim, readField, takeLease } from '@cascade/adapters/firestore';
import { EMAIL_LEASE, EmailRoute, LastSentAtSchema, NOTIFICATIONS, StoredRouteSchema, THROTTLE } from './notification-doc.js';

export interface EmailDecision {
  readonly route: EmailRoute;
  readonly claim: LeaseClaim;
}

/**
 * The event's `notifications/{eventId}` document records the routing decision and the email
 * delivery. The throttle window lives in `notification_throttle/{key}`, read and written in the same
 * transaction: two instances handling two warnings of one key serialise on that document, so exactly
 * one sends. The decision is made once; redeliveries read it back (and claim the email under its lease).
 */
export async function decideEmail(e: NotifiableEvent, email: RenderedEmail, d: Deps, cls: AlertClass, s: NotificationSettings, to: string | null, now: number): Promise<EmailDecision> {
  const ref = d.db.collection(NOTIFICATIONS).doc(e.eventId);
  const thrRef = cls.throttleKey === null ? null : d.db.collection(THROTTLE).doc(derivedId('thr', cls.throttleKey));
  return d.db.runTransaction(async (tx): Promise<EmailDecision> => {
    const [snap, thr] = await Promise.all([tx.get(ref), thrRef ? tx.get(thrRef) : Promise.resolve(null)]);
    if (snap.exists) {
      const route = readField(StoredRouteSchema, snap, 'route') ?? EmailRoute.Immediate;
      return { route, claim: takeLease(tx, snap, now, EMAIL_LEASE, null) };
    }
    let route: EmailRoute = cls.route === AlertRoute.Digest ? EmailRoute.Digest : EmailRoute.Immediate;
    if (cls.route === AlertRoute.Throttle && thrRef && cls.throttleKey !== null) {
      const last = thr?.exists ? readField(LastSentAtSchema, thr, 'lastSentAt') : null;
      if (isThrottled(last, now, s.warningThrottleMinutes)) {
        route = EmailRoute.Throttled;
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
    };
    if (route === EmailRoute.Immediate) {
      // The first delivery creates the document already claimed (attempts 1) under the email lease.
      return { route, claim: takeLease(tx, snap, now, EMAIL_LEASE, () => base) };
    }
    // Queued (info) and throttled (warning) events wait for the digest, which reads `digest`.
    tx.create(ref, { ...base, attempts: 1, state: route === EmailRoute.Digest ? DeliveryState.Queued : DeliveryState.Throttled, digestState: 'pending', digestId: null, digest: digestEntryOf(e) });
    return { route, claim: { kind: 'settled' } };
  });
}
