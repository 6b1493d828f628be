import type { ValueOf } from '../util/value-of.js';

/** Where a notification is on its way out; every `notifications` document carries one. */
export const DeliveryState = {
  /** Claimed by a delivery that is sending it now (with a lease, see `claimedAt`). */
  Pending: 'pending',
  Sent: 'sent',
  /** Rendered and kept, not sent: no mail key configured, or the channel is switched off. */
  Stored: 'stored',
  /** A warning suppressed by the per-type throttle; counted in the next digest. */
  Throttled: 'throttled',
  /** An info event waiting for the next digest. */
  Queued: 'queued',
  /** The last send failed; the message is retried (Pub/Sub redelivery or the next digest run). */
  Failed: 'failed',
  /** Every attempt failed; the event went to the dead-letter topic with the reason. */
  DeadLetter: 'dead_letter',
} as const;
export type DeliveryState = ValueOf<typeof DeliveryState>;

export const NotificationChannel = {
  Email: 'email',
  Webhook: 'webhook',
  Telegram: 'telegram',
  Discord: 'discord',
} as const;
export type NotificationChannel = ValueOf<typeof NotificationChannel>;

/** A delivery in one of these states is finished with: a redelivered event must not touch it. */
export function isSettled(state: DeliveryState): boolean {
  return state === DeliveryState.Sent || state === DeliveryState.Stored || state === DeliveryState.Throttled || state === DeliveryState.Queued || state === DeliveryState.DeadLetter;
}
