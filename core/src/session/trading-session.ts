import type { StrategyConfig } from '../config/strategy-config.js';
import { type Dec, dec } from '../execution/money.js';
import { closedPnl } from '../execution/paper-fill.js';
import { entryClientOrderId, exitClientOrderId, setupEventId, signalIdOf } from '../ids/derived-id.js';
import { type MarketSpec, marketKey } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import type { SetupCandidate } from '../analytics/symbol-analytics.js';
import { type Decision, scoreSetup } from '../decision/score-setup.js';
import { type ExitDecision, PositionMonitor } from '../exits/position-monitor.js';
import type { SetupDetected } from '../messages/events/setup-detected.js';
import type { BacktestResult, ClosedTradeRecord, FilterStat, FunnelLevel } from '../backtest/backtest-result.js';
import { type SimVenueModel, SimVenueModelSchema, requestLatencyMs } from '../venue-sim/sim-venue-model.js';
import { MarketWatch } from './market-watch.js';
import { type FillReference, referenceTakerFill } from './reference-fill.js';
import { paperEntryFill, paperExitFill } from './paper-fills.js';

/** What the session did, in tape order: the parity test compares these with the live stack's documents. */
export type SessionEvent =
  | { type: 'signal'; signalId: string; setupEventId: string; side: 'long' | 'short'; decision: Decision; ts: number }
  | { type: 'rejected'; clientOrderId: string; signalId: string; handler: string; reason: string; ts: number }
  | { type: 'fill'; clientOrderId: string; intent: 'open' | 'close'; side: 'buy' | 'sell'; price: string; qty: string; fee: string; ts: number; reference: FillReference }
  | { type: 'closed'; trade: ClosedTradeRecord };

interface OpenPosition {
  readonly positionId: string;
  readonly signalId: string;
  readonly side: 'long' | 'short';
  readonly entryPrice: Dec;
  readonly qty: Dec;
  readonly entryFee: Dec;
  readonly openedAt: number;
  readonly score: number;
}

export interface TradingSessionOptions {
  readonly startingEquity: string;
  /** How many 1m closes the price chart keeps (downsampled later by the report). */
  readonly priceEveryMs?: number;
}

/**
 * One symbol's whole trading loop on a tape, in tape time, with the code the services run: the
 * analytics service's SymbolAnalytics and PositionMonitor, decide's scoreSetup, execute's sizing and
 * the paper venue's fill model. Decisions wait out the latency model in a LatencyGate and fill at the
 * first later trade, exactly where the live stack's paper venue prices them.
 */
export class TradingSession {
  readonly watch: MarketWatch;
  readonly monitor: PositionMonitor;
  readonly model: SimVenueModel;
  private readonly key: string;
  private position: OpenPosition | null = null;
  private equity: Dec;
  private firstTs: number | null = null;
  private lastTs = 0;
  private lastPrice: number | null = null;
  private exposureMs = 0;
  private readonly trades: ClosedTradeRecord[] = [];
  private readonly equityCurve: { ts: number; equity: string }[] = [];
  private readonly priceSeries: { ts: number; price: number }[] = [];
  private lastPriceBucket = -1;
  private readonly filters = new Map<string, FilterStat & { evaluated: number; fired: number; pointsTotal: number }>();
  private decided = 0;
  private traded = 0;
  readonly events: SessionEvent[] = [];

  constructor(
    readonly market: MarketSpec,
    private readonly cfg: StrategyConfig,
    model: Partial<SimVenueModel> | undefined,
    private readonly opts: TradingSessionOptions,
  ) {
    this.model = SimVenueModelSchema.parse(model ?? {});
    this.monitor = new PositionMonitor(cfg.exits);
    this.watch = new MarketWatch(market, cfg, this.monitor, requestLatencyMs(this.model), this.model.recentVolumeWindowMs);
    this.key = marketKey(market);
    this.equity = dec(opts.startingEquity);
  }

  onTrade(t: Trade): void {
    if (this.firstTs === null) {
      this.firstTs = t.ts;
      this.equityCurve.push({ ts: t.ts, equity: this.equity.toFixed() });
    }
    if (this.position) this.exposureMs += t.ts - this.lastTs;
    this.lastTs = t.ts;
    this.lastPrice = t.price;
    const bucket = Math.floor(t.ts / (this.opts.priceEveryMs ?? 60_000));
    if (bucket !== this.lastPriceBucket) {
      this.lastPriceBucket = bucket;
      this.priceSeries.push({ ts: t.ts, price: t.price });
    }
    // 1. Orders that reach the venue at this trade fill on it: exits first (they free the slot), then entries.
    for (const r of this.watch.release(t)) {
      if (r.kind === 'exit') this.fillExit(r.exit, r.reference);
      else this.decideAndFill(r.setup, r.reference);
    }
    // 2. Analytics, levels and the exit monitor on this trade.
    this.watch.observe(t);
  }

  get analytics() {
    return this.watch.analytics;
  }

  /**
   * decide (score) and execute (checks, size, fill) for a setup whose order reaches the venue now.
   * decide runs on the setup as analytics saw it; the checks see the account as it is at the fill.
   */
  private decideAndFill(s: SetupCandidate, ref: FillReference): void {
    const setupId = setupEventId(this.key, s.trigger);
    const signalId = signalIdOf(setupId);
    const payload: SetupDetected['payload'] = { market: this.market, side: s.side, trigger: s.trigger, triggerPublishedAt: 0, fillReference: ref, flow: s.flow, context: s.context, levels: [...s.levels] };
    const decision = scoreSetup(payload, this.cfg);
    this.decided += 1;
    for (const item of decision.explanation) {
      if (item.max === 0) continue;
      const f = this.filters.get(item.name) ?? { filter: item.name, evaluated: 0, fired: 0, pointsTotal: 0 };
      f.evaluated += 1;
      if (item.points > 0) f.fired += 1;
      f.pointsTotal += item.points;
      this.filters.set(item.name, f);
    }
    this.events.push({ type: 'signal', signalId, setupEventId: setupId, side: s.side, decision, ts: s.trigger.ts });
    if (decision.decision !== 'trade') return;
    this.traded += 1;
    this.fillEntry({ signalId, side: s.side, score: decision.score }, ref);
  }

  private fillEntry(e: { signalId: string; side: 'long' | 'short'; score: number }, ref: FillReference): void {
    const t = { ts: ref.ts };
    const cid = entryClientOrderId(e.signalId);
    // Execution chain, first handler: one position per symbol.
    if (this.position) {
      this.events.push({ type: 'rejected', clientOrderId: cid, signalId: e.signalId, handler: 'existing_position', reason: `a position on ${this.market.symbol} is already open`, ts: t.ts });
      return;
    }
    const side = e.side === 'long' ? 'buy' : 'sell';
    const out = paperEntryFill(this.market, this.model, side, this.cfg.sizing.quoteNotional, ref);
    if (!out.ok) {
      this.events.push({ type: 'rejected', clientOrderId: cid, signalId: e.signalId, handler: out.handler, reason: out.reason, ts: t.ts });
      return;
    }
    const f = out.fill;
    this.events.push({ type: 'fill', clientOrderId: cid, intent: 'open', side, price: f.price.toFixed(), qty: f.qty.toFixed(), fee: f.fee.toFixed(), ts: t.ts, reference: ref });
    this.position = { positionId: cid, signalId: e.signalId, side: e.side, entryPrice: f.price, qty: f.qty, entryFee: f.fee, openedAt: t.ts, score: e.score };
    this.monitor.track({ positionId: cid, symbol: this.market.symbol, side: e.side, entryPrice: Number(f.price.toFixed()), openedAt: t.ts, trailingStopPct: this.cfg.exits.trailingStopPct, maxHoldMs: this.cfg.exits.maxHoldMs });
    this.watch.openedHere(cid);
  }

  private fillExit(x: ExitDecision, ref: FillReference): void {
    const t = { ts: ref.ts };
    const p = this.position;
    if (!p || p.positionId !== x.positionId) return;
    const cid = exitClientOrderId(p.positionId);
    const side = p.side === 'long' ? 'sell' : 'buy';
    const f = paperExitFill(this.market, this.model, side, p.qty.toFixed(), ref);
    this.events.push({ type: 'fill', clientOrderId: cid, intent: 'close', side, price: f.price.toFixed(), qty: f.qty.toFixed(), fee: f.fee.toFixed(), ts: t.ts, reference: ref });
    this.close(p, f.price, f.fee, t.ts, x.reason);
  }

  private close(p: OpenPosition, exitPrice: Dec, exitFee: Dec, ts: number, reason: string): void {
    const pnl = closedPnl(p.side, p.entryPrice, exitPrice, p.qty, p.entryFee, exitFee);
    const rec: ClosedTradeRecord = {
      id: p.positionId,
      symbol: this.market.symbol,
      side: p.side,
      entryTime: p.openedAt,
      entryPrice: p.entryPrice.toFixed(),
      exitTime: ts,
      exitPrice: exitPrice.toFixed(),
      qty: p.qty.toFixed(),
      pnl: pnl.net.toFixed(),
      fees: pnl.fees.toFixed(),
      exitReason: reason,
      score: p.score,
    };
    this.trades.push(rec);
    this.events.push({ type: 'closed', trade: rec });
    this.equity = this.equity.plus(pnl.net);
    this.equityCurve.push({ ts, equity: this.equity.toFixed() });
    this.position = null;
    this.monitor.forget(p.positionId, this.market.symbol);
  }

  /**
   * End of tape: a position still open is closed at the last trade's price (taker fill, no later
   * trade exists), recorded as `end_of_tape`, so the summary counts every entry.
   */
  finish(): BacktestResult {
    const p = this.position;
    if (p) {
      const side = p.side === 'long' ? 'sell' : 'buy';
      const ref: FillReference = { tradeId: 'end', ts: this.lastTs, price: this.lastPrice ?? Number(p.entryPrice.toFixed()), recentVolume: '0' };
      const f = referenceTakerFill(this.market, this.model, side, p.qty, ref);
      this.close(p, f.price, f.fee, this.lastTs, 'end_of_tape');
    }
    this.watch.pending();
    return {
      startingEquity: this.opts.startingEquity,
      trades: this.trades,
      equityCurve: this.equityCurve,
      priceSeries: this.priceSeries,
      funnel: this.funnel(),
      filterStats: [...this.filters.values()].map((f) => ({ filter: f.filter, evaluated: f.evaluated, fired: f.fired, pointsTotal: f.pointsTotal })),
      period: { from: this.firstTs ?? 0, to: this.lastTs },
      exposureMs: this.exposureMs,
    };
  }

  private funnel(): FunnelLevel[] {
    const levels = this.watch.analytics.funnel.map((l) => ({ ...l }));
    // The score is the last gate: setups that reached decide, and how many it turned into trades.
    levels.push({ level: 'confluence_score', evaluated: this.decided, stoppedHere: this.decided - this.traded, passed: this.traded });
    return levels;
  }

  get tradesClosed(): number {
    return this.trades.length;
  }

  get realizedEquity(): Dec {
    return this.equity;
  }
}
