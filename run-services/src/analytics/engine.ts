import {
  type Candle,
  type ExitDecision,
  type ExitRequested,
  type FillReference,
  MarketWatch,
  type MarketSpec,
  type MonitoredPosition,
  PositionMonitor,
  type SetupCandidate,
  type SetupDetected,
  type StopTrailRequested,
  type TrailMove,
  derivedId,
  type StrategyConfig,
  type Trade,
  type TradesReceived,
  TradeValidator,
  exitEventId,
  marketKey,
  requestLatencyMs,
  setupEventId,
  type FunnelSummary,
  funnelSummary,
  type WarmUpStat,
  warmUpBefore,
  warmUpStat,
} from '@cascade/core';
import { BatchSequence } from './batch-sequence.js';

export type Outgoing = SetupDetected | ExitRequested | StopTrailRequested;

/**
 * Where released messages go. It may wait (the replay barrier) and, when it learns that a setup became
 * a filled position, return it so the monitor watches it from the very next trade.
 */
export type Dispatch = (m: Outgoing) => Promise<MonitoredPosition | null>;

/** Side effects at the edge: recording for warm restarts, and history to warm a new market with. */
export interface EngineHooks {
  /** Every accepted trade and every closed candle (the per-symbol DuckDB store; never on the money path). */
  readonly record?: { trade(market: MarketSpec, t: Trade): void; candle(market: MarketSpec, c: Candle): void };
  /** On a market's first batch: closed history so the regime has its lookback from the first trade. */
  readonly warmUp?: (market: MarketSpec) => Promise<{ readonly '1m': readonly Candle[]; readonly '15m': readonly Candle[] } | null>;
}

export interface EngineCounters {
  batches: number;
  duplicateBatches: number;
  seqGaps: number;
  trades: number;
  rejected: Record<string, number>;
  setups: number;
  exits: number;
  /** Stop moves requested for venue-held stops. */
  trailMoves: number;
}

interface MarketState {
  readonly watch: MarketWatch;
  readonly validator: TradeValidator;
  readonly batches: BatchSequence;
}

/**
 * The analytics service's heart: batches in, setups and exit requests out. All state is per market;
 * dedupe is by batch sequence within the streamer's epoch (a redelivered batch is skipped whole) and by trade id (the validator),
 * so at-least-once delivery never double-counts a trade. The per-symbol hot path is core's MarketWatch,
 * the same object the backtester drives: decisions wait out the latency model and leave with the fill
 * reference the paper venue prices them at.
 */
export class AnalyticsEngine {
  private readonly markets = new Map<string, MarketState>();
  readonly monitor: PositionMonitor;
  readonly counters: EngineCounters = { batches: 0, duplicateBatches: 0, seqGaps: 0, trades: 0, rejected: {}, setups: 0, exits: 0, trailMoves: 0 };

  constructor(
    private cfg: StrategyConfig,
    private readonly now: () => number,
    private readonly hooks: EngineHooks = {},
  ) {
    this.monitor = new PositionMonitor(cfg.exits);
  }

  setConfig(cfg: StrategyConfig): void {
    this.cfg = cfg;
    this.monitor.setConfig(cfg.exits);
    for (const m of this.markets.values()) m.watch.setConfig(cfg);
  }

  /** Per-symbol state, for status pages and warm-up. */
  watchOf(market: MarketSpec): MarketWatch {
    return this.state(marketKey(market), market).watch;
  }

  /** Returns the batch's trades its validator kept (none for a duplicate batch): the risk service takes them as they are. */
  async onBatch(msg: TradesReceived, dispatch: Dispatch): Promise<Trade[]> {
    const p = msg.payload;
    const key = marketKey(p.market);
    const fresh = !this.markets.has(key);
    const st = this.state(key, p.market);
    if (fresh && this.hooks.warmUp) {
      const history = await this.hooks.warmUp(p.market).catch(() => null);
      if (history) {
        // Only what ended before this market's first trade: a later candle would overlap the ones the trades build.
        const w = warmUpBefore(history, p.trades[0]?.ts ?? Number.POSITIVE_INFINITY);
        st.watch.analytics.warmUp(w.history, w.dropped);
      }
    }
    const seq = st.batches.accept(p.seq, p.epoch);
    const accepted: Trade[] = [];
    if (seq.duplicate) {
      this.counters.duplicateBatches += 1;
      return accepted;
    }
    if (seq.gap) this.counters.seqGaps += 1;
    this.counters.batches += 1;
    for (const t of p.trades) {
      const reason = st.validator.accept(t);
      if (reason !== null) {
        this.counters.rejected[reason] = (this.counters.rejected[reason] ?? 0) + 1;
        continue;
      }
      this.counters.trades += 1;
      accepted.push(t);
      for (const r of st.watch.release(t)) {
        const m = r.kind === 'exit' ? this.exitMessage(r.exit, r.reference, msg) : this.setupMessage(key, p.market, r.setup, r.reference, msg);
        if (r.kind === 'exit') this.counters.exits += 1;
        else this.counters.setups += 1;
        const opened = await dispatch(m);
        if (opened) {
          this.monitor.track(opened);
          st.watch.openedHere(opened.positionId);
        }
      }
      const seen = st.watch.observe(t);
      if (this.hooks.record) {
        this.hooks.record.trade(p.market, t);
        for (const c of seen.closedCandles) this.hooks.record.candle(p.market, c);
      }
    }
    // Live positions' venue-held stops follow the trailing stop (issue 11): one request per tightening, ≤ 1 per 5 s.
    const lastTs = p.trades.at(-1)?.ts;
    if (lastTs !== undefined && this.monitor.watching(p.market.symbol)) {
      for (const t of this.monitor.trailMoves(p.market.symbol, lastTs)) {
        this.counters.trailMoves += 1;
        await dispatch(this.trailMessage(t, msg));
      }
    }
    return accepted;
  }

  private trailMessage(t: TrailMove, batch: TradesReceived): StopTrailRequested {
    return {
      type: 'stop.trail_requested',
      eventId: derivedId('evt', 'trail', t.positionId, String(t.level), t.repeat ? 'repeat' : 'first'),
      tsEvent: t.ts,
      tsInit: this.now(),
      correlationId: t.positionId,
      causationId: batch.eventId,
      payload: { positionId: t.positionId, symbol: t.symbol, trailLevel: t.level, lastPrice: t.lastPrice },
    };
  }

  private setupMessage(key: string, market: MarketSpec, s: SetupCandidate, reference: FillReference, batch: TradesReceived): SetupDetected {
    const eventId = setupEventId(key, s.trigger);
    return {
      type: 'setup.detected',
      eventId,
      tsEvent: s.trigger.ts,
      tsInit: this.now(),
      correlationId: eventId,
      causationId: batch.eventId,
      payload: { market, side: s.side, trigger: s.trigger, triggerPublishedAt: batch.tsInit, fillReference: reference, flow: s.flow, context: s.context, levels: [...s.levels] },
    };
  }

  private exitMessage(x: ExitDecision, reference: FillReference, batch: TradesReceived): ExitRequested {
    return {
      type: 'exit.requested',
      eventId: exitEventId(x.positionId),
      tsEvent: x.trigger.ts,
      tsInit: this.now(),
      correlationId: x.positionId,
      causationId: batch.eventId,
      payload: { positionId: x.positionId, symbol: x.symbol, reason: x.reason, detail: x.detail, values: { ...x.values }, trigger: x.trigger, fillReference: reference },
    };
  }

  /** The level funnel per market (issue 4: how many evaluations stopped at each level). */
  funnels(): Record<string, ReturnType<MarketWatch['analytics']['funnel']['slice']>> {
    return Object.fromEntries([...this.markets].map(([k, m]) => [k, m.watch.analytics.funnel]));
  }

  /** The funnel per market as summary.json shows it: per level evaluated/passed/stopped and the reasons (issue 10 item 4). */
  funnelSummaries(): Record<string, FunnelSummary> {
    return Object.fromEntries([...this.markets].map(([k, m]) => [k, funnelSummary(m.watch.analytics.funnel)]));
  }

  /** How long each market's regime warmed up (tape time), and whether it has every value yet. */
  warmUps(): Record<string, WarmUpStat> {
    return Object.fromEntries([...this.markets].map(([k, m]) => {
      const w = m.watch.analytics.regimeWarmUp;
      return [k, warmUpStat(w, w.lastTradeTs)];
    }));
  }

  get symbols(): number {
    return this.markets.size;
  }

  private state(key: string, market: MarketSpec): MarketState {
    let st = this.markets.get(key);
    if (!st) {
      const venue = this.cfg.paperVenue;
      st = { watch: new MarketWatch(market, this.cfg, this.monitor, requestLatencyMs(venue), venue.recentVolumeWindowMs), validator: new TradeValidator(), batches: new BatchSequence() };
      this.markets.set(key, st);
    }
    return st;
  }
}
