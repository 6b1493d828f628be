import { describe, expect, it } from 'vitest';
import { BatchSequence } from './batch-sequence.js';

describe('BatchSequence', () => {
  it('skips a redelivered batch of the same run and counts a gap', () => {
    const s = new BatchSequence();
    expect(s.accept(1, 100)).toEqual({ duplicate: false, gap: false });
    expect(s.accept(2, 100)).toEqual({ duplicate: false, gap: false });
    expect(s.accept(2, 100)).toEqual({ duplicate: true });
    expect(s.accept(4, 100)).toEqual({ duplicate: false, gap: true });
  });

  it('takes a restarted run (newer epoch) from its batch 1 at once', () => {
    const s = new BatchSequence();
    for (let i = 1; i <= 5; i++) s.accept(i, 100);
    expect(s.accept(1, 200)).toEqual({ duplicate: false, gap: false });
    expect(s.accept(2, 200)).toEqual({ duplicate: false, gap: false });
  });

  it('checks a late batch of an older run against that run, not the new one', () => {
    const s = new BatchSequence();
    s.accept(1, 100);
    s.accept(2, 100);
    s.accept(1, 200);
    expect(s.accept(2, 100)).toEqual({ duplicate: true });
    expect(s.accept(3, 100)).toEqual({ duplicate: false, gap: false });
    expect(s.accept(3, 100)).toEqual({ duplicate: true });
  });

  it('treats batches without an epoch as epoch 0 (older streamers)', () => {
    const s = new BatchSequence();
    expect(s.accept(1)).toEqual({ duplicate: false, gap: false });
    expect(s.accept(1)).toEqual({ duplicate: true });
  });
});
