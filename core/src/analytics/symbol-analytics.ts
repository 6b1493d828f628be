import type { StrategyConfig } from '../config/strategy-config.js';
import type { MarketSpec } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import type { Candle } from './candle.js';
import { CandleBuilder } from './candle-builder.js';
import { FlowWindow, type FlowSnapshot, ratioValue } from './flow-window.js';
import { lag1Autocorrelation, priceStats } from './price-stats.js';
import { TradeWindow } from './trade-window.js';
import { volumeProfile } from './volume-profile.js';

const MIN = 60_000;
/** 15 min is the longest window (§1.5); one extra minute so no window shares the buffer's edge. */
const HORIZON_MS = 16 * MIN;
/** Autocorrelation of 1m returns over the last 10 candles (issue 3, §2.2.2 filter). */
const AUTOCORR_CANDLES = 10;

export interface SetupLevel {
  readonly level: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface SetupCandidate {
  readonly side: 'long' | 'short';
  readonly trigger: { tradeId: string; ts: number; price: number };
  readonly flow: { w30s: FlowSnapshot; w1m: FlowSnapshot; w5m: FlowSnapshot; w15m: FlowSnapshot };
  readonly context: {
    price: number;
    mean15m: number | null;
    std15m: number | null;
    autocorr1m: number | null;
    profile: { poc: number; valueAreaHigh: number; valueAreaLow: number } | null;
  };
  readonly levels: readonly SetupLevel[];
}

export interface TradeOutcome {
  readonly setup: SetupCandidate | null;
  readonly closedCandles: readonly Candle[];
}

/**
 * Per-symbol rolling state: one update per trade, O(1) amortised. Runs the hot-path levels on every
 * trade and returns a setup when they pass (at most one per cooldown).
 */
export class SymbolAnalytics {
  readonly window = new TradeWindow(HORIZON_MS);
  readonly flow30s: FlowWindow;
  readonly flow1m: FlowWindow;
  readonly flow5m: FlowWindow;
  readonly flow15m: FlowWindow;
  readonly candles1m = new CandleBuilder('1m', 120);
  readonly candles5m = new CandleBuilder('5m', 48);
  readonly candles15m = new CandleBuilder('15m', 96);
  private lastSetupTs = Number.NEGATIVE_INFINITY;
  private readonly binSize: number;
  trades = 0;

  constructor(
    readonly market: MarketSpec,
    private cfg: StrategyConfig,
  ) {
    this.flow30s = new FlowWindow(this.window, cfg.orderFlow.windowMs);
    this.flow1m = new FlowWindow(this.window, MIN);
    this.flow5m = new FlowWindow(this.window, 5 * MIN);
    this.flow15m = new FlowWindow(this.window, 15 * MIN);
    // Profile bins: 10 ticks wide, so a 15-minute profile has a handful of meaningful bins.
    this.binSize = 10 * 10 ** -market.pricePrecision;
  }

  /** Config edits apply from the next trade; windows already built are kept. */
  setConfig(cfg: StrategyConfig): void {
    this.cfg = cfg;
  }

  onTrade(t: Trade): TradeOutcome {
    this.trades += 1;
    this.window.push(t);
    this.flow30s.onAppend(t.ts);
    this.flow1m.onAppend(t.ts);
    this.flow5m.onAppend(t.ts);
    this.flow15m.onAppend(t.ts);
    const closed: Candle[] = [];
    const c1 = this.candles1m.update(t);
    if (c1) closed.push(c1);
    const c5 = this.candles5m.update(t);
    if (c5) closed.push(c5);
    const c15 = this.candles15m.update(t);
    if (c15) closed.push(c15);
    return { setup: this.evaluate(t), closedCandles: closed };
  }

  private evaluate(t: Trade): SetupCandidate | null {
    if (!this.cfg.enabled || t.ts - this.lastSetupTs < this.cfg.setupCooldownMs) return null;
    const f30 = this.flow30s.snapshot();
    const { minTrades, ratioThreshold } = this.cfg.orderFlow;
    if (f30.trades < minTrades) return null;
    const r30 = ratioValue(f30.ratio);
    const side = r30 > ratioThreshold ? 'long' : r30 < 1 / ratioThreshold ? 'short' : null;
    if (side === null) return null;
    const levels: SetupLevel[] = [
      { level: 'order_flow_30s', passed: true, detail: `ratio ${fmt(f30.ratio)} over ${f30.trades} trades (threshold ${ratioThreshold})` },
    ];
    const w1m = this.flow1m.snapshot();
    const w5m = this.flow5m.snapshot();
    const w15m = this.flow15m.snapshot();
    if (this.cfg.cascade.required) {
      const r1 = ratioValue(w1m.ratio);
      const r5 = ratioValue(w5m.ratio);
      const r15 = ratioValue(w15m.ratio);
      const min1 = this.cfg.cascade.min1mRatio;
      const ok = side === 'long' ? r1 > r5 && r5 > r15 && r1 > min1 : r1 < r5 && r5 < r15 && r1 < 1 / min1;
      if (!ok) return null;
      levels.push({ level: 'cascade', passed: true, detail: `1m ${fmt(w1m.ratio)} / 5m ${fmt(w5m.ratio)} / 15m ${fmt(w15m.ratio)}` });
    }
    this.lastSetupTs = t.ts;
    const stats = priceStats(this.window, t.ts, 15 * MIN);
    const closes = this.candles1m.history.slice(-AUTOCORR_CANDLES).map((c) => c.close);
    const ac = closes.length >= AUTOCORR_CANDLES ? lag1Autocorrelation(closes) : Number.NaN;
    const profile = volumeProfile(this.window, t.ts, 15 * MIN, this.binSize);
    return {
      side,
      trigger: { tradeId: t.id, ts: t.ts, price: t.price },
      flow: { w30s: f30, w1m, w5m, w15m },
      context: {
        price: t.price,
        mean15m: stats.n > 0 ? stats.mean : null,
        std15m: stats.n > 0 ? stats.std : null,
        autocorr1m: Number.isFinite(ac) ? Math.max(-1, Math.min(1, ac)) : null,
        profile: profile ? { poc: profile.poc, valueAreaHigh: profile.valueAreaHigh, valueAreaLow: profile.valueAreaLow } : null,
      },
      levels,
    };
  }
}

function fmt(r: number | null): string {
  return r === null ? '∞ (no sells)' : r.toFixed(2);
}
