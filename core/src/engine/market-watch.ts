import type { StrategyConfig } from '../config/strategy-config.js';
import type { MarketSpec } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import type { Candle } from '../analytics/candle.js';
import { SymbolAnalytics, type SetupCandidate } from '../analytics/symbol-analytics.js';
import { type PositionMonitor, type ExitDecision } from '../exits/position-monitor.js';
import type { ExitFlow } from '../exits/exit-flow.js';
import { LatencyGate } from '../paper/latency-gate.js';
import { RecentVolume } from '../paper/recent-volume.js';
import type { FillReference } from '../paper/reference-fill.js';

export type Released =
  | { readonly kind: 'exit'; readonly exit: ExitDecision; readonly reference: FillReference }
  | { readonly kind: 'setup'; readonly setup: SetupCandidate; readonly reference: FillReference };

/**
 * One symbol's hot path, shared by the analytics service and the backtester so both decide and time
 * everything identically. Per trade, in two phases:
 * - `release(t)`: what was decided earlier and whose order reaches the venue at this trade (the
 *   latency model, on the tape's clock), each with the fill reference the paper venue prices from —
 *   exits first, so a closing fill frees the symbol before an entry is considered;
 * - `observe(t)`: analytics and the four levels (a setup is held for the latency), then the exit
 *   monitor on this trade (an exit is held likewise). Between the phases the caller executes what was
 *   released and tracks new positions, which the monitor then watches from this trade's `observe`…
 *   except that a position filled at this trade is first evaluated on the next one (see `observe`).
 */
export class MarketWatch {
  readonly analytics: SymbolAnalytics;
  private readonly setups: LatencyGate<SetupCandidate>;
  private readonly exits: LatencyGate<ExitDecision>;
  private readonly volume: RecentVolume;
  private seq = 0;
  private lastTimer = Number.NEGATIVE_INFINITY;
  private lastTs = Number.NEGATIVE_INFINITY;
  private openedAt = new Set<string>();

  constructor(
    readonly market: MarketSpec,
    private cfg: StrategyConfig,
    readonly monitor: PositionMonitor,
    latencyMs: number,
    volumeWindowMs: number,
  ) {
    this.analytics = new SymbolAnalytics(market, cfg);
    this.setups = new LatencyGate(latencyMs);
    this.exits = new LatencyGate(latencyMs);
    this.volume = new RecentVolume(market, volumeWindowMs);
  }

  setConfig(cfg: StrategyConfig): void {
    this.cfg = cfg;
    this.analytics.setConfig(cfg);
  }

  release(t: Trade): Released[] {
    this.seq += 1;
    this.volume.add(t);
    // The 2-s exit check for the time since the last trade (one check at the last boundary passed).
    const every = this.cfg.exits.checkEveryMs;
    const boundary = Math.floor((t.ts - 1) / every) * every;
    if (boundary > this.lastTimer && boundary > this.lastTs && this.monitor.watching(this.market.symbol)) {
      for (const x of this.monitor.onTimer(this.market.symbol, boundary, () => this.exitFlow(boundary))) this.exits.hold(x, boundary, this.seq - 1);
    }
    this.lastTimer = Math.max(this.lastTimer, boundary);
    this.lastTs = t.ts;
    const exits = this.exits.release(t.ts, this.seq);
    const setups = this.setups.release(t.ts, this.seq);
    if (exits.length === 0 && setups.length === 0) return NONE;
    const reference: FillReference = { tradeId: t.id, ts: t.ts, price: t.price, recentVolume: this.volume.at(t.ts).toFixed() };
    return [...exits.map((exit) => ({ kind: 'exit' as const, exit, reference })), ...setups.map((setup) => ({ kind: 'setup' as const, setup, reference }))];
  }

  /** Positions the caller opened at this trade: their first check is the next trade, as on a venue. */
  openedHere(positionId: string): void {
    this.openedAt.add(positionId);
  }

  observe(t: Trade): { setup: SetupCandidate | null; exits: readonly ExitDecision[]; closedCandles: readonly Candle[] } {
    const out = this.analytics.onTrade(t);
    if (out.setup) this.setups.hold(out.setup, t.ts, this.seq);
    let exits: readonly ExitDecision[] = NONE_EXITS;
    if (this.monitor.watching(this.market.symbol)) {
      exits = this.monitor.onTrade(this.market.symbol, t, () => this.exitFlow(t.ts), this.openedAt);
      for (const x of exits) this.exits.hold(x, t.ts, this.seq);
    } else this.monitor.onTrade(this.market.symbol, t);
    if (this.openedAt.size > 0) this.openedAt.clear();
    return { setup: out.setup, exits, closedCandles: out.closedCandles };
  }

  /** Decided but not yet released (end of tape). */
  pending(): { setups: SetupCandidate[]; exits: ExitDecision[] } {
    return { setups: this.setups.drain(), exits: this.exits.drain() };
  }

  private exitFlow(at: number): ExitFlow {
    const f = this.analytics.flow;
    const x = f.reading('exit', at);
    return { r15s: x.ratio, trades15s: x.trades, r1m: f.reading('1m', at).ratio, r5m: f.reading('5m', at).ratio };
  }
}

const NONE = Object.freeze([]) as unknown as Released[];
const NONE_EXITS: readonly ExitDecision[] = Object.freeze([]);
