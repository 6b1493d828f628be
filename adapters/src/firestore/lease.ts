import type { DocumentReference, DocumentSnapshot, Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';
import { DeliveryState, isSettled } from '@cascade/core';
import { readDoc } from './stored-doc.js';

/**
 * The claim every delivery document follows (a notification, a channel of one, a digest, a report
 * email): a document in `pending` is held by whoever claimed it at `claimedAt` for `leaseMs`; a
 * settled one (sent, stored, dead-lettered…) is finished with; anything else — failed, or pending
 * under a lease that lapsed because its holder died — is taken over. Claims happen in a transaction,
 * so of two concurrent deliveries exactly one holds the document.
 */
export interface LeasePolicy {
  /** How long a claim holds before another delivery may take the document over. */
  readonly leaseMs: number;
  /** The document's count of tries: `attempts` on notifications, `runs` on digests. */
  readonly countField: string;
  /**
   * True: every claim adds one to the count (the count is of claims). False: the claim leaves it
   * alone and the holder counts its own attempts (an HTTP channel retrying in-process).
   */
  readonly countClaims: boolean;
}

/** The lease fields of a stored delivery document. */
export interface LeaseRecord {
  readonly state: DeliveryState;
  /** Absent only on documents never claimed (queued for a digest, throttled). */
  readonly claimedAt: number | null;
  /** The count field; 0 when absent. */
  readonly count: number;
}

/** The lease fields a claim writes: `pending`, the claim instant and, when counted, the new count. */
export type LeaseFields = Readonly<Record<string, DeliveryState | number>>;

/** What a claim attempt comes to. */
export type LeaseStep =
  | { readonly kind: 'settled' }
  | { readonly kind: 'busy'; readonly heldUntil: number }
  | {
      readonly kind: 'claimed';
      /** The count before this claim. */
      readonly prior: number;
      /** The count after it (prior + 1 when claims are counted). */
      readonly count: number;
      /** Create the document (it did not exist) or update it, with these fields. */
      readonly write: 'create' | 'update';
      readonly fields: LeaseFields;
    };

/** What to do when the document does not exist: create it claimed, or treat it as nothing to do. */
export type OnAbsent = 'create' | 'settled';

/**
 * The transition, pure: given the stored lease (null = no document) and the time, settle, wait or
 * claim, and say what to write.
 */
export function leaseStep(current: LeaseRecord | null, now: number, policy: LeasePolicy, onAbsent: OnAbsent): LeaseStep {
  if (current === null) {
    if (onAbsent === 'settled') return { kind: 'settled' };
    const count = policy.countClaims ? 1 : 0;
    return { kind: 'claimed', prior: 0, count, write: 'create', fields: { state: DeliveryState.Pending, claimedAt: now, [policy.countField]: count } };
  }
  if (isSettled(current.state)) return { kind: 'settled' };
  if (current.state === DeliveryState.Pending && current.claimedAt !== null && now - current.claimedAt < policy.leaseMs) return { kind: 'busy', heldUntil: current.claimedAt + policy.leaseMs };
  const prior = current.count;
  const count = policy.countClaims ? prior + 1 : prior;
  const fields: LeaseFields = policy.countClaims ? { state: DeliveryState.Pending, claimedAt: now, [policy.countField]: count } : { state: DeliveryState.Pending, claimedAt: now };
  return { kind: 'claimed', prior, count, write: 'update', fields };
}

const deliveryStates = Object.values(DeliveryState) as [DeliveryState, ...DeliveryState[]];
const CountSchema = z.number().int().nonnegative().optional();

/**
 * The lease fields as every claimer writes them. A `pending` document always carries its
 * `claimedAt` (it is written in the same update), so one without it is corrupt, not free.
 */
export function leaseRecordSchema(countField: string): z.ZodType<LeaseRecord> {
  return z.looseObject({ state: z.enum(deliveryStates), claimedAt: z.number().optional() }).transform((doc, ctx): LeaseRecord => {
    const count = CountSchema.safeParse(doc[countField]);
    if (!count.success) {
      for (const i of count.error.issues) ctx.addIssue({ code: 'custom', path: [countField, ...i.path], message: i.message });
      return z.NEVER;
    }
    if (doc.state === DeliveryState.Pending && doc.claimedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['claimedAt'], message: 'a pending delivery must record when it was claimed' });
      return z.NEVER;
    }
    return { state: doc.state, claimedAt: doc.claimedAt ?? null, count: count.data ?? 0 };
  });
}

/** What the claimer learns (the write is done). */
export type LeaseClaim = { readonly kind: 'settled' } | { readonly kind: 'busy'; readonly heldUntil: number } | { readonly kind: 'claimed'; readonly prior: number; readonly count: number };

/**
 * Inside a transaction that has read `snap`: decide and write the claim. `initial` gives the fields
 * of a document created by the claim (null: a missing document is nothing to do). A corrupt lease
 * throws `StoredDocumentError`, naming the document and field.
 */
export function takeLease(tx: Transaction, snap: DocumentSnapshot, now: number, policy: LeasePolicy, initial: (() => Record<string, unknown>) | null): LeaseClaim {
  const current = readDoc(leaseRecordSchema(policy.countField), snap);
  const step = leaseStep(current, now, policy, initial ? 'create' : 'settled');
  if (step.kind !== 'claimed') return step;
  if (step.write === 'create') tx.create(snap.ref, { ...initial?.(), ...step.fields });
  else tx.update(snap.ref, step.fields);
  return { kind: 'claimed', prior: step.prior, count: step.count };
}

/** `takeLease` in a transaction of its own. */
export function claimLease(db: Firestore, ref: DocumentReference, now: number, policy: LeasePolicy, initial: (() => Record<string, unknown>) | null): Promise<LeaseClaim> {
  return db.runTransaction(async (tx) => takeLease(tx, await tx.get(ref), now, policy, initial));
}

// ── Shard leases: one owner per analytics shard, fenced by a token ─────────────────────────────

/**
 * `analytics_leases/{shard}`: which analytics instance owns a shard (its symbols' trades, exit monitor
 * and risk), until when, and the fencing token of its tenure. The token grows by one with every change
 * of holder, never on renewal; requests the holder makes carry it, and whoever acts on them refuses a
 * token below the lease's current one — the mark of a holder that lost the shard and has not noticed.
 */
export const ShardLeaseSchema = z.object({
  holder: z.string().min(1),
  token: z.number().int().positive(),
  renewedAt: z.number(),
  leaseMs: z.number().int().positive(),
});
export type ShardLease = z.infer<typeof ShardLeaseSchema>;

export const shardLeaseRef = (db: Firestore, shard: string): DocumentReference => db.collection('analytics_leases').doc(shard);

/** What a claim or renewal comes to: held (with the tenure's token) or busy (held by another until `heldUntil`). */
export type ShardClaim = { readonly kind: 'held'; readonly token: number; readonly renewed: boolean } | { readonly kind: 'busy'; readonly holder: string; readonly heldUntil: number; readonly token: number };

/**
 * The transition, pure: `holder` renews its own live lease (same token), takes a free or lapsed one
 * (token + 1), or finds it busy. A lease lapses `leaseMs` after its last renewal.
 */
export function shardLeaseStep(current: ShardLease | null, holder: string, now: number, leaseMs: number): { readonly claim: ShardClaim; readonly write: ShardLease | null } {
  if (current !== null && current.holder === holder) {
    // A holder whose lease lapsed and was not taken keeps its token: nobody else acted in between.
    const next = { holder, token: current.token, renewedAt: now, leaseMs };
    return { claim: { kind: 'held', token: current.token, renewed: true }, write: next };
  }
  if (current !== null && now - current.renewedAt < current.leaseMs) {
    return { claim: { kind: 'busy', holder: current.holder, heldUntil: current.renewedAt + current.leaseMs, token: current.token }, write: null };
  }
  const token = (current?.token ?? 0) + 1;
  return { claim: { kind: 'held', token, renewed: false }, write: { holder, token, renewedAt: now, leaseMs } };
}

/** Claims or renews the shard lease in a transaction (a corrupt lease document throws `StoredDocumentError`). */
export function claimShardLease(db: Firestore, shard: string, holder: string, now: number, leaseMs: number): Promise<ShardClaim> {
  const ref = shardLeaseRef(db, shard);
  return db.runTransaction(async (tx) => {
    const step = shardLeaseStep(readDoc(ShardLeaseSchema, await tx.get(ref)), holder, now, leaseMs);
    if (step.write) tx.set(ref, step.write);
    return step.claim;
  });
}

/**
 * A holder stopping on SIGTERM lets its lease lapse at once (renewedAt 0, token kept), so a standby
 * takes the shard — token + 1 — without waiting out `leaseMs`. A lease someone else holds is left alone.
 */
export function releaseShardLease(db: Firestore, shard: string, holder: string): Promise<boolean> {
  const ref = shardLeaseRef(db, shard);
  return db.runTransaction(async (tx) => {
    const current = readDoc(ShardLeaseSchema, await tx.get(ref));
    if (current === null || current.holder !== holder) return false;
    tx.set(ref, { ...current, renewedAt: 0 });
    return true;
  });
}

/**
 * Is a request fenced with (`shard`, `token`) from the shard's current tenure? False only when the
 * lease shows a later token (the sender lost the shard); a missing lease cannot prove it stale.
 */
export async function fenceIsCurrent(db: Firestore, shard: string, token: number): Promise<{ readonly current: boolean; readonly leaseToken: number | null }> {
  const lease = readDoc(ShardLeaseSchema, await shardLeaseRef(db, shard).get());
  if (lease === null) return { current: true, leaseToken: null };
  return { current: token >= lease.token, leaseToken: lease.token };
}
