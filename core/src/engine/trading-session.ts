import type { StrategyConfig } from '../config/strategy-config.js';
import { dec, fromTape } from '../execution/money.js';
import { entryClientOrderId, setupEventId, signalIdOf } from '../ids/derived-id.js';
import { type MarketSpec, marketKey } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import type { SetupCandidate } from '../analytics/symbol-analytics.js';
import { type Decision, scoreSetup } from '../decision/score-setup.js';
import { signalPayload } from '../decision/signal-payload.js';
import { PositionMonitor, type ExitDecision } from '../exits/position-monitor.js';
import type { SetupDetected } from '../messages/events/setup-detected.js';
import type { BacktestResult, ClosedTradeRecord, FilterStat, FunnelLevel, WarmUpStat } from '../backtest/backtest-result.js';
import { type WarmUpHistory, warmUpBefore, warmUpStat } from '../backtest/warm-up-before.js';
import { ScoreFunnel } from '../decision/levels/score-funnel.js';
import { type SimVenueModel, SimVenueModelSchema, requestLatencyMs } from '../paper/sim-venue-model.js';
import { MarketWatch, type Released } from './market-watch.js';
import type { FillReference } from '../paper/reference-fill.js';
import { type PaperAccount, applyFunding, newPaperAccount } from '../paper/paper-account.js';
import { type FundingSource, fundingRateAt } from '../perp/funding-rate-series.js';
import { fundingTimesBetween } from '../perp/funding-schedule.js';
import { fundingReceived } from '../perp/funding-payment.js';
import { BINANCE_USDM_TERMS } from '../perp/perp-terms.js';
import { type PaperClose, paperExecuteEntry, paperExecuteExit } from '../paper/paper-execute.js';

/** What the session did, in tape order: the parity test compares these with the live stack's documents. */
export type SessionEvent =
  | { type: 'signal'; signalId: string; setupEventId: string; side: 'long' | 'short'; decision: Decision; ts: number }
  | { type: 'rejected'; clientOrderId: string; signalId: string; handler: string; reason: string; numbers: Readonly<Record<string, string | number>>; ts: number }
  | { type: 'fill'; clientOrderId: string; intent: 'open' | 'close'; side: 'buy' | 'sell'; price: string; qty: string; fee: string; ts: number; reference: FillReference }
  | { type: 'closed'; trade: ClosedTradeRecord };

export interface TradingSessionOptions {
  readonly startingEquity: string;
  /** Bucket of the price chart (one point per bucket; the report downsamples further). */
  readonly priceEveryMs?: number;
  /** Perpetuals: where funding rates come from; default the market's constant rate (Binance base 0.01 %). */
  readonly funding?: FundingSource;
}

/** What funding did over the run (perpetuals). */
export interface FundingStats {
  /** Funding times passed while a position was open. */
  readonly fundingTimes: number;
  /** Of those, times the series had no rate for: nothing was applied. */
  readonly missingRates: number;
  /** Sum received by positions (negative = paid), exact. */
  readonly total: string;
}

/**
 * One symbol's whole trading loop on a tape, in tape time, with the code the services run: the
 * analytics service's MarketWatch (levels, exit monitor, latency gate), decide's scoreSetup and
 * signalPayload, and execute's paper path (execution chain, sizing, paper account, fill model).
 * Decisions wait out the latency model and fill at the first later trade, exactly where the live
 * stack's paper venue prices them.
 */
export class TradingSession {
  readonly watch: MarketWatch;
  readonly monitor: PositionMonitor;
  readonly model: SimVenueModel;
  private readonly key: string;
  private account: PaperAccount;
  private readonly scores = new Map<string, number>();
  private firstTs: number | null = null;
  private lastTs = 0;
  private lastPrice: number | null = null;
  private exposureMs = 0;
  private readonly trades: ClosedTradeRecord[] = [];
  private readonly equityCurve: { ts: number; equity: string }[] = [];
  private readonly priceSeries: { ts: number; price: number }[] = [];
  private lastPriceBucket = -1;
  private readonly filters = new Map<string, FilterStat>();
  private readonly scoreFunnel: ScoreFunnel;
  /** A --warmup history, fed to the regime at the first trade (only the candles that ended before it). */
  private pendingWarmUp: WarmUpHistory | null = null;
  private readonly funding: FundingSource | null;
  private fundingTimes = 0;
  private missingRates = 0;
  private fundingTotal = dec(0);
  readonly events: SessionEvent[] = [];

  constructor(
    readonly market: MarketSpec,
    private readonly cfg: StrategyConfig,
    model: Partial<SimVenueModel> | undefined,
    private readonly opts: TradingSessionOptions,
  ) {
    this.model = SimVenueModelSchema.parse(model ?? cfg.paperVenue);
    this.monitor = new PositionMonitor(cfg.exits);
    this.watch = new MarketWatch(market, cfg, this.monitor, requestLatencyMs(this.model), this.model.recentVolumeWindowMs);
    this.key = marketKey(market);
    this.account = newPaperAccount(market.quote, opts.startingEquity);
    this.scoreFunnel = new ScoreFunnel(cfg.scoring);
    this.funding = market.marketType === 'perp' ? (opts.funding ?? { kind: 'constant', rate: (market.perp ?? BINANCE_USDM_TERMS).fundingRate }) : null;
  }

  get fundingStats(): FundingStats {
    return { fundingTimes: this.fundingTimes, missingRates: this.missingRates, total: this.fundingTotal.toFixed() };
  }

  get analytics() {
    return this.watch.analytics;
  }

  get tradesClosed(): number {
    return this.trades.length;
  }

  get paperAccount(): PaperAccount {
    return this.account;
  }

  /** History to seed the regime with before the first trade (`--warmup`); call before the first `onTrade`. */
  warmUp(history: WarmUpHistory): void {
    this.pendingWarmUp = history;
  }

  onTrade(t: Trade): void {
    if (this.firstTs === null) {
      if (this.pendingWarmUp) {
        const w = warmUpBefore(this.pendingWarmUp, t.ts);
        this.watch.analytics.warmUp(w.history, w.dropped);
        this.pendingWarmUp = null;
      }
      this.firstTs = t.ts;
      this.equityCurve.push({ ts: t.ts, equity: dec(this.account.startingEquity).toFixed() });
    }
    if (hasPositions(this.account)) {
      this.exposureMs += t.ts - this.lastTs;
      if (this.funding) this.fund(t.ts);
    }
    this.lastTs = t.ts;
    this.lastPrice = t.price;
    const bucket = Math.floor(t.ts / (this.opts.priceEveryMs ?? 60_000));
    if (bucket !== this.lastPriceBucket) {
      this.lastPriceBucket = bucket;
      this.priceSeries.push({ ts: t.ts, price: t.price });
    }
    // 1. What reaches the venue at this trade fills on it: exits first (they free the symbol), then entries.
    // An index loop: \`for…of\` built an iterator per trade here (release is not inlined), ~40 B of garbage a trade.
    const released = this.watch.release(t);
    for (let i = 0; i < released.length; i++) {
      const r = released[i] as Released;
      if (r.kind === 'exit') this.exit(r.exit, r.reference);
      else this.decideAndExecute(r.setup, r.reference);
    }
    // 2. Analytics, the four levels and the exit monitor on this trade.
    this.watch.observe(t);
  }

  /** decide (score, explain) and execute (chain, size, fill) for a setup whose order reaches the venue now. */
  private decideAndExecute(s: SetupCandidate, ref: FillReference): void {
    const setupId = setupEventId(this.key, s.trigger);
    const signalId = signalIdOf(setupId);
    const setup: SetupDetected['payload'] = { market: this.market, side: s.side, trigger: s.trigger, triggerPublishedAt: 0, fillReference: ref, flow: s.flow, context: s.context, levels: [...s.levels] };
    const decision = scoreSetup(setup, this.cfg);
    this.scoreFunnel.record(decision);
    for (const item of decision.explanation) {
      if (item.max === 0) continue;
      const f = this.filters.get(item.name) ?? { filter: item.name, evaluated: 0, fired: 0, pointsTotal: 0 };
      this.filters.set(item.name, { filter: item.name, evaluated: f.evaluated + 1, fired: f.fired + (item.points > 0 ? 1 : 0), pointsTotal: f.pointsTotal + item.points });
    }
    this.events.push({ type: 'signal', signalId, setupEventId: setupId, side: s.side, decision, ts: s.trigger.ts });
    if (decision.decision !== 'trade') return;
    const signal = signalPayload(setupId, signalId, setup, decision, this.cfg);
    const out = paperExecuteEntry(signal, this.account, ref, this.cfg);
    if (!out.ok) {
      this.events.push({ type: 'rejected', clientOrderId: entryClientOrderId(signalId), signalId, handler: out.rejection.handler, reason: out.rejection.reason, numbers: out.rejection.numbers, ts: ref.ts });
      return;
    }
    for (const c of out.closes) this.booked(c);
    this.account = out.account;
    const p = out.opened;
    this.scores.set(p.positionId, decision.score);
    this.events.push({ type: 'fill', clientOrderId: p.positionId, intent: 'open', side: p.side === 'long' ? 'buy' : 'sell', price: p.entryPrice, qty: p.amount, fee: p.entryFee, ts: ref.ts, reference: ref });
    this.monitor.track({ positionId: p.positionId, symbol: this.market.symbol, side: p.side, entryPrice: Number(p.entryPrice), openedAt: ref.ts, trailingStopPct: signal.trailingStopPct, maxHoldMs: signal.maxHoldMs, initialStop: Number(out.initialStopPrice), liquidationPrice: p.liquidationPrice == null ? null : Number(p.liquidationPrice) });
    this.watch.openedHere(p.positionId);
  }

  /**
   * Funding times between the last trade and this one (00:00/08:00/16:00 UTC), applied to every open
   * position at the mark of the last trade before the funding time — the tape's price then (a tape has
   * no mark price). Positions opened at or after a funding time are not funded by it (applyFunding).
   */
  private fund(now: number): void {
    if (!this.funding || this.lastPrice === null) return;
    for (const ft of fundingTimesBetween(this.lastTs, now)) {
      this.fundingTimes += 1;
      const rate = fundingRateAt(this.funding, ft);
      if (rate === null) {
        this.missingRates += 1;
        continue;
      }
      const mark = fromTape(this.lastPrice, this.market.pricePrecision);
      for (const p of Object.values(this.account.positions)) {
        const before = this.account;
        this.account = applyFunding(this.account, p.positionId, ft, fundingReceived(p.side, dec(p.amount), mark, rate));
        if (this.account !== before) this.fundingTotal = this.fundingTotal.plus(dec(this.account.cash).minus(before.cash));
      }
    }
  }

  private exit(x: ExitDecision, ref: FillReference): void {
    const out = paperExecuteExit(this.account, x.positionId, ref, this.cfg, x.reason);
    if (!out) return;
    this.booked(out.close);
    this.account = out.account;
  }

  private booked(c: PaperClose): void {
    const p = c.position;
    this.events.push({ type: 'fill', clientOrderId: c.clientOrderId, intent: 'close', side: p.side === 'long' ? 'sell' : 'buy', price: c.fill.price.toFixed(), qty: c.fill.qty.toFixed(), fee: c.fill.fee.toFixed(), ts: c.closedAt, reference: c.reference });
    const rec: ClosedTradeRecord = {
      id: p.positionId,
      symbol: p.symbol,
      side: p.side,
      entryTime: p.openedAt,
      entryPrice: p.entryPrice,
      exitTime: c.closedAt,
      exitPrice: c.fill.price.toFixed(),
      qty: p.amount,
      pnl: c.net,
      fees: c.fees,
      ...(p.marketType === 'perp' ? { funding: c.funding } : {}),
      exitReason: c.reason,
      score: this.scores.get(p.positionId) ?? 0,
    };
    this.trades.push(rec);
    this.events.push({ type: 'closed', trade: rec });
    this.equityCurve.push({ ts: c.closedAt, equity: dec(this.account.startingEquity).plus(this.account.realizedPnl).plus(c.net).toFixed() });
    this.monitor.forget(p.positionId, p.symbol);
  }

  /**
   * End of tape: a position still open is closed at the last trade's price (taker fill, no later
   * trade exists), recorded as `end_of_tape`, so the summary counts every entry.
   */
  finish(): BacktestResult {
    for (const id of Object.keys(this.account.positions)) {
      const ref: FillReference = { tradeId: 'end', ts: this.lastTs, price: this.lastPrice ?? Number(this.account.positions[id]?.entryPrice), recentVolume: '0' };
      const out = paperExecuteExit(this.account, id, ref, this.cfg, 'end_of_tape');
      if (out) {
        this.booked(out.close);
        this.account = out.account;
      }
    }
    this.watch.pending();
    return {
      startingEquity: this.opts.startingEquity,
      trades: this.trades,
      equityCurve: this.equityCurve,
      priceSeries: this.priceSeries,
      funnel: this.funnel(),
      warmUp: this.warmUpStat(),
      filterStats: [...this.filters.values()],
      period: { from: this.firstTs ?? 0, to: this.lastTs },
      exposureMs: this.exposureMs,
    };
  }

  private funnel(): FunnelLevel[] {
    const levels: FunnelLevel[] = this.watch.analytics.funnel.map((l) => ({ ...l }));
    // The score is the last gate: setups that reached decide, how many it turned into trades, why not the rest.
    levels.push(this.scoreFunnel.row());
    return levels;
  }

  private warmUpStat(): WarmUpStat {
    return warmUpStat(this.watch.analytics.regimeWarmUp, this.lastTs);
  }
}

/** `Object.keys(positions).length > 0` without building the key array on every trade of the tape. */
function hasPositions(account: PaperAccount): boolean {
  for (const _ in account.positions) return true;
  return false;
}
