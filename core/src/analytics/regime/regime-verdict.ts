import { type StructureSnapshot, StructureDirection } from './market-structure.js';
import type { RegimeConfig } from './regime-config.js';
import { RegimeCheckName, type RegimeValues, RegimeVerdict } from './regime-judge.js';

/** The verdict and which checks failed, without the texts: what Level 1 reads on every 15m candle. */
export interface RegimeVerdictReading {
  readonly verdict: RegimeVerdict;
  /** Names of the failed checks, in the judge's order (the names `judgeRegime`'s failed checks carry). */
  readonly failed: readonly RegimeCheckName[];
}

/**
 * `judgeRegime`'s verdict and failed checks, the same conditions in the same order, without building
 * any check's text (issue 14: the texts, six number formats and a dozen strings, were most of a 15m
 * candle's cost, and Level 1 reads only the verdict and the failed names; the texts are built from the
 * same inputs when someone reads them). Keep in step with `judgeRegime`: the tests compare the two
 * over random inputs.
 */
export function judgeRegimeVerdict(v: RegimeValues, s: StructureSnapshot | null, cfg: RegimeConfig, previous: RegimeVerdict): RegimeVerdictReading {
  const hold = cfg.structure.holdCandles;
  let dir: StructureDirection = StructureDirection.None;
  let structureOk = false;
  if (s !== null) {
    if (previous === RegimeVerdict.Uptrend && s.direction !== StructureDirection.Up && s.pullbackUp !== null && s.pullbackUp.candles <= hold) {
      dir = StructureDirection.Up;
      structureOk = true;
    } else if (previous === RegimeVerdict.Downtrend && s.direction !== StructureDirection.Down && s.pullbackDown !== null && s.pullbackDown.candles <= hold) {
      dir = StructureDirection.Down;
      structureOk = true;
    } else {
      dir = s.direction;
      structureOk = dir !== StructureDirection.None;
    }
  }
  const up = dir === StructureDirection.Up;
  const failed: RegimeCheckName[] = [];
  if (!structureOk) failed.push(RegimeCheckName.Structure);

  const trendOfDir = up ? RegimeVerdict.Uptrend : RegimeVerdict.Downtrend;
  const a = cfg.adx;
  const adxOk = v.adx !== null && (v.adx > a.trendMin || (a.hysteresis && dir !== StructureDirection.None && previous === trendOfDir && v.adx >= a.rangeMax));
  if (!adxOk) failed.push(RegimeCheckName.Adx);

  if (a.requireDiAgreement && dir !== StructureDirection.None) {
    const diOk = v.plusDi !== null && v.minusDi !== null && (up ? v.plusDi > v.minusDi : v.minusDi > v.plusDi);
    if (!diOk) failed.push(RegimeCheckName.Di);
  }

  if (v.persistence === null) failed.push(RegimeCheckName.Persistence);
  else {
    const m = v.persistenceMove;
    const against = dir !== StructureDirection.None && m !== null && (up ? m <= 0 : m >= 0);
    if (!(v.persistence > cfg.persistence.min) || against) failed.push(RegimeCheckName.Persistence);
  }

  if (v.meanReversionStrength === null || !(v.meanReversionStrength < cfg.meanReversion.max)) failed.push(RegimeCheckName.MeanReversion);

  if (v.atrPercent === null || !(v.atrPercent >= cfg.atr.minPercent)) failed.push(RegimeCheckName.Atr);

  if (cfg.volume.required && dir !== StructureDirection.None) {
    const d = v.deltaShare15m;
    if (d === null || !((up ? d : -d) > cfg.volume.minDeltaShare)) failed.push(RegimeCheckName.Volume);
  }

  const trending = dir !== StructureDirection.None && failed.length === 0;
  return { verdict: trending ? trendOfDir : RegimeVerdict.Ranging, failed };
}
