import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot, Transaction } from 'firebase-admin/firestore';
import { type LeasePolicy, leaseRecordSchema, leaseStep, takeLease } from './lease.js';
import { StoredDocumentError } from './stored-doc.js';

// Hand-worked cases. A 20 s lease claimed at t = 100 000 ms is held until 120 000 ms: at 119 999 it
// is busy, at 120 000 (exactly 20 000 ms later, not < 20 000) it has lapsed and is taken over.
const T = 100_000;
const attempts: LeasePolicy = { leaseMs: 20_000, countField: 'attempts', countClaims: true };
const uncounted: LeasePolicy = { leaseMs: 30_000, countField: 'attempts', countClaims: false };
const runs: LeasePolicy = { leaseMs: 120_000, countField: 'runs', countClaims: true };

describe('leaseStep', () => {
  it('creates a missing document claimed, counting the claim when claims are counted', () => {
    expect(leaseStep(null, T, attempts, 'create')).toEqual({ kind: 'claimed', prior: 0, count: 1, write: 'create', fields: { state: 'pending', claimedAt: T, attempts: 1 } });
    expect(leaseStep(null, T, uncounted, 'create')).toEqual({ kind: 'claimed', prior: 0, count: 0, write: 'create', fields: { state: 'pending', claimedAt: T, attempts: 0 } });
  });

  it('treats a missing document as nothing to do when asked to', () => {
    expect(leaseStep(null, T, runs, 'settled')).toEqual({ kind: 'settled' });
  });

  it('leaves every settled state alone, whatever its lease', () => {
    for (const state of ['sent', 'stored', 'throttled', 'queued', 'dead_letter'] as const) expect(leaseStep({ state, claimedAt: T, count: 2 }, T + 1, attempts, 'create')).toEqual({ kind: 'settled' });
  });

  it('is busy while another holder is inside its lease, and takes over at the instant it lapses', () => {
    const held = { state: 'pending', claimedAt: T, count: 1 } as const;
    expect(leaseStep(held, T + 19_999, attempts, 'create')).toEqual({ kind: 'busy', heldUntil: 120_000 });
    expect(leaseStep(held, T + 20_000, attempts, 'create')).toEqual({ kind: 'claimed', prior: 1, count: 2, write: 'update', fields: { state: 'pending', claimedAt: 120_000, attempts: 2 } });
  });

  it('takes a failed delivery over at once, even inside the lease of its last claim', () => {
    expect(leaseStep({ state: 'failed', claimedAt: T, count: 3 }, T + 5, runs, 'settled')).toEqual({ kind: 'claimed', prior: 3, count: 4, write: 'update', fields: { state: 'pending', claimedAt: T + 5, runs: 4 } });
  });

  it('leaves the count alone when the holder counts its own attempts', () => {
    expect(leaseStep({ state: 'failed', claimedAt: T, count: 2 }, T + 1, uncounted, 'create')).toEqual({ kind: 'claimed', prior: 2, count: 2, write: 'update', fields: { state: 'pending', claimedAt: T + 1 } });
  });

  it('a clock behind the claim (now < claimedAt) still counts as inside the lease', () => {
    expect(leaseStep({ state: 'pending', claimedAt: T, count: 1 }, T - 1_000, attempts, 'create')).toEqual({ kind: 'busy', heldUntil: 120_000 });
  });
});

describe('leaseRecordSchema', () => {
  const schema = leaseRecordSchema('runs');
  it('reads the lease fields, with an absent count as 0 and an absent claim instant as null', () => {
    expect(schema.parse({ state: 'queued', digest: {} })).toEqual({ state: 'queued', claimedAt: null, count: 0 });
    expect(schema.parse({ state: 'pending', claimedAt: 5, runs: 2 })).toEqual({ state: 'pending', claimedAt: 5, count: 2 });
  });
  it('refuses an unknown state, a non-numeric count, and a pending document without its claim instant', () => {
    expect(schema.safeParse({ state: 'sending', claimedAt: 5 }).success).toBe(false);
    const badCount = schema.safeParse({ state: 'failed', claimedAt: 5, runs: 'two' });
    expect(badCount.success ? [] : badCount.error.issues.map((i) => i.path.join('.'))).toEqual(['runs']);
    const noClaim = schema.safeParse({ state: 'pending', runs: 1 });
    expect(noClaim.success ? [] : noClaim.error.issues.map((i) => i.path.join('.'))).toEqual(['claimedAt']);
  });
});

/** A snapshot and a transaction that record what the claim writes (the emulator tests cover Firestore itself). */
function fakes(data: Record<string, unknown> | undefined) {
  const writes: { op: string; data: Record<string, unknown> }[] = [];
  const ref = { path: 'notifications/evt-1' };
  const snap = { exists: data !== undefined, ref, data: () => data, get: (f: string) => data?.[f] } as unknown as DocumentSnapshot;
  const tx = {
    create: (_r: unknown, d: Record<string, unknown>) => writes.push({ op: 'create', data: d }),
    update: (_r: unknown, d: Record<string, unknown>) => writes.push({ op: 'update', data: d }),
  } as unknown as Transaction;
  return { snap, tx, writes };
}

describe('takeLease', () => {
  it('creates a missing document with the initial fields and the lease', () => {
    const f = fakes(undefined);
    expect(takeLease(f.tx, f.snap, T, attempts, () => ({ eventId: 'evt-1', createdAt: T }))).toEqual({ kind: 'claimed', prior: 0, count: 1 });
    expect(f.writes).toEqual([{ op: 'create', data: { eventId: 'evt-1', createdAt: T, state: 'pending', claimedAt: T, attempts: 1 } }]);
  });

  it('writes nothing when the document is settled, busy or (with no initial fields) missing', () => {
    for (const [data, expected] of [
      [{ state: 'sent', claimedAt: T, attempts: 1 }, { kind: 'settled' }],
      [{ state: 'pending', claimedAt: T, attempts: 1 }, { kind: 'busy', heldUntil: 120_000 }],
    ] as const) {
      const f = fakes(data);
      expect(takeLease(f.tx, f.snap, T + 1, attempts, () => ({}))).toEqual(expected);
      expect(f.writes).toEqual([]);
    }
    const missing = fakes(undefined);
    expect(takeLease(missing.tx, missing.snap, T, runs, null)).toEqual({ kind: 'settled' });
    expect(missing.writes).toEqual([]);
  });

  it('throws naming the document and field when the stored lease is corrupt', () => {
    const f = fakes({ state: 'pending', claimedAt: '2024-01-01', attempts: 1 });
    expect(() => takeLease(f.tx, f.snap, T, attempts, null)).toThrow(StoredDocumentError);
    expect(() => takeLease(f.tx, f.snap, T, attempts, null)).toThrow(/notifications\/evt-1 is not a valid stored document: .*claimedAt/);
    expect(f.writes).toEqual([]);
  });
});
