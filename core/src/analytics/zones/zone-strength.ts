import type { ZoneConfig } from './zone-config.js';

/**
 * §2.3.2 zone strength, 0–100: base by tests (fresh 100, tested 1–2 times 70, 3+ times 40) times a
 * creation-volume weight min(1, volumeRatio / fullStrengthVolumeRatio), where volumeRatio is the
 * creating candle's volume over the average of the `volumeLookback` candles before it. Every zone is
 * born on a spike (ratio > 1.5), so with the default full-strength ratio 3 the weight is in (0.5, 1]:
 * a fresh zone scores 50–100, and a fresh zone born on a small spike can rank below a tested zone
 * born on a large one — "higher volume = stronger belief".
 */
export function zoneStrength(testCount: number, volumeRatio: number, cfg: Pick<ZoneConfig, 'strength' | 'fullStrengthVolumeRatio'>): number {
  const s = cfg.strength;
  const base = testCount === 0 ? s.fresh : testCount < s.weakenedAtTests ? s.tested : s.weakened;
  return base * Math.min(1, volumeRatio / cfg.fullStrengthVolumeRatio);
}
