import type { ValueOf } from '../../util/value-of.js';
import { type StructureSnapshot, StructureDirection } from './market-structure.js';
import type { RegimeConfig } from './regime-config.js';

export const RegimeVerdict = {
  Uptrend: 'UPTREND',
  Downtrend: 'DOWNTREND',
  Ranging: 'RANGING',
} as const;
export type RegimeVerdict = ValueOf<typeof RegimeVerdict>;

/** The Level 1 conditions, in the order they are checked and reported. */
export const RegimeCheckName = {
  Structure: 'structure',
  Adx: 'adx',
  Di: 'di',
  Persistence: 'persistence',
  MeanReversion: 'meanReversion',
  Atr: 'atr',
  Volume: 'volume',
} as const;
export type RegimeCheckName = ValueOf<typeof RegimeCheckName>;

export interface RegimeCheck {
  readonly name: RegimeCheckName;
  readonly passed: boolean;
  /** The numbers against the threshold, or why there are none yet. */
  readonly detail: string;
}

/** Every number behind the verdict (null while not yet computable). */
export interface RegimeValues {
  readonly candles15m: number;
  readonly candles1m: number;
  readonly close15m: number | null;
  readonly adx: number | null;
  readonly plusDi: number | null;
  readonly minusDi: number | null;
  readonly atr: number | null;
  /** ATR as a percentage of the last 15m close. */
  readonly atrPercent: number | null;
  /** Directional persistence of the 15m closes, 0–1 (directional-persistence.ts): > 0.55 trending. */
  readonly persistence: number | null;
  /** ln(close / close at the start of the persistence window): the way the persisting moves went. */
  readonly persistenceMove: number | null;
  readonly meanReversionStrength: number | null;
  readonly meanReversionEpisodes: number;
  /** z of the last 15m close against its rolling mean. */
  readonly meanReversionZ: number | null;
  /** Σ(buy − sell)/Σ volume over the structure candles. */
  readonly deltaShare15m: number | null;
  readonly rsi1m: number | null;
  readonly autocorr1m: number | null;
}

export interface RegimeJudgement {
  readonly verdict: RegimeVerdict;
  readonly checks: readonly RegimeCheck[];
}

const f2 = (v: number): string => v.toFixed(2);
const f3 = (v: number): string => v.toFixed(3);

/**
 * §2.3.1 combined filter, pure: the Level 1 verdict from the 15m numbers. `previous` is the verdict on
 * the previous 15m candle (for the ADX hysteresis). Trending needs a structure direction and every
 * check passed; otherwise RANGING, and the failed checks say why. A null value fails its check with
 * how many 15m candles it needs (from the config) against `values.candles15m`.
 */
export function judgeRegime(v: RegimeValues, s: StructureSnapshot | null, cfg: RegimeConfig, previous: RegimeVerdict): RegimeJudgement {
  const have = v.candles15m;
  const checks: RegimeCheck[] = [];
  const waiting = (what: string, need: number): string => `${what} needs ${need} 15m candles, have ${have}`;

  const n = cfg.structure.candles;
  const hold = cfg.structure.holdCandles;
  // A pullback that holds above the last HH/HL run's low keeps the trend of the previous candle (config).
  const riding =
    s === null
      ? null
      : previous === RegimeVerdict.Uptrend && s.direction !== StructureDirection.Up && s.pullbackUp !== null && s.pullbackUp.candles <= hold
        ? { dir: StructureDirection.Up, p: s.pullbackUp }
        : previous === RegimeVerdict.Downtrend && s.direction !== StructureDirection.Down && s.pullbackDown !== null && s.pullbackDown.candles <= hold
          ? { dir: StructureDirection.Down, p: s.pullbackDown }
          : null;
  const dir = riding?.dir ?? s?.direction ?? StructureDirection.None;
  const up = dir === StructureDirection.Up;
  if (s === null) checks.push({ name: RegimeCheckName.Structure, passed: false, detail: waiting('structure', n) });
  else if (riding !== null) {
    const [what, side] = up ? ['higher highs and higher lows', 'above its swing low'] : ['lower highs and lower lows', 'below its swing high'];
    checks.push({
      name: RegimeCheckName.Structure,
      passed: true,
      detail: `pullback of ${riding.p.candles} 15m candle${riding.p.candles === 1 ? '' : 's'} (≤ ${hold}) holding ${side} ${+riding.p.level.toPrecision(10)} since the last ${n} candles of ${what}`,
    });
  } else if (dir === StructureDirection.None) {
    const yn = (b: boolean): string => (b ? 'yes' : 'no');
    checks.push({
      name: RegimeCheckName.Structure,
      passed: false,
      detail: `no higher highs/lows or lower highs/lows over the last ${n} 15m candles (HH ${yn(s.higherHighs)}, HL ${yn(s.higherLows)}, LH ${yn(s.lowerHighs)}, LL ${yn(s.lowerLows)})`,
    });
  } else {
    checks.push({ name: RegimeCheckName.Structure, passed: true, detail: `${up ? 'higher highs and higher lows' : 'lower highs and lower lows'} over the last ${n} 15m candles` });
  }

  const trendOfDir = up ? RegimeVerdict.Uptrend : RegimeVerdict.Downtrend;
  const a = cfg.adx;
  if (v.adx === null) checks.push({ name: RegimeCheckName.Adx, passed: false, detail: waiting(`ADX(${a.period})`, 2 * a.period) });
  else if (v.adx > a.trendMin) checks.push({ name: RegimeCheckName.Adx, passed: true, detail: `ADX ${f2(v.adx)} > ${a.trendMin}` });
  else if (a.hysteresis && dir !== StructureDirection.None && previous === trendOfDir && v.adx >= a.rangeMax) {
    checks.push({ name: RegimeCheckName.Adx, passed: true, detail: `ADX ${f2(v.adx)} ≥ ${a.rangeMax}, holding the ${trendOfDir.toLowerCase()} of the previous 15m candle` });
  } else {
    checks.push({ name: RegimeCheckName.Adx, passed: false, detail: `ADX ${f2(v.adx)} ≤ ${a.trendMin}${v.adx < a.rangeMax ? ` (below ${a.rangeMax}: ranging)` : ''}` });
  }

  if (a.requireDiAgreement && dir !== StructureDirection.None) {
    if (v.plusDi === null || v.minusDi === null) checks.push({ name: RegimeCheckName.Di, passed: false, detail: waiting('DI', a.period + 1) });
    else {
      const ok = up ? v.plusDi > v.minusDi : v.minusDi > v.plusDi;
      const rel = v.plusDi > v.minusDi ? '>' : v.plusDi < v.minusDi ? '<' : '=';
      checks.push({ name: RegimeCheckName.Di, passed: ok, detail: `+DI ${f2(v.plusDi)} ${rel} −DI ${f2(v.minusDi)}${ok ? '' : `, against the ${up ? 'higher' : 'lower'} highs/lows`}` });
    }
  }

  const win = cfg.persistence.window;
  if (v.persistence === null) {
    checks.push({ name: RegimeCheckName.Persistence, passed: false, detail: have < win ? waiting(`persistence (over ${win} closes)`, win) : 'persistence undefined: the 15m closes did not move' });
  } else {
    // §2.3.1 "price movements continue in the same direction": the trend's. Persistence has no sign, so a
    // 3-candle dip with −DI on top inside a window that climbed is not a downtrend.
    const high = v.persistence > cfg.persistence.min;
    const m = v.persistenceMove;
    const against = dir !== StructureDirection.None && m !== null && (up ? m <= 0 : m >= 0);
    const moved = m === null ? '' : `, but the last ${win} closes moved ${m >= 0 ? 'up' : 'down'} ${f2(Math.abs(Math.expm1(m)) * 100)} %, against the ${up ? 'higher' : 'lower'} highs/lows`;
    checks.push({
      name: RegimeCheckName.Persistence,
      passed: high && !against,
      detail: `persistence ${f3(v.persistence)} ${high ? '>' : '≤'} ${cfg.persistence.min}${against ? moved : ''}`,
    });
  }

  const mr = cfg.meanReversion;
  if (v.meanReversionStrength === null) {
    checks.push({ name: RegimeCheckName.MeanReversion, passed: false, detail: waiting('mean reversion', mr.lookback + mr.window - 1) });
  } else {
    const ok = v.meanReversionStrength < mr.max;
    checks.push({
      name: RegimeCheckName.MeanReversion,
      passed: ok,
      detail: `mean reversion ${f3(v.meanReversionStrength)} ${ok ? '<' : '≥'} ${mr.max} (${v.meanReversionEpisodes} episodes)`,
    });
  }

  if (v.atrPercent === null) checks.push({ name: RegimeCheckName.Atr, passed: false, detail: waiting(`ATR(${cfg.atr.period})`, cfg.atr.period + 1) });
  else {
    const ok = v.atrPercent >= cfg.atr.minPercent;
    checks.push({ name: RegimeCheckName.Atr, passed: ok, detail: `ATR ${f3(v.atrPercent)} % of price ${ok ? '≥' : '<'} ${cfg.atr.minPercent} %` });
  }

  if (cfg.volume.required && dir !== StructureDirection.None) {
    const d = v.deltaShare15m;
    if (d === null) checks.push({ name: RegimeCheckName.Volume, passed: false, detail: `no volume over the last ${n} 15m candles` });
    else {
      const lean = up ? d : -d;
      const ok = lean > cfg.volume.minDeltaShare;
      checks.push({ name: RegimeCheckName.Volume, passed: ok, detail: `aggressor lean ${f3(lean)} in the trend direction ${ok ? '>' : '≤'} ${cfg.volume.minDeltaShare}` });
    }
  }

  const trending = dir !== StructureDirection.None && checks.every((k) => k.passed);
  return { verdict: trending ? trendOfDir : RegimeVerdict.Ranging, checks };
}

/** `VERDICT: details` — every check's numbers for a trend, the failed ones for RANGING. */
export function regimeReason(j: RegimeJudgement): string {
  const shown = j.verdict === RegimeVerdict.Ranging ? j.checks.filter((k) => !k.passed) : j.checks;
  return `${j.verdict}: ${shown.map((k) => k.detail).join('; ')}`;
}
