import type { z } from 'zod';
import { type Candle, timeframeMs } from '../../analytics/candle.js';
import { type Dec, dec } from '../../execution/money.js';
import { DecimalString } from '../../messages/decimal-string.js';
import { MarketType } from '../../model/market.js';
import type { Trade } from '../../model/trade.js';
import type { Clock } from '../../ports/clock.js';
import { CorrelationBook } from './correlation-book.js';
import { DailyDrawdown, DrawdownLevel, drawdownLevelRank } from './daily-drawdown.js';
import { DumpDetector } from './dump-detector.js';
import type { DumpFiring, PriceZones } from './dump-signal.js';
import { forexReopensAt, isForexSessionClosed, utcDay } from './forex-session.js';
import { HealthBand, type HealthScore, type PositionHealthInput, computeHealthScore, healthBandRank } from './health-score.js';
import { LeaderDumpMonitor } from './leader-dump.js';
import type { ExitQuote } from './liquidity-dump-signals.js';
import { maxHoldExceeded, maxHoldMsFor } from './max-hold.js';
import { type PortfolioRiskConfig, PortfolioRiskConfigSchema } from './portfolio-risk-config.js';
import {
  BlockReason,
  CloseReason,
  EntryScope,
  type RiskAction,
  RiskEvent,
  type RiskValues,
} from './risk-action.js';
import { Severity } from '../../config/notification-settings.js';
import { PositionSide, type RiskPosition, type RiskPositionInput, RiskStrategy, toRiskPosition, unrealizedPnl } from './risk-position.js';
import { type RiskState, utcDayFromString, utcDayString } from './risk-state.js';
import { pnlFraction, rankWorst } from './worst-positions.js';

export type PortfolioRiskConfigInput = z.input<typeof PortfolioRiskConfigSchema>;

export interface EntryRequest {
  readonly marketType: MarketType;
}

export interface EntryVerdict {
  readonly allowed: boolean;
  /** Most severe first. */
  readonly reasons: readonly BlockReason[];
}

interface Closing {
  readonly reason: CloseReason;
  readonly event: RiskEvent;
  readonly detail: string;
  readonly values: RiskValues;
  since: number;
}

interface Tracked {
  readonly p: RiskPosition;
  closing: Closing | null;
}

const NONE: readonly RiskAction[] = Object.freeze([]);
const M1 = timeframeMs['1m'];
const blockOrder: readonly BlockReason[] = [BlockReason.CircuitBreaker, BlockReason.DrawdownCritical, BlockReason.HealthCaution, BlockReason.ForexSessionClosed];

const add = (out: RiskAction[] | null, a: RiskAction): RiskAction[] => {
  const o = out ?? [];
  o.push(a);
  return o;
};

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
  private health: HealthScore | null = null;
  private healthAt: number | null = null;
  private band: HealthBand = HealthBand.Healthy;
  private forexClosed = false;

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
  }

  // ── market data ────────────────────────────────────────────────────────────────────────────

  /** Every trade of a watched symbol (§2.2.5 subscribes `check_dumps` to TradeTickReceived). */
  onTrade(symbol: string, t: Trade): readonly RiskAction[] {
    if (!this.config.enabled) return NONE;
    this.dumps.onTrade(symbol, t);
    let out: RiskAction[] | null = null;
    const lm = this.leaders.get(symbol);
    if (lm && this.config.correlationExit.enabled && lm.onPrice(t.ts, t.price)) out = this.leaderDump(lm, t.ts, out);
    const ids = this.bySymbol.get(symbol);
    if (ids && ids.size > 0) {
      let longF: readonly DumpFiring[] | null = null;
      let shortF: readonly DumpFiring[] | null = null;
      for (const id of ids) {
        const tr = this.positions.get(id);
        if (!tr || tr.closing) continue;
        let f: readonly DumpFiring[];
        if (tr.p.side === PositionSide.Long) f = longF ??= this.dumps.evaluateFlow(symbol, PositionSide.Long);
        else f = shortF ??= this.dumps.evaluateFlow(symbol, PositionSide.Short);
        if (f.length > 0) out = this.closeForDump(tr, f, t.ts, out);
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
      if (!tr || tr.closing) continue;
      let f = verdicts.get(tr.p.side);
      if (!f) {
        f = this.dumps.evaluateCandle(symbol, tr.p.side).firings;
        verdicts.set(tr.p.side, f);
      }
      if (f.length > 0) out = this.closeForDump(tr, f, ts, out);
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
      if (tr && !tr.closing && tr.p.strategy === RiskStrategy.Meme) out = this.closeForDump(tr, f, ts, out);
    }
    return out ?? NONE;
  }

  /** An aggregator quote for exiting a whole meme position. */
  onExitQuote(positionId: string, q: ExitQuote): readonly RiskAction[] {
    const tr = this.positions.get(positionId);
    if (!this.config.enabled || !tr || tr.closing || tr.p.strategy !== RiskStrategy.Meme) return NONE;
    const f = this.dumps.evaluateExitQuote(q);
    return f.length > 0 ? (this.closeForDump(tr, f, q.ts, null) ?? NONE) : NONE;
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
    const lvl = this.drawdownLevelAt(now);
    if (lvl === DrawdownLevel.CircuitBreaker) out = this.requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, 'opened while the circuit breaker is tripped', this.drawdownValues(), now, out);
    else if (lvl === DrawdownLevel.Critical) out = this.requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, 'opened at critical daily drawdown', this.drawdownValues(), now, out);
    else if (p.marketType === MarketType.Forex && isForexSessionClosed(now, this.config.forexSession)) {
      out = this.requestClose(tr, CloseReason.ForexSessionClose, RiskEvent.ForceExitRequired, 'forex opened while the session is closed', { reopensAt: forexReopensAt(now, this.config.forexSession) }, now, out);
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
    this.rollDay(ts, out);
    const { from, to } = this.drawdown.observe(e, ts);
    const rf = drawdownLevelRank[from];
    const rt = drawdownLevelRank[to];
    if (rt > rf) this.escalateDrawdown(to, ts, out);
    else if (rt < rf) {
      out.push({ type: 'notify', event: RiskEvent.DrawdownLevelChanged, severity: Severity.Info, detail: `daily drawdown back to ${to}`, values: { ...this.drawdownValues(), from } });
      if (rt < drawdownLevelRank.critical) this.setBlock(BlockReason.DrawdownCritical, false, '', null, out);
    }
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
    const out: RiskAction[] = [];
    this.rollDay(now, out);

    const closed = isForexSessionClosed(now, c.forexSession);
    if (closed !== this.forexClosed) {
      this.forexClosed = closed;
      const until = forexReopensAt(now, c.forexSession);
      if (closed) out.push({ type: 'notify', event: RiskEvent.ForexSessionClosed, severity: Severity.Info, detail: 'forex session closing: forex positions closed, entries refused until the reopen', values: { reopensAt: until } });
      this.setBlock(BlockReason.ForexSessionClosed, closed, 'forex session closed (Friday 23:30 GMT)', until, out);
    }

    const lvl = this.drawdown.level;
    for (const tr of this.positions.values()) {
      if (tr.closing) continue;
      if (lvl === DrawdownLevel.CircuitBreaker) this.requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, 'circuit breaker tripped: no position stays open', this.drawdownValues(), now, out);
      else if (lvl === DrawdownLevel.Critical) this.requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, 'critical daily drawdown: no position stays open', this.drawdownValues(), now, out);
      else if (closed && tr.p.marketType === MarketType.Forex) {
        this.requestClose(tr, CloseReason.ForexSessionClose, RiskEvent.ForceExitRequired, 'forex Friday close (23:30 GMT)', { reopensAt: forexReopensAt(now, c.forexSession) }, now, out);
      } else if (maxHoldExceeded(tr.p, now, c.maxHold)) {
        const limit = maxHoldMsFor(tr.p, c.maxHold);
        this.requestClose(tr, CloseReason.MaxHold, RiskEvent.MaxHoldTimeExceeded, `held ${Math.round((now - tr.p.openedAt) / 1000)} s ≥ max ${limit / 1000} s (${tr.p.moduleId !== undefined && c.maxHold.byModule[tr.p.moduleId] !== undefined ? `module ${tr.p.moduleId}` : tr.p.strategy})`, { heldMs: now - tr.p.openedAt, maxHoldMs: limit }, now, out);
      }
    }

    for (const tr of this.positions.values()) {
      const cl = tr.closing;
      if (!cl || now - cl.since < c.closeRetryMs) continue;
      cl.since = now;
      out.push({ type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason: cl.reason, event: cl.event, detail: cl.detail, values: cl.values, retry: true });
    }

    if (c.healthScore.enabled && (this.healthAt === null || now - this.healthAt >= c.checkIntervalMs)) this.evaluateHealth(now, out);
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
    return this.health;
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
    const s = this.drawdown.snapshot();
    const all = blockOrder.filter((r) => r !== BlockReason.ForexSessionClosed && this.blocked.has(r));
    const tripped = s.level === DrawdownLevel.CircuitBreaker;
    const fx = this.config.forexSession;
    const h = this.health;
    const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return {
      updatedAt: now,
      health: {
        score: h ? h.score : null,
        band: this.band,
        evaluatedAt: this.healthAt,
        factors: h ? { ...h.factors } : null,
      },
      drawdown: {
        day: s.day === null ? null : utcDayString(s.day),
        level: s.level,
        pct: s.drawdown.toNumber(),
        dayStartEquity: s.dayStartEquity?.toFixed() ?? null,
        equity: s.equity?.toFixed() ?? null,
        resetsAt: this.drawdown.resetsAt,
      },
      entries: {
        blocked: all.length > 0,
        reason: all[0] ?? null,
        reasons: all,
        forexClosed: isForexSessionClosed(now, fx),
        forexReopensAt: forexReopensAt(now, fx),
      },
      breaker: {
        tripped,
        trippedAt: tripped ? s.breakerTrippedAt : null,
        drawdownPct: tripped ? s.drawdown.toNumber() : null,
        resetsAt: tripped ? this.drawdown.resetsAt : null,
      },
      leaders: [...this.leaders.values()].map((l) => ({ symbol: l.leader, dropPct: num(l.drop), dumpActive: l.dumpActive })),
      positions: {
        open: this.positions.size,
        closing: [...this.positions.values()].filter((t) => t.closing !== null).map((t) => t.p.positionId).sort(),
      },
    };
  }

  /**
   * Pick up persisted `risk_state/current` after a restart: the day, its start equity, the
   * drawdown level (a tripped breaker stays tripped until midnight UTC), the blocks and the health
   * band (so a restart does not re-fire the band's actions). Positions come back through
   * `onPositionOpened`.
   */
  restore(s: RiskState): void {
    this.drawdown.restore({
      day: s.drawdown.day === null ? null : utcDayFromString(s.drawdown.day),
      dayStartEquity: s.drawdown.dayStartEquity,
      equity: s.drawdown.equity,
      level: s.drawdown.level,
      breakerTrippedAt: s.breaker.trippedAt,
    });
    this.band = s.health.band;
    this.blocked.clear();
    for (const r of s.entries.reasons) this.blocked.add(r);
    this.forexClosed = s.entries.forexClosed;
    if (this.forexClosed) this.blocked.add(BlockReason.ForexSessionClosed);
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private leaderDump(lm: LeaderDumpMonitor, ts: number, out: RiskAction[] | null): RiskAction[] | null {
    const ce = this.config.correlationExit;
    const base = { leader: lm.leader, leaderDropPct: lm.drop, leaderHigh: lm.windowHigh, leaderPrice: lm.lastPrice };
    if (lm.begin()) {
      out = add(out, {
        type: 'notify',
        event: RiskEvent.CorrelatedDumpDetected,
        severity: Severity.Critical,
        detail: `${lm.leader} fell ${(lm.drop * 100).toFixed(3)} % from its ${ce.leaderDropWindowMs / 60_000}-min high ${lm.windowHigh} to ${lm.lastPrice}`,
        values: base,
      });
    }
    let tighten: string[] | null = null;
    for (const tr of this.positions.values()) {
      // Only longs: a short is the inverse exposure and profits from the dump.
      if (tr.closing || tr.p.side !== PositionSide.Long) continue;
      const corr = this.book.correlation(tr.p.symbol, lm.leader);
      if (corr === null) continue;
      if (corr > ce.minCorrelation) {
        out = this.requestClose(tr, CloseReason.CorrelatedDump, RiskEvent.CorrelatedDumpDetected, `${lm.leader} dump: 24 h correlation ${corr.toFixed(3)} > ${ce.minCorrelation}`, { ...base, correlation: corr, samples: this.book.samples(tr.p.symbol, lm.leader) }, ts, out);
      } else if (corr >= ce.moderateCorrelation && !lm.tightened.has(tr.p.positionId)) {
        lm.tightened.add(tr.p.positionId);
        (tighten ??= []).push(tr.p.positionId);
      }
    }
    if (tighten) {
      out = add(out, { type: 'tighten_trails', pct: ce.moderateTrailPct, positionIds: tighten, reason: 'moderate_correlation', detail: `${lm.leader} dump: moderate correlation (${ce.moderateCorrelation}–${ce.minCorrelation})` });
    }
    return out;
  }

  private closeForDump(tr: Tracked, f: readonly DumpFiring[], ts: number, out: RiskAction[] | null): RiskAction[] | null {
    const values: Record<string, number | null> = {};
    for (const x of f) for (const [k, v] of Object.entries(x.values)) values[`${x.rule}:${k}`] = v;
    return this.requestClose(tr, CloseReason.Dump, RiskEvent.DumpDetected, f.map((x) => `${x.signal}/${x.rule}: ${x.detail}`).join('; '), values, ts, out, f);
  }

  private requestClose(tr: Tracked, reason: CloseReason, event: RiskEvent, detail: string, values: RiskValues, ts: number, out: RiskAction[] | null, signals?: readonly DumpFiring[]): RiskAction[] | null {
    if (tr.closing) return out;
    tr.closing = { reason, event, detail, values, since: ts };
    const a: RiskAction = signals
      ? { type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason, event, detail, values, signals }
      : { type: 'close_position', positionId: tr.p.positionId, symbol: tr.p.symbol, reason, event, detail, values };
    return add(out, a);
  }

  private setBlock(reason: BlockReason, on: boolean, detail: string, until: number | null, out: RiskAction[]): void {
    const scope = reason === BlockReason.ForexSessionClosed ? EntryScope.Forex : EntryScope.All;
    if (on && !this.blocked.has(reason)) {
      this.blocked.add(reason);
      out.push({ type: 'block_entries', reason, scope, detail, until });
    } else if (!on && this.blocked.has(reason)) {
      this.blocked.delete(reason);
      out.push({ type: 'unblock_entries', reason, scope });
    }
  }

  private rollDay(ts: number, out: RiskAction[]): void {
    const before = this.drawdown.level;
    if (!this.drawdown.roll(ts)) return;
    this.setBlock(BlockReason.CircuitBreaker, false, '', null, out);
    this.setBlock(BlockReason.DrawdownCritical, false, '', null, out);
    const s = this.drawdown.snapshot();
    out.push({ type: 'notify', event: RiskEvent.DailyReset, severity: Severity.Info, detail: `midnight UTC: new day ${utcDayString(s.day as number)}, drawdown reset from ${before}`, values: { dayStartEquity: s.dayStartEquity?.toFixed() ?? null, previousLevel: before } });
  }

  private drawdownLevelAt(now: number): DrawdownLevel {
    const day = this.drawdown.currentDay;
    return day !== null && utcDay(now) > day ? DrawdownLevel.Normal : this.drawdown.level;
  }

  private drawdownValues(): RiskValues {
    const s = this.drawdown.snapshot();
    return { drawdownPct: s.drawdown.toNumber(), dayStartEquity: s.dayStartEquity?.toFixed() ?? null, equity: s.equity?.toFixed() ?? null, level: s.level };
  }

  private escalateDrawdown(to: DrawdownLevel, ts: number, out: RiskAction[]): void {
    const d = this.config.drawdown;
    const values = this.drawdownValues();
    const pct = `${((values.drawdownPct as number) * 100).toFixed(3)} %`;
    if (to === DrawdownLevel.CircuitBreaker) {
      out.push({ type: 'notify', event: RiskEvent.CircuitBreakerTriggered, severity: Severity.Critical, detail: `daily drawdown ${pct} ≥ ${d.circuitBreakerPct * 100} %: all positions closed, trading stopped until midnight UTC`, values });
      for (const tr of this.positions.values()) this.requestClose(tr, CloseReason.CircuitBreaker, RiskEvent.CircuitBreakerTriggered, `circuit breaker at daily drawdown ${pct}`, values, ts, out);
      this.setBlock(BlockReason.DrawdownCritical, true, `daily drawdown ${pct}`, null, out);
      this.setBlock(BlockReason.CircuitBreaker, true, `circuit breaker: daily drawdown ${pct}`, this.drawdown.resetsAt, out);
      return;
    }
    out.push({ type: 'notify', event: RiskEvent.DrawdownLevelChanged, severity: to === DrawdownLevel.Alert || to === DrawdownLevel.Warning ? Severity.Warning : Severity.Critical, detail: `daily drawdown ${pct}: ${to}`, values });
    if (to === DrawdownLevel.Critical) {
      for (const tr of this.positions.values()) this.requestClose(tr, CloseReason.DrawdownCritical, RiskEvent.ForceExitRequired, `critical daily drawdown ${pct}: close all`, values, ts, out);
      this.setBlock(BlockReason.DrawdownCritical, true, `critical daily drawdown ${pct}`, null, out);
    } else if (to === DrawdownLevel.Warning) {
      const open = [...this.positions.values()].filter((t) => !t.closing);
      this.closeWorst(Math.ceil(open.length * d.warningCloseShare), CloseReason.DrawdownWarning, `daily drawdown ${pct}: close the worst ${d.warningCloseShare * 100} %`, values, ts, out);
    }
  }

  private markOf(p: RiskPosition): Dec {
    const px = this.dumps.lastPrice(p.symbol);
    return px > 0 && Number.isFinite(px) ? dec(px) : p.entry;
  }

  private closeWorst(n: number, reason: CloseReason, detail: string, values: RiskValues, ts: number, out: RiskAction[]): void {
    if (n <= 0) return;
    const open = [...this.positions.values()].filter((t) => !t.closing);
    const ranked = rankWorst(
      open.map((t) => t.p),
      (p) => this.markOf(p),
    );
    for (let i = 0; i < Math.min(n, ranked.length); i++) {
      const p = ranked[i] as RiskPosition;
      const tr = this.positions.get(p.positionId) as Tracked;
      this.requestClose(tr, reason, RiskEvent.ForceExitRequired, `${detail} (#${i + 1} worst)`, { ...values, rank: i + 1, pnlPct: pnlFraction(p, this.markOf(p)) }, ts, out);
    }
  }

  private evaluateHealth(now: number, out: RiskAction[]): void {
    const c = this.config;
    const q = c.healthScore.quality;
    const inputs: PositionHealthInput[] = [];
    for (const { p } of this.positions.values()) {
      inputs.push({
        positionId: p.positionId,
        side: p.side,
        strategy: p.strategy,
        ageMs: Math.max(0, now - p.openedAt),
        maxHoldMs: maxHoldMsFor(p, c.maxHold),
        unrealizedPnl: unrealizedPnl(p, this.markOf(p)),
        volumeTrendingUp: this.dumps.volumeTrendingUp(p.symbol, q.recentCandles, q.baselineCandles),
        orderFlowPositive: this.dumps.orderFlowPositive(p.symbol, p.side, q.recentCandles),
        liquidityStable: this.dumps.liquidityStable(p.symbol, q.liquidityDropPct),
        leaderCorrelations: c.correlationExit.leaders.map((leader) => ({ leader, correlation: this.book.correlation(p.symbol, leader) })),
      });
    }
    const score = computeHealthScore({ equity: this.drawdown.snapshot().equity, positions: inputs, volatilityRatio: this.book.volatilityRatio() }, c.healthScore, c.correlationExit.minCorrelation);
    this.health = score;
    this.healthAt = now;
    const from = this.band;
    const to = score.band;
    this.band = to;
    const rf = healthBandRank[from];
    const rt = healthBandRank[to];
    const values: RiskValues = { score: score.score, from, to };
    if (rt > rf) {
      out.push({ type: 'notify', event: RiskEvent.PortfolioHealthDegraded, severity: to === HealthBand.Critical ? Severity.Critical : Severity.Warning, detail: `portfolio health ${score.score.toFixed(2)}: ${to}`, values });
      const h = c.healthScore;
      if (rf < healthBandRank.caution) this.setBlock(BlockReason.HealthCaution, true, `health score ${score.score.toFixed(2)} < ${h.cautionBelow}`, null, out);
      if (rf < healthBandRank.warning && rt >= healthBandRank.warning) {
        const ids = [...this.positions.values()].filter((t) => !t.closing).map((t) => t.p.positionId);
        if (ids.length > 0) out.push({ type: 'tighten_trails', pct: h.warningTrailPct, positionIds: ids, reason: 'health_warning', detail: `health score ${score.score.toFixed(2)} < ${h.warningBelow}` });
      }
      if (rt >= healthBandRank.critical) this.closeWorst(h.criticalCloseCount, CloseReason.HealthCritical, `health score ${score.score.toFixed(2)} < ${h.criticalBelow}`, values, now, out);
    } else if (rt < rf && rt < healthBandRank.caution) {
      this.setBlock(BlockReason.HealthCaution, false, '', null, out);
    }
  }

  private markDone(id: string): void {
    this.done.add(id);
    if (this.done.size > this.rememberDone) {
      const oldest = this.done.values().next().value;
      if (oldest !== undefined) this.done.delete(oldest);
    }
  }
}
