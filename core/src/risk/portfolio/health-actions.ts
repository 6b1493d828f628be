import { Severity } from '../../config/notification-settings.js';
import { closeWorst, markOf } from './close-requests.js';
import { setBlock } from './entry-blocks.js';
import { HealthBand, type PositionHealthInput, computeHealthScore, healthBandRank } from './health-score.js';
import type { ManagerState } from './manager-state.js';
import { maxHoldMsFor } from './max-hold.js';
import { BlockReason, CloseReason, type RiskAction, RiskEvent, type RiskValues } from './risk-action.js';
import { unrealizedPnl } from './risk-position.js';

/*
 * What the portfolio risk manager does about the health score (internal, not re-exported from
 * index.ts): scores the open positions and acts on a worse band — caution refuses entries, warning
 * tightens every trail, critical closes the worst — once per band change, not on every evaluation.
 */

/** Scores the portfolio at `now`, stores the score and acts on the band change. */
export function evaluateHealth(s: ManagerState, now: number, out: RiskAction[]): void {
  const c = s.config;
  const q = c.healthScore.quality;
  const inputs: PositionHealthInput[] = [];
  for (const { p } of s.positions.values()) {
    inputs.push({
      positionId: p.positionId,
      side: p.side,
      strategy: p.strategy,
      ageMs: Math.max(0, now - p.openedAt),
      maxHoldMs: maxHoldMsFor(p, c.maxHold),
      unrealizedPnl: unrealizedPnl(p, markOf(s.dumps, p)),
      volumeTrendingUp: s.dumps.volumeTrendingUp(p.symbol, q.recentCandles, q.baselineCandles),
      orderFlowPositive: s.dumps.orderFlowPositive(p.symbol, p.side, q.recentCandles),
      liquidityStable: s.dumps.liquidityStable(p.symbol, q.liquidityDropPct),
      leaderCorrelations: c.correlationExit.leaders.map((leader) => ({ leader, correlation: s.book.correlation(p.symbol, leader) })),
    });
  }
  const score = computeHealthScore({ equity: s.drawdown.snapshot().equity, positions: inputs, volatilityRatio: s.book.volatilityRatio() }, c.healthScore, c.correlationExit.minCorrelation);
  s.health = score;
  s.healthAt = now;
  const from = s.band;
  const to = score.band;
  s.band = to;
  const rf = healthBandRank[from];
  const rt = healthBandRank[to];
  const values: RiskValues = { score: score.score, from, to };
  if (rt > rf) {
    out.push({ type: 'notify', event: RiskEvent.PortfolioHealthDegraded, severity: to === HealthBand.Critical ? Severity.Critical : Severity.Warning, detail: `portfolio health ${scoreText(score.score)}: ${to}`, values });
    const h = c.healthScore;
    if (rf < healthBandRank.caution) setBlock(s.blocked, BlockReason.HealthCaution, true, `health score ${scoreText(score.score)} < ${h.cautionBelow}`, null, out);
    if (rf < healthBandRank.warning && rt >= healthBandRank.warning) {
      const ids = [...s.positions.values()].filter((t) => !t.closing).map((t) => t.p.positionId);
      if (ids.length > 0) out.push({ type: 'tighten_trails', pct: h.warningTrailPct, positionIds: ids, reason: 'health_warning', detail: `health score ${scoreText(score.score)} < ${h.warningBelow}` });
    }
    if (rt >= healthBandRank.critical) closeWorst(s, h.criticalCloseCount, CloseReason.HealthCritical, `health score ${scoreText(score.score)} < ${h.criticalBelow}`, values, now, out);
  } else if (rt < rf && rt < healthBandRank.caution) {
    setBlock(s.blocked, BlockReason.HealthCaution, false, '', null, out);
  }
}

/**
 * A score for the texts, cut (not rounded) to two decimals: every text compares it with a band's
 * lower edge, and 69.996 rounded reads "70.00 < 70". The 1e-7 (of a hundredth) keeps a two-decimal
 * score whose ×100 lands just under its integer (37.85 × 100 = 3784.9999999999995) from losing 0.01.
 */
export function scoreText(score: number): string {
  return (Math.floor(score * 100 + 1e-7) / 100).toFixed(2);
}
