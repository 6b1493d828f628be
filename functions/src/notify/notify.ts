import type { CloudEvent } from 'firebase-functions/v2';
import { type MessagePublishedData, onMessagePublished } from 'firebase-functions/v2/pubsub';
import { DeliveryState, type MessageOf, type NotifiableEvent, Topic, chatText, classifyAlert, renderEmail, webhookBody } from '@cascade/core';
import { type Deps } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import type { Mailer } from '@cascade/adapters/notify';
import { consume } from '../runtime/consume.js';
import { sendgridApiKey } from '../runtime/params.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { type AlertPorts, alertPorts, instanceMail } from './alert-ports.js';
import { decideEmail } from './email-decision.js';
import { type HttpDelivery, chatDeliveries, deliverHttp, webhookDelivery } from './http-delivery.js';
import { EmailRoute, NOTIFICATIONS, errText } from './notification-doc.js';
import { loadNotificationSettings, mailRoute } from './settings.js';

type TradingEvent = MessageOf<typeof Topic.TradingEvents>;

function notifiable(e: TradingEvent): e is NotifiableEvent {
  return e.type === 'order.filled' || e.type === 'order.rejected' || e.type === 'position.closed' || e.type === 'system.error' || e.type === 'config.rejected' || e.type === 'reconciliation.resolved';
}

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
        // One log line per alert either way: infra's log-match alert policies read it (infra/src/plan/desired.ts).
        d.log(`notify: ${email.subject} (emailed)`);
      } catch (err) {
        await ref.update({ state: DeliveryState.Failed, error: errText(err) });
        errors.push(err instanceof Error ? err : new Error(errText(err)));
      }
    }
  }

  if (decision.route !== EmailRoute.Throttled) {
    const deliveries: HttpDelivery[] = [];
    if (decision.route === EmailRoute.Immediate) deliveries.push(...chatDeliveries(s, ports, e.eventId, (limit) => chatText(email, limit)));
    const body = webhookBody(e, email, cls.severity);
    for (const w of s.webhooks) {
      if (!w.severities.includes(cls.severity)) continue;
      deliveries.push(webhookDelivery(e.eventId, w, ports, (url, secret) => ports.webhook.send(url, secret, body, d.clock.now())));
    }
    const results = await Promise.all(deliveries.map((x) => deliverHttp(e, d, ports, cls.severity, x).catch((err: unknown) => (err instanceof Error ? err : new Error(errText(err))))));
    for (const r of results) if (r) errors.push(r);
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new Error(errors.map((x) => x.message).join('; '));
}

export const handleTradingEvent = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  const mail = instanceMail();
  return consume(Topic.TradingEvents, event, d, (m) => notifyEvent(m, d, mail));
};

/** Webhooks retry in-process (up to ~150 s worst case), hence the longer timeout. */
export const notify = onMessagePublished({ ...tradingFunctionOptions, topic: Topic.TradingEvents, retry: true, secrets: [sendgridApiKey], timeoutSeconds: 300 }, handleTradingEvent);
