import type { AlertSeverity } from './alert-policy.js';
import type { NotifiableEvent } from './notifiable-event.js';
import type { RenderedEmail } from './render-email.js';

/** What a webhook receiver gets (§5.4 "JSON payload with event details"). */
export interface WebhookPayload {
  /** The event id: receivers dedupe on it (a retry after a lost answer carries the same id). */
  readonly id: string;
  readonly type: NotifiableEvent['type'];
  readonly severity: AlertSeverity;
  /** When it happened (the event's tsEvent), ISO 8601 UTC. */
  readonly occurredAt: string;
  readonly subject: string;
  readonly text: string;
  readonly payload: NotifiableEvent['payload'];
}

/** The exact bytes that are signed and sent. Pure: the same event gives the same body on every attempt. */
export function webhookBody(e: NotifiableEvent, email: RenderedEmail, severity: AlertSeverity): string {
  const body: WebhookPayload = { id: e.eventId, type: e.type, severity, occurredAt: new Date(e.tsEvent).toISOString(), subject: email.subject, text: email.text, payload: e.payload };
  return JSON.stringify(body);
}
