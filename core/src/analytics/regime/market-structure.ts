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
}

/**
 * §2.3.1 directional structure: over the last `candles` closed candles (3 in the document), each high
 * strictly above the one before and each low strictly above the one before (HH/HL, an uptrend), or
 * both strictly below (LH/LL). With 3 candles a, b, c: HH ⇔ b.high > a.high ∧ c.high > b.high.
 * Incremental: run lengths of consecutive rises/falls, O(1) per candle; the aggressor balance is
 * re-summed over the (≤ 10) retained candles.
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
  /** Candles fed so far. */
  candles = 0;

  constructor(readonly lookback = 3) {
    if (!Number.isInteger(lookback) || lookback < 2 || lookback > 10) throw new Error(`structure lookback must be an integer 2…10, got ${lookback}`);
    this.delta = new Float64Array(lookback);
    this.volume = new Float64Array(lookback);
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
    this.prevHigh = c.high;
    this.prevLow = c.low;
    const slot = this.candles % this.lookback;
    this.delta[slot] = c.buyVolume - c.sellVolume;
    this.volume[slot] = c.volume;
    this.candles += 1;
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
    return { direction, higherHighs, higherLows, lowerHighs, lowerLows, deltaShare: v > 0 ? d / v : null };
  }
}
