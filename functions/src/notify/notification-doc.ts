import { z } from 'zod';
import { DigestEntrySchema, type ValueOf } from '@cascade/core';
import type { LeasePolicy } from '@cascade/adapters/firestore';

/**
 * The `notifications` collection: one document per event (its email and routing decision, written by
 * `decideEmail`) and one per HTTP channel of an event (`{eventId}~{channel}`, written by `deliverHttp`).
 * The schemas here are of what those writers store, for the readers (notify, the digest).
 */
export const NOTIFICATIONS = 'notifications';
/** Per throttle key: when a warning of that key was last emailed. */
export const THROTTLE = 'notification_throttle';

/** How an event's email is routed; decided once, on the event's first delivery. */
export const EmailRoute = { Immediate: 'immediate', Throttled: 'throttled', Digest: 'digest' } as const;
export type EmailRoute = ValueOf<typeof EmailRoute>;
/** `route` of an event's document (absent on documents written before routing existed: immediate). */
export const StoredRouteSchema = z.enum([EmailRoute.Immediate, EmailRoute.Throttled, EmailRoute.Digest]).optional();

/** `notification_throttle/{key}.lastSentAt`: always written with the document. */
export const LastSentAtSchema = z.number();

/** `createdAt` of a notification document (every writer sets it). */
export const CreatedAtSchema = z.number();
/** The digest row of a queued or throttled event (`digest`), and the key it was throttled under. */
export const DigestRowSchema = z.object({ digest: DigestEntrySchema, throttleKey: z.string().nullable() });

/** How long a delivery may hold an event's email before another delivery of the same event takes over. */
export const EMAIL_LEASE: LeasePolicy = { leaseMs: 20_000, countField: 'attempts', countClaims: true };
/**
 * An HTTP channel refreshes its claim at every attempt; one attempt plus the longest wait fits well
 * inside. It counts its attempts itself (across redeliveries), so the claim does not.
 */
export const CHANNEL_LEASE: LeasePolicy = { leaseMs: 30_000, countField: 'attempts', countClaims: false };

/** An error's message for a record or a log line (a thrown non-Error is shown as it is). */
export function errText(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'message' in err && err.message !== undefined && err.message !== null) return String(err.message);
  return String(err);
}
