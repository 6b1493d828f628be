import { type Candle, Timeframe } from '../../analytics/candle.js';
import type { Trade } from '../../model/trade.js';
import { candleDumpSignals } from './candle-dump-signals.js';
import { CandleHistory } from './candle-history.js';
import { type DumpFiring, type DumpVerdict, type PriceZones, dumpVerdict } from './dump-signal.js';
import { flowDumpSignals } from './flow-dump-signals.js';
import { type ExitQuote, exitQuoteSignals, liquidityDropSignal } from './liquidity-dump-signals.js';
import type { DumpDetectionConfig, HealthScoreConfig } from './portfolio-risk-config.js';
import { above } from './float-compare.js';
import { PositionSide } from './risk-position.js';
import { RollingMax } from './rolling-max.js';
import { TradeFlowWindow } from './trade-flow-window.js';

interface SymbolWatch {
  readonly candles: CandleHistory;
  flow: TradeFlowWindow | null;
  liquidity: RollingMax | null;
  zones: PriceZones | undefined;
  /** Mean trade size of the recent candles × the large-trade multiple (NaN without a baseline). */
  largeAt: number;
  lastPrice: number;
}

const NO_FIRINGS: readonly DumpFiring[] = Object.freeze([]);

/**
 * §2.2.5 Dump Detection Engine: per-symbol market state (closed 1m candles, a 30-s trade flow window
 * while positions are open, DEX liquidity readings, zones) and the five signals evaluated against it
 * for a long or a short. Candle rules run when a candle closes, flow rules on every trade, liquidity
 * rules on every liquidity reading or exit quote.
 */
export class DumpDetector {
  private readonly watch = new Map<string, SymbolWatch>();
  private readonly capacity: number;

  constructor(
    private readonly cfg: DumpDetectionConfig,
    quality: HealthScoreConfig['quality'],
  ) {
    const rr = cfg.resistanceRejection;
    this.capacity = Math.max(
      cfg.volumeReversal.averageCandles + 1,
      cfg.volumeReversal.consecutiveCandles,
      cfg.orderFlowFlip.largeTradeBaselineCandles,
      cfg.momentumBreak.swingLookbackCandles + 1,
      cfg.momentumBreak.lowerHighsCount + 1,
      rr.lookbackCandles + 1,
      quality.recentCandles + quality.baselineCandles,
      15,
    );
  }

  /** Start the per-trade flow window for a symbol (when its first position opens). */
  track(symbol: string): void {
    const w = this.of(symbol);
    if (!w.flow) w.flow = new TradeFlowWindow(this.cfg.orderFlowFlip.windowMs);
  }

  /** Drop the flow window once no position is open on the symbol. */
  untrack(symbol: string): void {
    const w = this.watch.get(symbol);
    if (w) w.flow = null;
  }

  onTrade(symbol: string, t: Trade): void {
    const w = this.of(symbol);
    w.lastPrice = t.price;
    w.flow?.push(t, w.largeAt);
  }

  /** Returns false for candles that are not 1m or not later than the last one (nothing to evaluate). */
  onCandle(symbol: string, c: Candle): boolean {
    if (c.timeframe !== Timeframe.M1) return false;
    const w = this.of(symbol);
    if (!w.candles.push(c)) return false;
    if (Number.isNaN(w.lastPrice)) w.lastPrice = c.close;
    const n = Math.min(this.cfg.orderFlowFlip.largeTradeBaselineCandles, w.candles.size);
    let vol = 0;
    let trades = 0;
    for (let k = 0; k < n; k++) {
      vol += w.candles.back(k).volume;
      trades += w.candles.back(k).trades;
    }
    w.largeAt = trades > 0 ? (vol / trades) * this.cfg.orderFlowFlip.largeTradeMultiple : Number.NaN;
    return true;
  }

  onLiquidity(symbol: string, ts: number, liquidity: number): void {
    const w = this.of(symbol);
    if (!w.liquidity) w.liquidity = new RollingMax(this.cfg.liquidityDrop.windowMs);
    w.liquidity.push(ts, liquidity);
  }

  setZones(symbol: string, zones: PriceZones | undefined): void {
    this.of(symbol).zones = zones;
  }

  lastPrice(symbol: string): number {
    return this.watch.get(symbol)?.lastPrice ?? Number.NaN;
  }

  candles(symbol: string): CandleHistory | undefined {
    return this.watch.get(symbol)?.candles;
  }

  /** Candle rules after a close. */
  evaluateCandle(symbol: string, side: PositionSide): DumpVerdict {
    const w = this.watch.get(symbol);
    return dumpVerdict(symbol, side, w && this.cfg.enabled ? candleDumpSignals(w.candles, side, this.cfg, w.zones) : []);
  }

  /** Flow rules after a trade; the shared empty array when nothing fired (no allocation per trade). */
  evaluateFlow(symbol: string, side: PositionSide): readonly DumpFiring[] {
    const f = this.watch.get(symbol)?.flow;
    if (!f || !this.cfg.enabled) return NO_FIRINGS;
    return flowDumpSignals(f, side, this.cfg);
  }

  /** Liquidity-drop rule (meme positions only; the caller decides which positions it applies to). */
  evaluateLiquidity(symbol: string): DumpFiring[] {
    const l = this.watch.get(symbol)?.liquidity;
    if (!l || !this.cfg.enabled) return [];
    const f = liquidityDropSignal(l.last, l.max, this.cfg);
    return f ? [f] : [];
  }

  evaluateExitQuote(q: ExitQuote): DumpFiring[] {
    return this.cfg.enabled ? exitQuoteSignals(q, this.cfg) : [];
  }

  /** Health "volume trending up": recent mean ≥ the baseline before it; null without enough candles. */
  volumeTrendingUp(symbol: string, recent: number, baseline: number): boolean | null {
    const h = this.watch.get(symbol)?.candles;
    if (!h || h.size < recent + baseline) return null;
    return h.meanVolume(0, recent) >= h.meanVolume(recent, baseline);
  }

  /** Health "order flow positive": volume with the position ≥ volume against it over the recent candles. */
  orderFlowPositive(symbol: string, side: PositionSide, recent: number): boolean | null {
    const h = this.watch.get(symbol)?.candles;
    if (!h || h.size < recent) return null;
    let b = 0;
    let s = 0;
    for (let k = 0; k < recent; k++) {
      b += h.back(k).buyVolume;
      s += h.back(k).sellVolume;
    }
    if (b + s === 0) return null;
    return side === PositionSide.Long ? b >= s : s >= b;
  }

  /** Health "liquidity stable": within `maxDrop` of the window high; null for symbols without liquidity readings. */
  liquidityStable(symbol: string, maxDrop: number): boolean | null {
    const l = this.watch.get(symbol)?.liquidity;
    if (!l || !(l.max > 0)) return null;
    return !above(1 - l.last / l.max, maxDrop);
  }

  private of(symbol: string): SymbolWatch {
    let w = this.watch.get(symbol);
    if (!w) {
      w = { candles: new CandleHistory(this.capacity), flow: null, liquidity: null, zones: undefined, largeAt: Number.NaN, lastPrice: Number.NaN };
      this.watch.set(symbol, w);
    }
    return w;
  }
}
