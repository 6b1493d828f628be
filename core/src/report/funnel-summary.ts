import type { FunnelLevel, ScoreBucket, WarmUpStat } from '../backtest/backtest-result.js';

/** One funnel stage as summary.json, the analytics /status and `npm start --once` show it. */
export interface FunnelStageSummary {
  evaluated: number;
  passed: number;
  stopped: number;
  /** Which check stopped each stopped evaluation (one each: they sum to `stopped`). */
  reasons: Record<string, number>;
  /** Level 1: every failed check, counted on each evaluation that stopped with the regime warm. */
  failedChecks?: Record<string, number>;
  /** The confluence score's threshold. */
  threshold?: number;
  /** The confluence score: scored setups per half-point bucket. */
  distribution?: ScoreBucket[];
}

/** `{level1_regime: …, level2_zone: …, level3_cascade: …, level4_bounce: …, confluence_score: …}`, in funnel order. */
export type FunnelSummary = Record<string, FunnelStageSummary>;

/** The funnel rows as the issue's `funnel` object (rows keep `stoppedHere`; the summary says `stopped`). */
export function funnelSummary(levels: readonly FunnelLevel[]): FunnelSummary {
  const out: FunnelSummary = {};
  for (const l of levels) {
    out[l.level] = {
      evaluated: l.evaluated,
      passed: l.passed,
      stopped: l.stoppedHere,
      reasons: { ...(l.reasons ?? {}) },
      ...(l.failedChecks ? { failedChecks: { ...l.failedChecks } } : {}),
      ...(l.threshold !== undefined ? { threshold: l.threshold } : {}),
      ...(l.distribution ? { distribution: l.distribution.map((b) => ({ ...b })) } : {}),
    };
  }
  return out;
}

/** "29.75 h", "45 min", "0 s": a warm-up duration for people. */
export function durationText(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(2).replace(/\.?0+$/, '')} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1).replace(/\.0$/, '')} min`;
  return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}

/** One sentence on the regime's warm-up, for the report and the status line. */
export function warmUpText(w: WarmUpStat): string {
  const seeded = w.seeded ? `seeded with ${w.seeded['15m']} × 15m and ${w.seeded['1m']} × 1m candles${w.dropped > 0 ? ` (${w.dropped} dropped: they ended after the first trade)` : ''}` : 'no warm-up history (--warmup FILE)';
  if (!w.ready) return `regime warming up for the whole tape (${durationText(w.warmingUpMs)}): it never had the ${w.candlesNeeded15m} closed 15m candles every value needs; ${seeded}`;
  if (w.warmingUpMs === 0) return `regime ready from the first trade; ${seeded}`;
  return `regime warmed up for ${durationText(w.warmingUpMs)} of tape time (until it had ${w.candlesNeeded15m} closed 15m candles); ${seeded}`;
}

/** Several markets' funnels as one: counts and reasons added stage by stage (the score's buckets too). */
export function mergeFunnels(all: readonly FunnelSummary[]): FunnelSummary {
  const out: FunnelSummary = {};
  const add = (a: Record<string, number> | undefined, b: Record<string, number>): Record<string, number> => {
    const r = { ...(a ?? {}) };
    for (const [k, n] of Object.entries(b)) r[k] = (r[k] ?? 0) + n;
    return r;
  };
  for (const f of all) {
    for (const [stage, s] of Object.entries(f)) {
      const o = out[stage];
      if (!o) {
        out[stage] = { ...s, reasons: { ...s.reasons }, ...(s.failedChecks ? { failedChecks: { ...s.failedChecks } } : {}), ...(s.distribution ? { distribution: s.distribution.map((b) => ({ ...b })) } : {}) };
        continue;
      }
      o.evaluated += s.evaluated;
      o.passed += s.passed;
      o.stopped += s.stopped;
      o.reasons = add(o.reasons, s.reasons);
      if (s.failedChecks) o.failedChecks = add(o.failedChecks, s.failedChecks);
      if (s.distribution && o.distribution) o.distribution = o.distribution.map((b, i) => ({ ...b, count: b.count + (s.distribution?.[i]?.count ?? 0) }));
    }
  }
  return out;
}

/** A few words for a status line: "regime warming up 3.5 h", "regime ready after 29.75 h", "regime ready from the first trade". */
export function warmUpBrief(w: WarmUpStat): string {
  if (!w.ready) return `regime warming up ${durationText(w.warmingUpMs)} (needs ${w.candlesNeeded15m} × 15m)`;
  return w.warmingUpMs === 0 ? 'regime ready from the first trade' : `regime ready after ${durationText(w.warmingUpMs)}`;
}
