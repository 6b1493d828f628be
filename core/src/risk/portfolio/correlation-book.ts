import { type Candle, Timeframe } from '../../analytics/candle.js';
import { MINUTE_MS } from './forex-session.js';
import { MinuteReturnSeries } from './minute-return-series.js';
import { RollingMoments } from './rolling-moments.js';
import { RollingPairCorrelation } from './rolling-pair-correlation.js';

export interface CorrelationBookOptions {
  readonly leaders: readonly string[];
  readonly windowMinutes: number;
  readonly maxFillMinutes: number;
  readonly recomputeEvery: number;
  readonly minSamples: number;
  /** Returns in the leaders' short and long volatility windows ("VIX equivalent"). */
  readonly shortReturns: number;
  readonly longReturns: number;
  readonly minShortSamples: number;
  readonly minLongSamples: number;
}

interface LeaderVol {
  readonly short: RollingMoments;
  readonly long: RollingMoments;
}

/**
 * Rolling 24 h correlation of every symbol's 1m log returns with each market leader (§2.2.5
 * CorrelationMonitor), aligned by candle openTime, plus the leaders' short/long volatility ratio.
 * A candle costs O(1) per (symbol, leader) pair it touches: a leader's candle touches every symbol.
 */
export class CorrelationBook {
  private readonly series = new Map<string, MinuteReturnSeries>();
  /** Per symbol, one pair per leader (index as `leaders`); the slot of the symbol itself stays null. */
  private readonly pairs = new Map<string, (RollingPairCorrelation | null)[]>();
  private readonly vol = new Map<string, LeaderVol>();

  constructor(private readonly o: CorrelationBookOptions) {
    for (const l of o.leaders) this.vol.set(l, { short: new RollingMoments(o.shortReturns), long: new RollingMoments(o.longReturns) });
  }

  onCandle(symbol: string, c: Candle): void {
    if (c.timeframe !== Timeframe.M1) return;
    const s = this.seriesOf(symbol);
    const mine = this.pairsOf(symbol);
    const leaderIdx = this.o.leaders.indexOf(symbol);
    const vol = this.vol.get(symbol);
    s.push(Math.floor(c.openTime / MINUTE_MS), c.close, (m, r) => {
      // This symbol against every leader.
      for (let k = 0; k < mine.length; k++) {
        const pair = mine[k];
        if (!pair) continue;
        pair.advanceTo(m);
        const lr = this.series.get(this.o.leaders[k] as string)?.returnAt(m);
        if (lr !== undefined) pair.add(m, r, lr);
      }
      if (leaderIdx < 0) return;
      vol?.short.push(r);
      vol?.long.push(r);
      // Every other symbol against this leader.
      for (const [other, ps] of this.pairs) {
        if (other === symbol) continue;
        const pair = ps[leaderIdx];
        if (!pair) continue;
        pair.advanceTo(m);
        const sr = this.series.get(other)?.returnAt(m);
        if (sr !== undefined) pair.add(m, sr, r);
      }
    });
  }

  /** Correlation with `leader` over the window; 1 for the leader itself; null while unknown. */
  correlation(symbol: string, leader: string): number | null {
    if (symbol === leader) return 1;
    const k = this.o.leaders.indexOf(leader);
    if (k < 0) return null;
    return this.pairs.get(symbol)?.[k]?.correlation(this.o.minSamples) ?? null;
  }

  /** Aligned samples behind `correlation(symbol, leader)`. */
  samples(symbol: string, leader: string): number {
    const k = this.o.leaders.indexOf(leader);
    return k < 0 ? 0 : (this.pairs.get(symbol)?.[k]?.count ?? 0);
  }

  /**
   * The highest leader volatility ratio σ(short) / σ(long): above 1, the market moves more now than
   * over the day. Null while no leader has enough returns.
   */
  volatilityRatio(): number | null {
    let best: number | null = null;
    for (const v of this.vol.values()) {
      const s = v.short.stdDev(this.o.minShortSamples);
      const l = v.long.stdDev(this.o.minLongSamples);
      if (s === null || l === null || l <= 0) continue;
      const r = s / l;
      if (best === null || r > best) best = r;
    }
    return best;
  }

  private seriesOf(symbol: string): MinuteReturnSeries {
    let s = this.series.get(symbol);
    if (!s) {
      s = new MinuteReturnSeries(this.o.windowMinutes, this.o.maxFillMinutes);
      this.series.set(symbol, s);
    }
    return s;
  }

  private pairsOf(symbol: string): (RollingPairCorrelation | null)[] {
    let ps = this.pairs.get(symbol);
    if (!ps) {
      ps = this.o.leaders.map((l) => (l === symbol ? null : new RollingPairCorrelation(this.o.windowMinutes, this.o.recomputeEvery)));
      this.pairs.set(symbol, ps);
    }
    return ps;
  }
}
