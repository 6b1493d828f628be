import { type Level, levelOrder } from './level.js';
import { RegimeCheckName } from '../../analytics/regime/regime-judge.js';
import { stopReasonsOf } from './stop-reasons.js';

export interface FunnelRow {
  level: string;
  evaluated: number;
  stoppedHere: number;
  passed: number;
  /** Why each stopped evaluation stopped (one reason each, see stop-reasons.ts): sums to `stoppedHere`. Every reason of the level is present, 0 when it never stopped one. */
  reasons: Record<string, number>;
  /** Level 1 only: evaluations each check failed, every failed check counted (not while warming up). */
  failedChecks?: Record<string, number>;
}

const zeros = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((k) => [k, 0]));

/** How many evaluations reached each level, how many stopped there, and which check stopped them (issue 10 item 4). */
export class LevelFunnel {
  private readonly rows = new Map<Level, FunnelRow>(
    levelOrder.map((l) => [l, { level: l, evaluated: 0, stoppedHere: 0, passed: 0, reasons: zeros(stopReasonsOf[l]), ...(l === 'level1_regime' ? { failedChecks: zeros(Object.values(RegimeCheckName)) } : {}) }]),
  );

  record(level: Level, passed: boolean, reason?: string): void {
    this.recordMany(level, passed, reason, 1);
  }

  /** `n` evaluations with the same outcome at once (a caller that counts a run of them before telling). */
  recordMany(level: Level, passed: boolean, reason: string | undefined, n: number): void {
    const r = this.rows.get(level) as FunnelRow;
    r.evaluated += n;
    if (passed) r.passed += n;
    else {
      r.stoppedHere += n;
      if (reason !== undefined) r.reasons[reason] = (r.reasons[reason] ?? 0) + n;
    }
  }

  /** Level 1's every failed check, for an evaluation that stopped with the regime warm (see FunnelRow.failedChecks). */
  failed(level: Level, checks: readonly string[]): void {
    this.failedMany(level, checks, 1);
  }

  /** `failed` for `n` evaluations with the same failed checks. */
  failedMany(level: Level, checks: readonly string[], n: number): void {
    const r = this.rows.get(level) as FunnelRow;
    const f = (r.failedChecks ??= {});
    for (const c of checks) f[c] = (f[c] ?? 0) + n;
  }

  snapshot(): FunnelRow[] {
    return levelOrder.map((l) => {
      const r = this.rows.get(l) as FunnelRow;
      return { ...r, reasons: { ...r.reasons }, ...(r.failedChecks ? { failedChecks: { ...r.failedChecks } } : {}) };
    });
  }
}
