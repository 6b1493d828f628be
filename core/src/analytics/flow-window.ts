import type { TradeWindow } from './trade-window.js';

export interface FlowSnapshot {
  readonly windowMs: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly trades: number;
  /** buy/sell volume; null when sell volume is zero (the ratio is undefined, treated as unbounded). */
  readonly ratio: number | null;
}

/**
 * Buy/sell aggressor volume over the trailing `windowMs`, kept incrementally over a shared
 * TradeWindow. Running float sums drift when values are added and subtracted for hours, so the
 * sums are rebuilt from the retained trades every `rebuildEvery` evictions (amortised O(1)).
 */
export class FlowWindow {
  private startSeq = 0;
  private buy = 0;
  private sell = 0;
  private evictions = 0;

  constructor(
    private readonly w: TradeWindow,
    readonly windowMs: number,
    private readonly rebuildEvery = 4096,
  ) {
    // Strictly shorter: then the buffer never evicts a trade this window still counts.
    if (windowMs >= w.horizonMs) throw new Error(`window ${windowMs} ms must be shorter than the trade buffer horizon ${w.horizonMs} ms`);
  }

  /** Call after every `TradeWindow.push`. */
  onAppend(nowTs: number): void {
    // After a pause longer than horizon − window the buffer has already dropped trades this window
    // still counted: their slots are reused, so start over from what the buffer holds.
    if (this.startSeq < this.w.firstSeq) {
      this.rebuild(nowTs);
      return;
    }
    const last = this.w.slot(this.w.appended - 1);
    const a = this.w.amount[last] as number;
    if ((this.w.sign[last] as number) > 0) this.buy += a;
    else this.sell += a;
    const cutoff = nowTs - this.windowMs;
    while (this.startSeq < this.w.appended) {
      const i = this.w.slot(this.startSeq);
      if ((this.w.ts[i] as number) > cutoff) break;
      const amt = this.w.amount[i] as number;
      if ((this.w.sign[i] as number) > 0) this.buy -= amt;
      else this.sell -= amt;
      this.startSeq += 1;
      this.evictions += 1;
    }
    if (this.evictions >= this.rebuildEvery) this.rebuild(nowTs);
  }

  snapshot(): FlowSnapshot {
    const buyVolume = Math.max(0, this.buy);
    const sellVolume = Math.max(0, this.sell);
    return {
      windowMs: this.windowMs,
      buyVolume,
      sellVolume,
      trades: this.w.appended - this.startSeq,
      ratio: sellVolume > 0 ? buyVolume / sellVolume : null,
    };
  }

  private rebuild(nowTs: number): void {
    const cutoff = nowTs - this.windowMs;
    let seq = Math.max(this.startSeq, this.w.firstSeq);
    while (seq < this.w.appended && (this.w.ts[this.w.slot(seq)] as number) <= cutoff) seq += 1;
    this.startSeq = seq;
    let buy = 0;
    let sell = 0;
    for (let s = seq; s < this.w.appended; s++) {
      const i = this.w.slot(s);
      if ((this.w.sign[i] as number) > 0) buy += this.w.amount[i] as number;
      else sell += this.w.amount[i] as number;
    }
    this.buy = buy;
    this.sell = sell;
    this.evictions = 0;
  }
}

/** Compare two ratios where null means "no sell volume" (unbounded buying). */
export function ratioValue(r: number | null): number {
  return r === null ? Number.POSITIVE_INFINITY : r;
}
