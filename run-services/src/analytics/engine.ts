import {
  type ExitRequested,
  type MarketSpec,
  PositionMonitor,
  type SetupDetected,
  type StrategyConfig,
  SymbolAnalytics,
  type Trade,
  type TradesReceived,
  TradeValidator,
  derivedId,
  marketKey,
} from '@cascade/core';

export interface EngineOutput {
  readonly setups: SetupDetected[];
  readonly exits: ExitRequested[];
}

export interface EngineCounters {
  batches: number;
  duplicateBatches: number;
  seqGaps: number;
  trades: number;
  rejected: Record<string, number>;
  setups: number;
  exits: number;
}

interface MarketState {
  readonly analytics: SymbolAnalytics;
  readonly validator: TradeValidator;
  lastSeq: number;
}

/**
 * The analytics service's pure-ish heart: batches in, setups and exit requests out. All state is
 * per market; dedupe is by batch sequence (a redelivered batch is skipped whole) and by trade id
 * (the validator), so at-least-once delivery never double-counts a trade.
 */
export class AnalyticsEngine {
  private readonly markets = new Map<string, MarketState>();
  readonly monitor = new PositionMonitor();
  readonly counters: EngineCounters = { batches: 0, duplicateBatches: 0, seqGaps: 0, trades: 0, rejected: {}, setups: 0, exits: 0 };

  constructor(
    private cfg: StrategyConfig,
    private readonly now: () => number,
  ) {}

  setConfig(cfg: StrategyConfig): void {
    this.cfg = cfg;
    for (const m of this.markets.values()) m.analytics.setConfig(cfg);
  }

  onBatch(msg: TradesReceived): EngineOutput {
    const p = msg.payload;
    const key = marketKey(p.market);
    const st = this.state(key, p.market);
    if (p.seq <= st.lastSeq) {
      this.counters.duplicateBatches += 1;
      return { setups: [], exits: [] };
    }
    if (st.lastSeq > 0 && p.seq !== st.lastSeq + 1) this.counters.seqGaps += 1;
    st.lastSeq = p.seq;
    this.counters.batches += 1;
    const setups: SetupDetected[] = [];
    const exits: ExitRequested[] = [];
    for (const t of p.trades as Trade[]) {
      const reason = st.validator.accept(t);
      if (reason !== null) {
        this.counters.rejected[reason] = (this.counters.rejected[reason] ?? 0) + 1;
        continue;
      }
      this.counters.trades += 1;
      const out = st.analytics.onTrade(t);
      if (out.setup) {
        const s = out.setup;
        const eventId = derivedId('setup', key, s.trigger.tradeId, String(s.trigger.ts));
        setups.push({
          type: 'setup.detected',
          eventId,
          tsEvent: t.ts,
          tsInit: this.now(),
          correlationId: eventId,
          causationId: msg.eventId,
          payload: { market: p.market, side: s.side, trigger: s.trigger, triggerPublishedAt: msg.tsInit, flow: s.flow, context: s.context, levels: [...s.levels] },
        });
      }
      for (const x of this.monitor.onTrade(p.market.symbol, t)) {
        exits.push({
          type: 'exit.requested',
          eventId: derivedId('exit', x.positionId),
          tsEvent: t.ts,
          tsInit: this.now(),
          correlationId: x.positionId,
          causationId: msg.eventId,
          payload: { positionId: x.positionId, symbol: x.symbol, reason: x.reason, detail: x.detail, trigger: x.trigger },
        });
      }
    }
    this.counters.setups += setups.length;
    this.counters.exits += exits.length;
    return { setups, exits };
  }

  get symbols(): number {
    return this.markets.size;
  }

  private state(key: string, market: MarketSpec): MarketState {
    let st = this.markets.get(key);
    if (!st) {
      st = { analytics: new SymbolAnalytics(market, this.cfg), validator: new TradeValidator(), lastSeq: 0 };
      this.markets.set(key, st);
    }
    return st;
  }
}
