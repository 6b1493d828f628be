import type { Trade } from '@cascade/core';

/** The trade-level statistics the generator is fitted to (microstructure.ts), measured on any trade stream. */
export interface TapeStats {
  readonly trades: number;
  /** Runs of trades with the same ms and side: one aggressive order. */
  readonly takerOrders: number;
  readonly fillsPerOrder: number;
  readonly singleFillShare: number;
  readonly muLnNotional: number;
  readonly sdLnNotional: number;
  /** Mean of the positive gaps between taker orders (ms), and mean/sd of their ln. */
  readonly meanGapMs: number;
  readonly muLnGap: number;
  readonly sdLnGap: number;
  readonly buyShareTrades: number;
  readonly buyShareVolume: number;
  readonly sameSideNextOrder: number;
}

/** Measures a trade stream in one pass (Welford sums; nothing is held). */
export function measureTrades(trades: Iterable<Trade>): TapeStats {
  let n = 0;
  let buys = 0;
  let buyVol = 0;
  let vol = 0;
  const lnN = new Moments();
  const lnGap = new Moments();
  let gapSum = 0;
  let orders = 0;
  let fills = 0;
  let single = 0;
  let same = 0;
  let pairs = 0;
  let cur: { ts: number; side: string; n: number } | null = null;
  const close = (): void => {
    if (cur === null) return;
    orders += 1;
    fills += cur.n;
    if (cur.n === 1) single += 1;
  };
  for (const t of trades) {
    n += 1;
    vol += t.amount;
    if (t.side === 'buy') {
      buys += 1;
      buyVol += t.amount;
    }
    lnN.add(Math.log(t.amount * t.price));
    if (cur !== null && cur.ts === t.ts && cur.side === t.side) {
      cur.n += 1;
      continue;
    }
    if (cur !== null) {
      if (t.ts > cur.ts) {
        gapSum += t.ts - cur.ts;
        lnGap.add(Math.log(t.ts - cur.ts));
      }
      pairs += 1;
      if (t.side === cur.side) same += 1;
    }
    close();
    cur = { ts: t.ts, side: t.side, n: 1 };
  }
  close();
  return {
    trades: n,
    takerOrders: orders,
    fillsPerOrder: fills / orders,
    singleFillShare: single / orders,
    muLnNotional: lnN.mean,
    sdLnNotional: lnN.sd,
    meanGapMs: gapSum / lnGap.n,
    muLnGap: lnGap.mean,
    sdLnGap: lnGap.sd,
    buyShareTrades: buys / n,
    buyShareVolume: buyVol / vol,
    sameSideNextOrder: same / pairs,
  };
}

class Moments {
  n = 0;
  mean = 0;
  private m2 = 0;
  add(x: number): void {
    this.n += 1;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get sd(): number {
    return this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : Number.NaN;
  }
}
