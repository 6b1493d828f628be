import { type Dec, ZERO } from '../../execution/money.js';
import type { ValueOf } from '../../util/value-of.js';
import type { HealthScoreConfig } from './portfolio-risk-config.js';
import { type PositionSide, RiskStrategy } from './risk-position.js';

export const HealthBand = {
  Healthy: 'healthy',
  /** < 70: stop opening new positions. */
  Caution: 'caution',
  /** < 50: tighten all trailing stops to 0.3 %. */
  Warning: 'warning',
  /** < 30: close the worst two positions. */
  Critical: 'critical',
} as const;
export type HealthBand = ValueOf<typeof HealthBand>;

export const healthBandRank: Record<HealthBand, number> = { healthy: 0, caution: 1, warning: 2, critical: 3 };

export interface PositionHealthInput {
  readonly positionId: string;
  readonly side: PositionSide;
  readonly strategy: RiskStrategy;
  readonly ageMs: number;
  readonly maxHoldMs: number;
  /** Exact, in the account currency. */
  readonly unrealizedPnl: Dec;
  /** The three "position health" checks; null = not known for this position (left out of its average). */
  readonly volumeTrendingUp: boolean | null;
  readonly orderFlowPositive: boolean | null;
  readonly liquidityStable: boolean | null;
  /** Correlation with each leader (null = not enough data). */
  readonly leaderCorrelations: readonly { readonly leader: string; readonly correlation: number | null }[];
}

export interface HealthInputs {
  /** Account equity; null before the first reading. */
  readonly equity: Dec | null;
  readonly positions: readonly PositionHealthInput[];
  /** Leaders' short/long volatility ratio; null while unknown. */
  readonly volatilityRatio: number | null;
}

export interface HealthFactor {
  readonly points: number;
  readonly max: number;
  readonly detail: string;
}

export interface HealthScore {
  /** 0–100; 100 = perfect health. */
  readonly score: number;
  readonly band: HealthBand;
  readonly factors: {
    readonly unrealizedPnl: HealthFactor;
    readonly positionQuality: HealthFactor;
    readonly concentrationRisk: HealthFactor;
    readonly holdTimeDistribution: HealthFactor;
    readonly marketConditions: HealthFactor;
  };
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const f2 = (x: number): string => x.toFixed(2);

export function healthBand(score: number, cfg: HealthScoreConfig): HealthBand {
  if (score < cfg.criticalBelow) return HealthBand.Critical;
  if (score < cfg.warningBelow) return HealthBand.Warning;
  if (score < cfg.cautionBelow) return HealthBand.Caution;
  return HealthBand.Healthy;
}

/** Per-position hold sub-score: 1 while fresh, linear to `scoreAtMaxHold` at the max hold, 0 beyond. */
export function holdSubScore(ageMs: number, maxHoldMs: number, cfg: HealthScoreConfig['holdTime']): number {
  if (ageMs < cfg.freshMs) return 1;
  if (ageMs > maxHoldMs) return 0;
  if (maxHoldMs <= cfg.freshMs) return cfg.scoreAtMaxHold;
  return 1 - ((1 - cfg.scoreAtMaxHold) * (ageMs - cfg.freshMs)) / (maxHoldMs - cfg.freshMs);
}

/**
 * §2.2.5 portfolio health, 0–100: five factors, each weight × 100 × a 0–1 sub-score.
 * 1. Unrealised P&L: Σ unrealised / equity, −5 % → 0, +5 % → 1, linear.
 * 2. Position quality: mean over positions of the share of its known checks that pass (volume
 *    trending up, order flow with the position, liquidity stable); 0.5 when none is known.
 * 3. Concentration: the largest group of same-side positions correlated > `minCorrelation` with
 *    one leader; ≤ 1 → 1, ≥ 5 → 0, linear (4 ⇒ 0.25, the example's 5/20).
 * 4. Hold time: weighted mean of `holdSubScore`; an overdue meme position weighs double.
 * 5. Market conditions: leaders' σ(60)/σ(1440) ≤ 1 → 1, ≥ 2 → 0, linear; full while flat or unknown
 *    or with nothing open ("high volatility during open positions").
 * With no positions, factors 2–5 are full (nothing is at risk).
 */
export function computeHealthScore(inp: HealthInputs, cfg: HealthScoreConfig, minCorrelation: number): HealthScore {
  const w = cfg.weights;
  const ps = inp.positions;

  // 1. Unrealised P&L.
  let total = ZERO;
  for (const p of ps) total = total.plus(p.unrealizedPnl);
  let pnlDetail: string;
  let sPnl: number;
  if (inp.equity === null || inp.equity.lte(0)) {
    sPnl = 0.5;
    pnlDetail = 'no equity reading: neutral';
  } else {
    const u = total.div(inp.equity).toNumber();
    sPnl = clamp01((u + cfg.pnlRangePct) / (2 * cfg.pnlRangePct));
    pnlDetail = `unrealised ${total.toString()} = ${f2(u * 100)} % of equity ${inp.equity.toString()}`;
  }

  // 2. Position quality.
  let sQuality = 1;
  let qualityDetail = 'no open positions';
  if (ps.length > 0) {
    let sum = 0;
    for (const p of ps) {
      let known = 0;
      let good = 0;
      for (const c of [p.volumeTrendingUp, p.orderFlowPositive, p.liquidityStable]) {
        if (c === null) continue;
        known += 1;
        if (c) good += 1;
      }
      sum += known === 0 ? 0.5 : good / known;
    }
    sQuality = sum / ps.length;
    qualityDetail = `mean position health ${f2(sQuality)} over ${ps.length} positions`;
  }

  // 3. Concentration.
  const groups = new Map<string, number>();
  for (const p of ps) {
    for (const c of p.leaderCorrelations) {
      if (c.correlation === null || !(c.correlation > minCorrelation)) continue;
      const k = `${c.leader}|${p.side}`;
      groups.set(k, (groups.get(k) ?? 0) + 1);
    }
  }
  let largest = 0;
  let largestKey = '';
  for (const [k, n] of groups) {
    if (n > largest) {
      largest = n;
      largestKey = k;
    }
  }
  const cc = cfg.concentration;
  const sConc = clamp01(1 - Math.max(0, largest - cc.fullPointsUpTo) / (cc.zeroPointsAt - cc.fullPointsUpTo));
  const concDetail = largest === 0 ? 'no correlated group' : `${largest} ${largestKey.split('|')[1]} positions correlated > ${minCorrelation} with ${largestKey.split('|')[0]}`;

  // 4. Hold time.
  let sHold = 1;
  let holdDetail = 'no open positions';
  if (ps.length > 0) {
    let num = 0;
    let den = 0;
    let ageSum = 0;
    for (const p of ps) {
      const s = holdSubScore(p.ageMs, p.maxHoldMs, cfg.holdTime);
      const weight = p.strategy === RiskStrategy.Meme && p.ageMs > p.maxHoldMs ? cfg.holdTime.memeOverdueWeight : 1;
      num += weight * s;
      den += weight;
      ageSum += p.ageMs;
    }
    sHold = num / den;
    holdDetail = `mean hold ${f2(ageSum / ps.length / 60_000)} min, sub-score ${f2(sHold)}`;
  }

  // 5. Market conditions.
  let sMarket = 1;
  let marketDetail = 'no open positions';
  if (ps.length > 0) {
    const v = inp.volatilityRatio;
    const mc = cfg.marketConditions;
    if (v === null) marketDetail = 'leader volatility unknown';
    else {
      sMarket = clamp01(1 - (v - mc.calmRatio) / (mc.stormRatio - mc.calmRatio));
      marketDetail = `leader volatility ratio ${f2(v)} (σ ${mc.shortReturns} / σ ${mc.longReturns} one-minute returns)`;
    }
  }

  const factor = (weight: number, s: number, detail: string): HealthFactor => ({ points: weight * 100 * s, max: weight * 100, detail });
  const factors = {
    unrealizedPnl: factor(w.unrealizedPnl, sPnl, pnlDetail),
    positionQuality: factor(w.positionQuality, sQuality, qualityDetail),
    concentrationRisk: factor(w.concentrationRisk, sConc, concDetail),
    holdTimeDistribution: factor(w.holdTimeDistribution, sHold, holdDetail),
    marketConditions: factor(w.marketConditions, sMarket, marketDetail),
  };
  const raw = factors.unrealizedPnl.points + factors.positionQuality.points + factors.concentrationRisk.points + factors.holdTimeDistribution.points + factors.marketConditions.points;
  const score = Math.min(100, Math.max(0, raw));
  return { score, band: healthBand(score, cfg), factors };
}
