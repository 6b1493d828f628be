import type { ValueOf } from '../../util/value-of.js';

/** The four short-circuit levels of §2.3, in evaluation order. */
export const Level = {
  Regime: 'level1_regime',
  Zone: 'level2_zone',
  Cascade: 'level3_cascade',
  Bounce: 'level4_bounce',
} as const;
export type Level = ValueOf<typeof Level>;

export const levelOrder: readonly Level[] = [Level.Regime, Level.Zone, Level.Cascade, Level.Bounce];

export interface LevelResult {
  readonly level: Level;
  readonly passed: boolean;
  /** Human-readable values that decided it ("ADX 31.2 > 25, H 0.61 > 0.55 …"). */
  readonly detail: string;
}
