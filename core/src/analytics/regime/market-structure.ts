import type { ValueOf } from '../../util/value-of.js';
import type { Candle } from '../candle.js';

export const StructureDirection = {
  Up: 'UP',
  Down: 'DOWN',
  None: 'NONE',
} as const;
export type StructureDirection = ValueOf<typeof StructureDirection>;

export interface StructureSnapshot {
  /** UP: higher highs and higher lows; DOWN: lower highs and lower lows; else NONE. */
  readonly direction: StructureDirection;
  readonly higherHighs: boolean;
  readonly higherLows: boolean;
  readonly lowerHighs: boolean;
  readonly lowerLows: boolean;
  /**
   * Aggressor balance over the same candles: Σ(buy − sell volume) / Σ volume, −1 … 1; null when
   * they traded nothing. §2.3.1 "volume trend in trend direction".
   */
  readonly deltaShare: number | null;
  /**
   * A pullback after the last HH/HL run (null while the run holds, or once broken): the swing low that
   * run rose from (the floor every low since has stayed above) and the candles closed since it
   * last held, whatever the last 3 candles show now (a short LH/LL dip included). The judge may let a
   * trend ride it (`structure.holdCandles`).
   */
  readonly pullbackUp: StructurePullback | null;
  /** The same after the last LH/LL run: the swing high it fell from, never reached since. */
  readonly pullbackDown: StructurePullback | null;
}

export interface StructurePullback {
  /** The swing low the HH/HL run rose from, or the swing high the LH/LL run fell from. */
  readonly level: number;
  /** Candles closed since the run last held (1 on the first pullback candle). */
  readonly candles: number;
}

/**
 * §2.3.1 directional structure: over the last `candles` closed candles (3 in the document), each high
 * strictly above the one before and each low strictly above the one before (HH/HL, an uptrend), or
 * both strictly below (LH/LL). With 3 candles a, b, c: HH ⇔ b.high > a.high ∧ c.high > b.high.
 * Incremental: run lengths of consecutive rises/falls, O(1) per candle; the aggressor balance is
 * re-summed over the (≤ 10) retained candles.
 *
 * Pullbacks (Dow's reading of a trend: it lasts while each pullback holds above the last higher low):
 * once a HH/HL run stops, the swing low it rose from (the low of the candle its run of higher lows
 * started at: the last higher low) is kept as a floor, with the candles since;
 * only a low at or below the floor ends it (a 2-candle dip of lower highs and lows above it is still a
 * pullback). Mirrored for LH/LL runs.
 */
export class MarketStructure {
  private prevHigh = Number.NaN;
  private prevLow = Number.NaN;
  private hhRun = 0;
  private hlRun = 0;
  private lhRun = 0;
  private llRun = 0;
  private readonly delta: Float64Array;
  private readonly volume: Float64Array;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  /** Low of the candle the current run of higher lows rose from (the swing low); high likewise for lower highs. */
  private hlBase = Number.NaN;
  private lhBase = Number.NaN;
  private upFloor = Number.NaN;
  private upAge = 0;
  private downCeiling = Number.NaN;
  private downAge = 0;
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly lookback = 3) {
    if (!Number.isInteger(lookback) || lookback < 2 || lookback > 10) throw new Error(`structure lookback must be an integer 2…10, got ${lookback}`);
    this.delta = new Float64Array(lookback);
    this.volume = new Float64Array(lookback);
    this.highs = new Float64Array(lookback);
    this.lows = new Float64Array(lookback);
  }

  get ready(): boolean {
    return this.candles >= this.lookback;
  }

  update(c: Pick<Candle, 'high' | 'low' | 'volume' | 'buyVolume' | 'sellVolume'>): void {
    const first = Number.isNaN(this.prevHigh);
    this.hhRun = !first && c.high > this.prevHigh ? this.hhRun + 1 : 0;
    this.lhRun = !first && c.high < this.prevHigh ? this.lhRun + 1 : 0;
    this.hlRun = !first && c.low > this.prevLow ? this.hlRun + 1 : 0;
    this.llRun = !first && c.low < this.prevLow ? this.llRun + 1 : 0;
    // A run of higher lows starts at the candle whose low it rose from: Dow's last higher low.
    if (this.hlRun === 0) this.hlBase = c.low;
    if (this.lhRun === 0) this.lhBase = c.high;
    this.prevHigh = c.high;
    this.prevLow = c.low;
    const slot = this.candles % this.lookback;
    this.delta[slot] = c.buyVolume - c.sellVolume;
    this.volume[slot] = c.volume;
    this.highs[slot] = c.high;
    this.lows[slot] = c.low;
    this.candles += 1;
    if (!this.ready) return;
    const need = this.lookback - 1;
    const up = this.hhRun >= need && this.hlRun >= need;
    const down = this.lhRun >= need && this.llRun >= need;
    if (up) {
      // The swing low the run rose from, not the lowest of its last `lookback` candles: a pullback into the
      // impulse (to a demand zone) keeps the trend while it holds above the previous higher low.
      this.upFloor = this.hlBase;
      this.upAge = 0;
    } else if (!Number.isNaN(this.upFloor)) {
      this.upAge += 1;
      if (c.low <= this.upFloor) this.upFloor = Number.NaN;
    }
    if (down) {
      this.downCeiling = this.lhBase;
      this.downAge = 0;
    } else if (!Number.isNaN(this.downCeiling)) {
      this.downAge += 1;
      if (c.high >= this.downCeiling) this.downCeiling = Number.NaN;
    }
  }

  /** Null until `lookback` candles have been fed. */
  snapshot(): StructureSnapshot | null {
    if (!this.ready) return null;
    const need = this.lookback - 1;
    const higherHighs = this.hhRun >= need;
    const higherLows = this.hlRun >= need;
    const lowerHighs = this.lhRun >= need;
    const lowerLows = this.llRun >= need;
    let d = 0;
    let v = 0;
    for (let i = 0; i < this.lookback; i++) {
      d += this.delta[i] as number;
      v += this.volume[i] as number;
    }
    const direction = higherHighs && higherLows ? StructureDirection.Up : lowerHighs && lowerLows ? StructureDirection.Down : StructureDirection.None;
    return {
      direction,
      higherHighs,
      higherLows,
      lowerHighs,
      lowerLows,
      deltaShare: v > 0 ? d / v : null,
      pullbackUp: direction !== StructureDirection.Up && !Number.isNaN(this.upFloor) ? { level: this.upFloor, candles: this.upAge } : null,
      pullbackDown: direction !== StructureDirection.Down && !Number.isNaN(this.downCeiling) ? { level: this.downCeiling, candles: this.downAge } : null,
    };
  }
}
