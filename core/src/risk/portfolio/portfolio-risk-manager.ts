import type { z } from 'zod';
import { type Candle, timeframeMs } from '../../analytics/candle.js';
import { dec } from '../../execution/money.js';
import { DecimalString } from '../../messages/decimal-string.js';
import { MarketType } from '../../model/market.js';
import type { Trade } from '../../model/trade.js';
import type { Clock } from '../../ports/clock.js';
import { closeForDump, requestClose, retryUnconfirmedCloses } from './close-requests.js';
import { leaderDumpActions } from './correlated-dump-exits.js';
import { CorrelationBook } from './correlation-book.js';
import { DailyDrawdown, DrawdownLevel } from './daily-drawdown.js';
import { drawdownLevelAt, drawdownValues, observeEquity, rollDay } from './drawdown-actions.js';
import { DumpDetector } from './dump-detector.js';
import type { DumpFiring, PriceZones } from './dump-signal.js';
import { blockOrder } from './entry-blocks.js';
import { forexReopensAt, isForexSessionClosed, utcDay } from './forex-session.js';
import { evaluateHealth } from './health-actions.js';
import { HealthBand, type HealthScore } from './health-score.js';
import { LeaderDumpMonitor } from './leader-dump.js';
import type { ExitQuote } from './liquidity-dump-signals.js';
import type { ManagerState, Tracked } from './manager-state.js';
import { type PortfolioRiskConfig, PortfolioRiskConfigSchema } from './portfolio-risk-config.js';
import { BlockReason, CloseReason, type RiskAction, RiskEvent } from './risk-action.js';
import { PositionSide, type RiskPositionInput, RiskStrategy, toRiskPosition } from './risk-position.js';
import type { RiskState } from './risk-state.js';
import { restoreRiskState, riskStateOf } from './risk-state-snapshot.js';
import { followForexSession, sweepOpenPositions } from './timed-exits.js';

export type PortfolioRiskConfigInput = z.input<typeof PortfolioRiskConfigSchema>;

export interface EntryRequest {
  readonly marketType: MarketType;
}

export interface EntryVerdict {
  readonly allowed: boolean;
  /** Most severe first. */
  readonly reasons: readonly BlockReason[];
}

const NONE: readonly RiskAction[] = Object.freeze([]);
const M1 = timeframeMs['1m'];

/**
 * §2.2.5 Portfolio Risk Manager: watches every open position together and decides portfolio-level
 * exits before individual trailing stops would — dump detection, leader-correlation exits, health
 * score, daily drawdown circuit breaker, max hold times and the forex Friday close.
 *
 * Pure and deterministic: market time comes from the trades and candles fed in, wall time from
 * `tick(now)` / `onEquity(…, ts)` (or the Clock port where a call carries none). Every method returns
 * the actions to take; the caller publishes them (closes to execution, events to `risk.events`) and
 * stores `state()` as `risk_state/current`. Each position is asked to close once (again after
 * `closeRetryMs` if not confirmed by `onPositionClosed`).
 *
 * This class routes inputs and runs the per-trade dump checks itself; the portfolio rules live
 * beside it, each in its own module over the shared `ManagerState`: drawdown-actions,
 * health-actions, correlated-dump-exits, timed-exits, close-requests, entry-blocks and
 * risk-state-snapshot.
 */
export class PortfolioRiskManager {
  readonly config: PortfolioRiskConfig;
  private readonly positions = new Map<string, Tracked>();
  private readonly bySymbol = new Map<string, Set<string>>();
  /** Closed or forgotten ids: a redelivered `position.opened` must not bring one back. Bounded. */
  private readonly done = new Set<string>();
  private readonly dumps: DumpDetector;
  private readonly book: CorrelationBook;
  private readonly leaders = new Map<string, LeaderDumpMonitor>();
  private readonly drawdown: DailyDrawdown;
  private readonly blocked = new Set<BlockReason>();
  /** The same collections and detectors, plus the health and forex flags, for the rule modules. */
  private readonly shared: ManagerState;

  constructor(
    private readonly clock: Clock,
    config: PortfolioRiskConfigInput = {},
    private readonly rememberDone = 10_000,
  ) {
    this.config = PortfolioRiskConfigSchema.parse(config);
    const c = this.config;
    this.dumps = new DumpDetector(c.dumpDetection, c.healthScore.quality);
    const mc = c.healthScore.marketConditions;
    const ce = c.correlationExit;
    this.book = new CorrelationBook({
      leaders: ce.leaders,
      windowMinutes: ce.windowMinutes,
      maxFillMinutes: ce.maxFillMinutes,
      recomputeEvery: ce.recomputeEvery,
      minSamples: ce.minSamples,
      shortReturns: mc.shortReturns,
      longReturns: mc.longReturns,
      minShortSamples: mc.minShortSamples,
      minLongSamples: mc.minLongSamples,
    });
    for (const l of ce.leaders) this.leaders.set(l, new LeaderDumpMonitor(l, ce.leaderDropPct, ce.leaderDropWindowMs));
    this.drawdown = new DailyDrawdown(c.drawdown);
    this.shared = { config: c, positions: this.positions, blocked: this.blocked, dumps: this.dumps, book: this.book, leaders: this.leaders, drawdown: this.drawdown, health: null, healthAt: null, band: HealthBand.Healthy, forexClosed: false };
  }

  // ── market data ────────────────────────────────────────────────────────────────────────────

  /** Every trade of a watched symbol (§2.2.5 subscribes `check_dumps` to TradeTickReceived). */
  onTrade(symbol: string, t: Trade): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    this.dumps.onTrade(symbol, t);
    let out: RiskAction[] | null = null;
    const lm = this.leaders.get(symbol);
    if (lm && this.config.correlationExit.enabled && lm.onPrice(t.ts, t.price)) out = leaderDumpActions(this.shared, lm, t.ts, out);
    const ids = this.bySymbol.get(symbol);
    if (ids && ids.size > 0) {
      let longF: readonly DumpFiring[] | null = null;
      let shortF: readonly DumpFiring[] | null = null;
      for (const id of ids) {
        const tr = this.positions.get(id);
        // A position is judged from the trade it filled at on: a batch can reach risk after the
        // position's `position.opened` and hold trades from before it (a replay's, or a lagging one).
        if (!tr || tr.closing || t.ts < tr.p.openedAt) continue;
        let f: readonly DumpFiring[];
        if (tr.p.side === PositionSide.Long) f = longF ??= this.dumps.evaluateFlow(symbol, PositionSide.Long);
        else f = shortF ??= this.dumps.evaluateFlow(symbol, PositionSide.Short);
        if (f.length > 0) out = closeForDump(tr, f, t.ts, out);
      }
    }
    return out ?? NONE;
  }

  /** Closed 1m candles (other timeframes are ignored): correlations and the candle dump rules. */
  onCandle(symbol: string, c: Candle): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    this.book.onCandle(symbol, c);
    if (!this.dumps.onCandle(symbol, c)) return NONE;
    const ids = this.bySymbol.get(symbol);
    if (!ids || ids.size === 0) return NONE;
    const ts = c.openTime + M1;
    let out: RiskAction[] | null = null;
    const verdicts = new Map<PositionSide, readonly DumpFiring[]>();
    for (const id of ids) {
      const tr = this.positions.get(id);
      // A candle that ended by the position's fill is all from before it (see onTrade).
      if (!tr || tr.closing || ts <= tr.p.openedAt) continue;
      let f = verdicts.get(tr.p.side);
      if (!f) {
        f = this.dumps.evaluateCandle(symbol, tr.p.side).firings;
        verdicts.set(tr.p.side, f);
      }
      if (f.length > 0) out = closeForDump(tr, f, ts, out);
    }
    return out ?? NONE;
  }

  /** A DEX pool liquidity reading (quote currency) for a meme symbol. */
  onLiquidity(symbol: string, ts: number, liquidity: number): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    this.dumps.onLiquidity(symbol, ts, liquidity);
    let out: RiskAction[] | null = null;
    const f = this.dumps.evaluateLiquidity(symbol);
    if (f.length === 0) return NONE;
    for (const id of this.bySymbol.get(symbol) ?? []) {
      const tr = this.positions.get(id);
      if (tr && !tr.closing && tr.p.strategy === RiskStrategy.Meme) out = closeForDump(tr, f, ts, out);
    }
    return out ?? NONE;
  }

  /** An aggregator quote for exiting a whole meme position. */
  onExitQuote(positionId: string, q: ExitQuote): readonly RiskAction[] {
    const tr = this.positions.get(positionId);
    if (!this.config.enabled || !tr || tr.closing || tr.p.strategy !== RiskStrategy.Meme) return NONE;
    const f = this.dumps.evaluateExitQuote(q);
    return f.length > 0 ? (closeForDump(tr, f, q.ts, null) ?? NONE) : NONE;
  }

  /** Supply/demand levels for the resistance-rejection and support-break rules (undefined clears). */
  setZones(symbol: string, zones: PriceZones | undefined): void {
    this.dumps.setZones(symbol, zones);
  }

  // ── positions and equity ───────────────────────────────────────────────────────────────────

  onPositionOpened(input: RiskPositionInput): readonly RiskAction[] {
    if (!this.config.enabled || this.positions.has(input.positionId) || this.done.has(input.positionId)) return NONE;
    const p = toRiskPosition(input);
    const tr: Tracked = { p, closing: null };
    this.positions.set(p.positionId, tr);
    let ids = this.bySymbol.get(p.symbol);
    if (!ids) {
      ids = new Set();
      this.bySymbol.set(p.symbol, ids);
    }
    ids.add(p.positionId);
    this.dumps.track(p.symbol);

    // A position that got in while entries were refused (a race with the block) is closed at once.
    const now = this.clock.now();
    let out: RiskAction[] | null = null;
    const lvl = drawdownLevelAt(this.drawdown, now);
    if (lvl === DrawdownLevel.CircuitBreaker) out = requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, 'opened while the circuit breaker is tripped', drawdownValues(this.drawdown), now, out);
    else if (lvl === DrawdownLevel.Critical) out = requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, 'opened at critical daily drawdown', drawdownValues(this.drawdown), now, out);
    else if (p.marketType === MarketType.Forex && isForexSessionClosed(now, this.config.forexSession)) {
      out = requestClose(tr, CloseReason.ForexSessionClose, RiskEvent.ForceExitRequired, 'forex opened while the session is closed', { reopensAt: forexReopensAt(now, this.config.forexSession) }, now, out);
    }
    return out ?? NONE;
  }

  onPositionClosed(positionId: string): readonly RiskAction[] {
    const tr = this.positions.get(positionId);
    this.markDone(positionId);
    if (!tr) return NONE;
    this.positions.delete(positionId);
    const ids = this.bySymbol.get(tr.p.symbol);
    ids?.delete(positionId);
    if (ids && ids.size === 0) {
      this.bySymbol.delete(tr.p.symbol);
      this.dumps.untrack(tr.p.symbol);
    }
    return NONE;
  }

  /** Total account equity (balance + unrealised, account currency) at `ts`: the daily drawdown. */
  onEquity(equity: string, ts: number): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    const e = dec(DecimalString.parse(equity));
    const out: RiskAction[] = [];
    rollDay(this.shared, ts, out);
    observeEquity(this.shared, e, ts, out);
    return out;
  }

  // ── time ───────────────────────────────────────────────────────────────────────────────────

  /**
   * Call every few seconds: midnight-UTC reset, forex session close, drawdown stragglers, max hold
   * times, unconfirmed closes, and (every `checkIntervalMs`) the health score and its actions.
   */
  tick(now: number = this.clock.now()): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    const c = this.config;
    const s = this.shared;
    const out: RiskAction[] = [];
    rollDay(s, now, out);
    const closed = followForexSession(s, now, out);
    sweepOpenPositions(s, now, closed, out);
    retryUnconfirmedCloses(this.positions, now, c.closeRetryMs, out);
    if (c.healthScore.enabled && (s.healthAt === null || now - s.healthAt >= c.checkIntervalMs)) evaluateHealth(s, now, out);
    return out;
  }

  /** May a new position open now? The execution chain asks before placing an entry. */
  canOpen(req: EntryRequest, now: number = this.clock.now()): EntryVerdict {
    if (!this.config.enabled) return { allowed: true, reasons: [] };
    const day = this.drawdown.currentDay;
    const dayOver = day !== null && utcDay(now) > day;
    const reasons: BlockReason[] = [];
    for (const r of blockOrder) {
      if (r === BlockReason.ForexSessionClosed) {
        if (req.marketType === MarketType.Forex && isForexSessionClosed(now, this.config.forexSession)) reasons.push(r);
        continue;
      }
      if (!this.blocked.has(r)) continue;
      if (dayOver && (r === BlockReason.CircuitBreaker || r === BlockReason.DrawdownCritical)) continue;
      reasons.push(r);
    }
    return { allowed: reasons.length === 0, reasons };
  }

  /** The last score computed by `tick` (null before the first). */
  get healthScore(): HealthScore | null {
    return this.shared.health;
  }

  /** Correlation of a symbol's 1m returns with a leader over the window (null while unknown). */
  correlation(symbol: string, leader: string): number | null {
    return this.book.correlation(symbol, leader);
  }

  get openPositions(): number {
    return this.positions.size;
  }

  // ── state ──────────────────────────────────────────────────────────────────────────────────

  /** `risk_state/current` as of the last processed input (call `tick(now)` first for a fresh score). */
  state(now: number = this.clock.now()): RiskState {
    return riskStateOf(this.shared, now);
  }

  /**
   * Pick up persisted `risk_state/current` after a restart: the day, its start equity, the
   * drawdown level (a tripped breaker stays tripped until midnight UTC), the blocks and the health
   * band (so a restart does not re-fire the band's actions). Positions come back through
   * `onPositionOpened`.
   */
  restore(s: RiskState): void {
    restoreRiskState(this.shared, s);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private markDone(id: string): void {
    this.done.add(id);
    if (this.done.size > this.rememberDone) {
      const oldest = this.done.values().next().value;
      if (oldest !== undefined) this.done.delete(oldest);
    }
  }
}
