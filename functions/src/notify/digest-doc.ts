import { z } from 'zod';
import type { LeasePolicy } from '@cascade/adapters/firestore';

/**
 * `notification_digests/{digest-<window end ISO>}`: one per digest window, created claimed by the run
 * that builds it (with the ids of the events it carries) and finished — channel by channel — by that
 * run or a later one. The schemas are of what `runDigest` writes.
 */
export const DIGESTS = 'notification_digests';

/** A run holds a digest this long before another run may take it over (three channels with retries fit); every claim is a run. */
export const DIGEST_LEASE: LeasePolicy = { leaseMs: 120_000, countField: 'runs', countClaims: true };

/** One channel's result on a digest (`deliveries.<channel>`). */
export const ChannelRecordSchema = z.object({ state: z.enum(['sent', 'failed', 'dead_letter']), attempts: z.number().int().nonnegative(), error: z.string().nullable(), at: z.number() });
export type ChannelRecord = z.infer<typeof ChannelRecordSchema>;

/** The events a digest carries (`itemIds`). */
export const ItemIdsSchema = z.array(z.string());

/** What a run needs of a digest it takes over. */
export const DigestDocSchema = z.object({ itemIds: ItemIdsSchema, windowStart: z.number(), windowEnd: z.number(), deliveries: z.record(z.string(), ChannelRecordSchema).optional() });
