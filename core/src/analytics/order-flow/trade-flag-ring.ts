/** Per-trade flag bits kept beside the trade buffer. */
export const TradeFlagBit = {
  /** The trade was larger than `multiple` × the average size of the window before it. */
  Large: 1,
} as const;

/**
 * One byte of flags per trade, addressed by the TradeWindow's absolute sequence number. A separate
 * ring because the TradeWindow re-indexes its slots when it grows; this one grows (doubling) only when
 * the span of sequence numbers still read exceeds its capacity, never per trade.
 */
export class TradeFlagRing {
  private bits: Uint8Array;
  private mask: number;

  constructor(initialCapacity = 1024) {
    let cap = 1;
    while (cap < initialCapacity) cap *= 2;
    this.bits = new Uint8Array(cap);
    this.mask = cap - 1;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  // `seq & mask` takes the low 32 bits of seq first, which is still seq mod capacity for any
  // sequence number below 2^53 because the capacity is a power of two below 2^31.
  get(seq: number): number {
    return this.bits[seq & this.mask] as number;
  }

  set(seq: number, flags: number): void {
    this.bits[seq & this.mask] = flags;
  }

  /** Make room for every sequence number in [oldestSeq, newestSeq], keeping those already set. */
  reserve(oldestSeq: number, newestSeq: number): void {
    const need = newestSeq - oldestSeq + 1;
    if (need <= this.mask + 1) return;
    let cap = this.mask + 1;
    while (cap < need) cap *= 2;
    const bits = new Uint8Array(cap);
    const mask = cap - 1;
    for (let s = oldestSeq; s < newestSeq; s++) bits[s & mask] = this.bits[s & this.mask] as number;
    this.bits = bits;
    this.mask = mask;
  }
}
