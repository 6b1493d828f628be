/** What one batch's (epoch, seq) says: skip it whole, or take it (and whether batches went missing before it). */
export type BatchVerdict = { readonly duplicate: true } | { readonly duplicate: false; readonly gap: boolean };

/** Older streamer runs remembered per market: enough for redeliveries straddling a few restarts. */
const PAST_EPOCHS = 8;

/**
 * Batch dedupe for one market. The streamer numbers batches from 1 in every process and stamps them
 * with its run's epoch (its start time), so a sequence is only comparable within an epoch: a newer
 * epoch is a restarted streamer and is taken at once (issue 11, defect 6 — it used to be skipped as
 * duplicates until it passed the old sequence). A late batch of an older run is checked against that
 * run's own sequence; the trade-id check behind this one still drops any trade already seen.
 */
export class BatchSequence {
  private epoch = -1;
  private lastSeq = 0;
  private readonly past = new Map<number, number>();

  accept(seq: number, epoch = 0): BatchVerdict {
    if (epoch > this.epoch) {
      if (this.epoch >= 0) this.remember(this.epoch, this.lastSeq);
      const first = this.epoch < 0;
      this.epoch = epoch;
      this.lastSeq = seq;
      // A new run starts at 1; anything later means its first batches never reached us.
      return { duplicate: false, gap: !first && seq !== 1 };
    }
    if (epoch === this.epoch) {
      if (seq <= this.lastSeq) return { duplicate: true };
      const gap = seq !== this.lastSeq + 1;
      this.lastSeq = seq;
      return { duplicate: false, gap };
    }
    const last = this.past.get(epoch) ?? 0;
    if (seq <= last) return { duplicate: true };
    this.remember(epoch, seq);
    return { duplicate: false, gap: false };
  }

  private remember(epoch: number, seq: number): void {
    this.past.set(epoch, Math.max(seq, this.past.get(epoch) ?? 0));
    if (this.past.size > PAST_EPOCHS) this.past.delete(Math.min(...this.past.keys()));
  }
}
