import type { StrategyConfig } from '../../config/strategy-config.js';
import type { FunnelLevel, ScoreBucket } from '../../backtest/backtest-result.js';
import type { Decision } from '../score-setup.js';

/** What the funnel needs of a decision (a stored `signals` document has these too). */
export type ScoredDecision = Pick<Extract<Decision, { decision: 'trade' }>, 'decision' | 'score'> | Pick<Extract<Decision, { decision: 'no_trade' }>, 'decision' | 'score' | 'reason'>;
import { ScoreStop, stopReasonsOf } from './stop-reasons.js';

/** Half-point buckets: the document's thresholds (3, 5, 7) and its weights (0.5–2) all fall on them. */
export const SCORE_BUCKET = 0.5;

/**
 * Why `decide` turned a setup down, from its decision. `scoreSetup` says it in words only; the
 * prefixes are pinned by score-funnel.test.ts against the real `scoreSetup`, so a rewording fails there.
 */
export function scoreStop(d: ScoredDecision): ScoreStop | null {
  if (d.decision === 'trade') return null;
  if (d.reason.startsWith('strategy disabled')) return ScoreStop.StrategyDisabled;
  if (d.reason.startsWith('order-flow primary')) return ScoreStop.OrderFlowPrimary;
  if (d.reason.startsWith('microstructure primary')) return ScoreStop.MicrostructurePrimary;
  return ScoreStop.BelowThreshold;
}

/**
 * The funnel's last row: setups that reached `decide`, how many became trade signals, why the others
 * did not, and the scores of those that were scored (a setup stopped by a primary has no score).
 */
export class ScoreFunnel {
  private evaluated = 0;
  private passed = 0;
  private readonly reasons: Record<string, number> = Object.fromEntries(stopReasonsOf.confluence_score.map((k) => [k, 0]));
  private readonly counts: number[];
  readonly threshold: number;

  constructor(scoring: StrategyConfig['scoring']) {
    this.threshold = scoring.minScore;
    const w = scoring.weights;
    const top = Math.max(w.marketProfile + w.meanReversion + w.autocorrelation + w.zone + w.targetZone + w.fairValueGap, scoring.minScore, SCORE_BUCKET);
    this.counts = new Array<number>(Math.ceil(top / SCORE_BUCKET - 1e-9)).fill(0);
  }

  record(d: ScoredDecision): void {
    this.evaluated += 1;
    const why = scoreStop(d);
    if (why === null) this.passed += 1;
    else this.reasons[why] = (this.reasons[why] ?? 0) + 1;
    if (why === null || why === ScoreStop.BelowThreshold) {
      // Scores are sums in hundredths (scoreSetup), so the division is exact at the bucket edges that matter.
      const i = Math.min(this.counts.length - 1, Math.max(0, Math.floor(d.score / SCORE_BUCKET + 1e-9)));
      this.counts[i] = (this.counts[i] as number) + 1;
    }
  }

  row(): FunnelLevel {
    const distribution: ScoreBucket[] = this.counts.map((count, i) => ({ from: i * SCORE_BUCKET, to: (i + 1) * SCORE_BUCKET, count }));
    return { level: 'confluence_score', evaluated: this.evaluated, stoppedHere: this.evaluated - this.passed, passed: this.passed, reasons: { ...this.reasons }, distribution, threshold: this.threshold };
  }
}
