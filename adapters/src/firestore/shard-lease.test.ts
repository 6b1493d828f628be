import { describe, expect, it } from 'vitest';
import { shardLeaseStep } from './lease.js';

const MS = 3_000;

describe('shardLeaseStep: one owner per analytics shard, fenced by a token', () => {
  it('a free shard is taken with token 1; its holder renews it with the same token', () => {
    const first = shardLeaseStep(null, 'a', 1_000, MS);
    expect(first).toEqual({ claim: { kind: 'held', token: 1, renewed: false }, write: { holder: 'a', token: 1, renewedAt: 1_000, leaseMs: MS } });
    expect(shardLeaseStep(first.write, 'a', 2_000, MS).claim).toEqual({ kind: 'held', token: 1, renewed: true });
  });

  it('another instance waits while the lease is live (2 999 ms after renewal) and takes it over at 3 000 ms with token + 1', () => {
    const held = { holder: 'a', token: 4, renewedAt: 10_000, leaseMs: MS };
    expect(shardLeaseStep(held, 'b', 12_999, MS)).toEqual({ claim: { kind: 'busy', holder: 'a', heldUntil: 13_000, token: 4 }, write: null });
    expect(shardLeaseStep(held, 'b', 13_000, MS)).toEqual({ claim: { kind: 'held', token: 5, renewed: false }, write: { holder: 'b', token: 5, renewedAt: 13_000, leaseMs: MS } });
  });

  it('the old holder, back after a takeover, finds the shard busy (it must stop)', () => {
    const taken = { holder: 'b', token: 5, renewedAt: 13_000, leaseMs: MS };
    expect(shardLeaseStep(taken, 'a', 13_500, MS).claim).toMatchObject({ kind: 'busy', holder: 'b' });
  });
});
