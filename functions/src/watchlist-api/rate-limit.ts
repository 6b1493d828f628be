import type { Firestore } from 'firebase-admin/firestore';

/** A token bucket: `capacity` calls at once, refilled continuously at `refillPerSecond`. */
export interface BucketPolicy {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface BucketState {
  readonly tokens: number;
  /** UTC ms of the last take. */
  readonly at: number;
}

/** Operators click and script a little; 20 at once and one more every 3 s is far above that and far below abuse. */
export const DEFAULT_POLICY: BucketPolicy = { capacity: 20, refillPerSecond: 1 / 3 };

export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterS: number };

/**
 * One take from a bucket: refill for the time since the last take (never above capacity, never for a
 * clock that went backwards), then spend a token if a whole one is there. A refusal spends nothing and
 * says how many whole seconds until a token is back.
 */
export function takeToken(state: BucketState | null, policy: BucketPolicy, now: number): { readonly state: BucketState; readonly result: TakeResult } {
  const elapsedS = state === null ? 0 : Math.max(0, now - state.at) / 1000;
  const tokens = state === null ? policy.capacity : Math.min(policy.capacity, state.tokens + elapsedS * policy.refillPerSecond);
  if (tokens >= 1) return { state: { tokens: tokens - 1, at: now }, result: { allowed: true } };
  return { state: { tokens, at: now }, result: { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / policy.refillPerSecond)) } };
}

/** Port: one call by `callerId`, allowed or not. */
export interface RateLimiter {
  take(callerId: string): Promise<TakeResult>;
}

/**
 * Buckets in `rate_limits/{callerId}`, taken in a transaction: the limit holds across every instance
 * and survives cold starts, for one small transaction per call.
 */
export class FirestoreRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Firestore,
    private readonly now: () => number,
    private readonly policy: BucketPolicy = DEFAULT_POLICY,
  ) {}

  async take(callerId: string): Promise<TakeResult> {
    const ref = this.db.collection('rate_limits').doc(encodeURIComponent(callerId));
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const tokens: unknown = snap.get('tokens');
      const at: unknown = snap.get('at');
      const prev = snap.exists && typeof tokens === 'number' && typeof at === 'number' ? { tokens, at } : null;
      const { state, result } = takeToken(prev, this.policy, this.now());
      tx.set(ref, { tokens: state.tokens, at: state.at, callerId });
      return result;
    });
  }
}

/** Per-process buckets: unit tests, and a fallback where no Firestore is at hand. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly now: () => number,
    private readonly policy: BucketPolicy = DEFAULT_POLICY,
  ) {}

  async take(callerId: string): Promise<TakeResult> {
    const { state, result } = takeToken(this.buckets.get(callerId) ?? null, this.policy, this.now());
    this.buckets.set(callerId, state);
    return result;
  }
}
