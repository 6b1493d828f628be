import type { RegimeResult } from '../../analytics/regime/regime-detector.js';
import { RegimeVerdict } from '../../analytics/regime/regime-judge.js';
import { RegimeStop } from './stop-reasons.js';

/** Why Level 1 stops on this verdict (null when it passes), and every check that failed. */
export interface RegimeStopReading {
  readonly reason: RegimeStop;
  /** Every failed check; empty while warming up (then every missing value fails, which says nothing). */
  readonly failed: readonly string[];
}

/**
 * Level 1's stop reason: `warmingUp` while the detector has fewer closed 15m candles than every
 * value needs (`firstVerdict15m`, from `regimeRetention`), else the first failed check in the judge's
 * order (structure, adx, di, persistence, meanReversion, atr, volume). Null for a trend verdict.
 */
export function regimeStop(r: RegimeResult, firstVerdict15m: number): RegimeStopReading | null {
  return regimeStopOf(
    r.verdict,
    r.values.candles15m,
    r.checks.filter((k) => !k.passed).map((k) => k.name),
    firstVerdict15m,
  );
}

/** `regimeStop` from the verdict, the 15m count and the failed check names (in the judge's order), without a RegimeResult. */
export function regimeStopOf(verdict: RegimeVerdict, candles15m: number, failed: readonly string[], firstVerdict15m: number): RegimeStopReading | null {
  if (verdict !== RegimeVerdict.Ranging) return null;
  if (candles15m < firstVerdict15m) return { reason: RegimeStop.WarmingUp, failed: [] };
  // RANGING with every check passed cannot happen (no structure direction fails `structure`); say structure if it ever does.
  return { reason: (failed[0] ?? RegimeStop.Structure) as RegimeStop, failed };
}
