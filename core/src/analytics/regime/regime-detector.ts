import type { Candle } from '../candle.js';
import { MarketStructure, type StructureSnapshot } from './market-structure.js';
import { RollingPersistence } from './directional-persistence.js';
import { MeanReversionStrength } from './mean-reversion.js';
import { type RegimeConfig, type RegimeConfigInput, RegimeConfigSchema } from './regime-config.js';
import { type RegimeCheck, type RegimeCheckName, type RegimeValues, RegimeVerdict, judgeRegime, regimeReason } from './regime-judge.js';
import { RollingReturnAutocorrelation } from './return-autocorrelation.js';
import { judgeRegimeVerdict } from './regime-verdict.js';
import { WilderAdx } from './wilder-adx.js';
import { WilderAtr } from './wilder-atr.js';
import { WilderRsi } from './wilder-rsi.js';

export interface RegimeResult {
  readonly verdict: RegimeVerdict;
  /** Why: the passing numbers for a trend, every failed condition for RANGING. */
  readonly reason: string;
  readonly checks: readonly RegimeCheck[];
  readonly structure: StructureSnapshot | null;
  readonly values: RegimeValues;
  /** `openTime` of the 15m candle the verdict was decided on (null before the first). */
  readonly decidedOn15m: number | null;
}

/**
 * §2.3.1 Level 1: trend and regime on the longest timeframe (15m), with the 1m RSI and return
 * autocorrelation of §2.2.2 alongside. Feed it closed candles, oldest first; it decides on every 15m
 * candle (O(1) per candle except persistence, O(window·lags) once per 15m) and `evaluate()` reports the
 * verdict with every number. UPTREND/DOWNTREND need all of: structure (HH/HL or LH/LL over the last
 * 3 candles, or a pullback of ≤ 4 candles holding above/below the last run while the previous candle
 * was that trend), ADX > 25 (or ≥ 20 holding the previous candle's trend), DI agreeing with the
 * structure, directional persistence > 0.55 with the window moving the trend's way, mean reversion
 * < 0.6, ATR ≥ 0.1 % of price (and the volume lean when enabled).
 * Anything else is RANGING, with each failed condition in the reason.
 */
export class RegimeDetector {
  readonly config: RegimeConfig;
  private readonly adx: WilderAdx;
  private readonly atr: WilderAtr;
  private readonly structure: MarketStructure;
  private readonly persistence: RollingPersistence;
  private readonly meanReversion: MeanReversionStrength;
  private readonly rsi: WilderRsi;
  private readonly autocorr: RollingReturnAutocorrelation;
  private last15m = Number.NEGATIVE_INFINITY;
  private last1m = Number.NEGATIVE_INFINITY;
  private close15m = Number.NaN;
  private verdict: RegimeVerdict = RegimeVerdict.Ranging;
  private failedNow: readonly RegimeCheckName[] = [];
  /**
   * What the last decision judged (the values, and the verdict before it): the checks' texts are built
   * from them only when read (`checks`), since Level 1 reads the verdict and failed names alone.
   */
  private judged: { values: RegimeValues; previous: RegimeVerdict } | null = null;
  private checksNow: readonly RegimeCheck[] | null = null;
  private snapshot: StructureSnapshot | null = null;
  private decidedOn: number | null = null;
  private reasonFor: { verdict: RegimeVerdict; checks: readonly RegimeCheck[]; reason: string } | null = null;
  /** Candles ignored: another timeframe (5m), or not after the last one of their timeframe. */
  ignored = 0;

  constructor(config: RegimeConfigInput = {}) {
    this.config = RegimeConfigSchema.parse(config);
    const c = this.config;
    this.adx = new WilderAdx(c.adx.period);
    this.atr = new WilderAtr(c.atr.period);
    this.structure = new MarketStructure(c.structure.candles);
    this.persistence = new RollingPersistence(c.persistence.window);
    this.meanReversion = new MeanReversionStrength(c.meanReversion);
    this.rsi = new WilderRsi(c.rsi1m.period);
    this.autocorr = new RollingReturnAutocorrelation(c.autocorr1m.candles);
    this.decide();
  }

  /**
   * Feeds one closed candle: 15m candles drive the verdict, 1m candles the RSI and autocorrelation.
   * Returns false (and counts it in `ignored`) for other timeframes and for a candle that does not
   * open after the previous one of its timeframe.
   */
  update(c: Candle): boolean {
    if (c.timeframe === '15m') {
      if (c.openTime <= this.last15m) return this.ignore();
      this.last15m = c.openTime;
      this.close15m = c.close;
      this.adx.update(c);
      this.atr.update(c);
      this.structure.update(c);
      this.persistence.update(c);
      this.meanReversion.update(c);
      this.decidedOn = c.openTime;
      this.decide();
      return true;
    }
    if (c.timeframe === '1m') {
      if (c.openTime <= this.last1m) return this.ignore();
      this.last1m = c.openTime;
      this.rsi.update(c);
      this.autocorr.update(c);
      return true;
    }
    return this.ignore();
  }

  /** Feeds fetched history (each oldest first; sizes from `regimeRetention`). */
  warmUp(history: { readonly '1m'?: Iterable<Candle>; readonly '15m'?: Iterable<Candle> }): this {
    for (const c of history['15m'] ?? []) this.update(c);
    for (const c of history['1m'] ?? []) this.update(c);
    return this;
  }

  /** The verdict on the last 15m candle (what `evaluate().verdict` says, without building the result). */
  get currentVerdict(): RegimeVerdict {
    return this.verdict;
  }

  /** Names of the checks the last verdict failed, in the judge's order (`evaluate().checks` that did not pass). */
  get failedChecks(): readonly RegimeCheckName[] {
    return this.failedNow;
  }

  /** Closed 15m candles fed (`evaluate().values.candles15m`). */
  get candles15m(): number {
    return this.adx.candles;
  }

  evaluate(): RegimeResult {
    return {
      verdict: this.verdict,
      reason: this.reason(),
      checks: this.checks,
      structure: this.snapshot,
      values: this.values(),
      decidedOn15m: this.decidedOn,
    };
  }

  /**
   * The verdict's reason, spelled out again only when the verdict or its checks change (a 15m
   * candle): a 1m candle moves the RSI and autocorrelation, never the reason.
   */
  private reason(): string {
    const checks = this.checks;
    const r = this.reasonFor;
    if (r !== null && r.verdict === this.verdict && r.checks === checks) return r.reason;
    const reason = regimeReason({ verdict: this.verdict, checks });
    this.reasonFor = { verdict: this.verdict, checks, reason };
    return reason;
  }

  private ignore(): false {
    this.ignored += 1;
    return false;
  }

  private values(): RegimeValues {
    const close = Number.isNaN(this.close15m) ? null : this.close15m;
    const atr = this.atr.value;
    const di = this.adx.diReady;
    return {
      candles15m: this.adx.candles,
      candles1m: this.rsi.candles,
      close15m: close,
      adx: this.adx.value,
      plusDi: di ? this.adx.plusDi : null,
      minusDi: di ? this.adx.minusDi : null,
      atr,
      atrPercent: atr !== null && close !== null && close > 0 ? (atr / close) * 100 : null,
      persistence: this.persistence.value,
      persistenceMove: this.persistence.move,
      meanReversionStrength: this.meanReversion.value,
      meanReversionEpisodes: this.meanReversion.episodes,
      meanReversionZ: Number.isNaN(this.meanReversion.z) ? null : this.meanReversion.z,
      deltaShare15m: this.snapshot?.deltaShare ?? null,
      rsi1m: this.rsi.value,
      autocorr1m: this.autocorr.value,
    };
  }

  /** The last decision's checks with their texts, judged again from its inputs on first read (same inputs, same checks). */
  private get checks(): readonly RegimeCheck[] {
    if (this.checksNow === null) {
      const j = this.judged;
      this.checksNow = j === null ? [] : judgeRegime(j.values, this.snapshot, this.config, j.previous).checks;
    }
    return this.checksNow;
  }

  private decide(): void {
    this.snapshot = this.structure.snapshot();
    const values = this.values();
    const previous = this.verdict;
    const { verdict, failed } = judgeRegimeVerdict(values, this.snapshot, this.config, previous);
    this.judged = { values, previous };
    this.checksNow = null;
    this.verdict = verdict;
    this.failedNow = failed;
  }
}
