import type { StrategyConfig } from '../config/strategy-config.js';
import type { SetupDetected } from '../messages/events/setup-detected.js';
import { ratioValue } from '../analytics/flow-window.js';

export interface ScoreItem {
  readonly name: string;
  readonly points: number;
  readonly max: number;
  readonly detail: string;
}

export type Decision =
  | { decision: 'trade'; score: number; strength: 'weak' | 'strong' | 'very_strong'; explanation: ScoreItem[] }
  | { decision: 'no_trade'; score: number; reason: string; explanation: ScoreItem[] };

/**
 * Score a setup (§2.2.2): the order-flow primary must pass under the current config (the setup was
 * detected under the config analytics had, which may be older), then the secondary filters add
 * points, mirrored for shorts: a long wants price at/below value and below its mean, a short the
 * opposite.
 */
export function scoreSetup(setup: Pick<SetupDetected['payload'], 'side' | 'flow' | 'context'>, cfg: StrategyConfig): Decision {
  const items: ScoreItem[] = [];
  const f = setup.flow.w30s;
  const r = ratioValue(f.ratio);
  const th = cfg.orderFlow.ratioThreshold;
  const primaryOk = f.trades >= cfg.orderFlow.minTrades && (setup.side === 'long' ? r > th : r < 1 / th);
  const ratioText = f.ratio === null ? '∞' : f.ratio.toFixed(2);
  items.push({ name: 'primary.order_flow', points: 0, max: 0, detail: `${ratioText} over ${f.trades} trades, threshold ${th}: ${primaryOk ? 'pass' : 'fail'}` });
  // Primary #2, microstructure: a rejection of the zone in the 1m candle (§2.2.2 "rejection pattern confirmed").
  const b = setup.context.bounce;
  const minRej = cfg.scoring.minRejection;
  const microOk = b !== null && b.rejection > minRej;
  items.push({ name: 'primary.microstructure', points: 0, max: 0, detail: b ? `rejection ${b.rejection.toFixed(2)} (threshold ${minRej}), ${b.movingAway ? 'leaving the zone' : 'at the zone'}: ${microOk ? 'pass' : 'fail'}` : 'no 1m candle: fail' });
  if (!cfg.enabled) return { decision: 'no_trade', score: 0, reason: 'strategy disabled', explanation: items };
  if (!primaryOk) return { decision: 'no_trade', score: 0, reason: 'order-flow primary no longer passes under current config', explanation: items };
  if (!microOk) return { decision: 'no_trade', score: 0, reason: 'microstructure primary: no rejection at the zone', explanation: items };

  const w = cfg.scoring.weights;
  const { price, mean15m, std15m, autocorr1m, profile } = setup.context;
  const long = setup.side === 'long';

  // Market profile (§2.2.2 #3): at the value-area edge that favours the side → full weight; inside
  // value → +0.5 (the document's text; its code says weight × 0.5, see docs/decisions.md).
  let mp = 0;
  let mpDetail = 'no profile';
  if (profile) {
    const edge = long ? profile.valueAreaLow : profile.valueAreaHigh;
    const atEdge = Math.abs(price - edge) <= edge * cfg.scoring.valueAreaEdgeTolerance;
    const inside = price > profile.valueAreaLow && price < profile.valueAreaHigh;
    mp = atEdge ? w.marketProfile : inside ? Math.min(0.5, w.marketProfile) : 0;
    mpDetail = `price ${price} VAL ${profile.valueAreaLow.toPrecision(8)} VAH ${profile.valueAreaHigh.toPrecision(8)} POC ${profile.poc.toPrecision(8)}: ${atEdge ? (long ? 'at VAL' : 'at VAH') : inside ? 'inside value' : 'outside value'}`;
  }
  items.push({ name: 'market_profile', points: mp, max: w.marketProfile, detail: mpDetail });

  // Mean reversion (§2.2.2 #4): distance from the 15-min mean in σ, counted only on the side that
  // reverts toward the trade (below the mean for longs).
  let mr = 0;
  let mrDetail = 'not enough trades';
  if (mean15m !== null && std15m !== null && std15m > 0) {
    const z = (price - mean15m) / std15m;
    const towardTrade = long ? -z : z;
    mr = towardTrade >= 2 ? w.meanReversion : towardTrade >= 1 ? w.meanReversion * 0.5 : 0;
    mrDetail = `${z.toFixed(2)}σ from the 15-min mean`;
  }
  items.push({ name: 'mean_reversion', points: mr, max: w.meanReversion, detail: mrDetail });

  // Autocorrelation (§2.2.2 #5): |r| > 0.6 or < 0.3 → full; otherwise half.
  let ac = 0;
  let acDetail = 'fewer than 10 closed 1m candles';
  if (autocorr1m !== null) {
    const a = Math.abs(autocorr1m);
    ac = a > 0.6 || a < 0.3 ? w.autocorrelation : w.autocorrelation * 0.5;
    acDetail = `lag-1 r = ${autocorr1m.toFixed(3)}`;
  }
  items.push({ name: 'autocorrelation', points: ac, max: w.autocorrelation, detail: acDetail });

  // Zone (§2.2.2 #6, supply for shorts): fresh → full weight, tested 1–2 times → half, weaker → 0.
  const z = setup.context.zone;
  let zp = 0;
  let zDetail = 'no zone of the trade side';
  if (z && (z.kind === (long ? 'demand' : 'supply'))) {
    const tests = z.tests ?? 0;
    zp = tests === 0 ? w.zone : tests <= 2 ? w.zone * 0.5 : 0;
    zDetail = `${z.kind} ${z.low}–${z.high}, ${tests === 0 ? 'fresh' : `tested ${tests}×`}, strength ${z.strength ?? 'n/a'}`;
  } else if (z) zDetail = `at a ${z.kind === 'value_area' ? 'value-area edge' : 'fair value gap'}, not a ${long ? 'demand' : 'supply'} zone`;
  items.push({ name: long ? 'demand_zone' : 'supply_zone', points: zp, max: w.zone, detail: zDetail });

  // Target (§2.2.2 #7): the opposite zone ahead.
  const tz = setup.context.targetZone;
  const tp = tz ? w.targetZone : 0;
  items.push({ name: 'target_zone', points: tp, max: w.targetZone, detail: tz ? `${tz.kind} ${tz.low}–${tz.high} ahead` : 'none ahead' });

  // Fair value gap in the trade's direction (§2.2.2 #8).
  const g = setup.context.fvg;
  const gp = g ? w.fairValueGap : 0;
  items.push({ name: 'fair_value_gap', points: gp, max: w.fairValueGap, detail: g ? `open gap ${g.low}–${g.high}` : 'none in the trade direction' });

  // Sum in hundredths so 1.5 + 0.75 + … prints and compares exactly.
  const score = Math.round((mp + mr + ac + zp + tp + gp) * 100) / 100;
  const s = cfg.scoring;
  if (score < s.minScore) return { decision: 'no_trade', score, reason: `confluence ${score} < ${s.minScore}`, explanation: items };
  const strength = score >= s.veryStrongScore ? 'very_strong' : score >= s.strongScore ? 'strong' : 'weak';
  return { decision: 'trade', score, strength, explanation: items };
}
