/**
 * What a backtest run hands to the metrics and the report writers. Money travels as exact decimal
 * strings (big.js on the way in), times as UTC milliseconds on the tape's clock.
 */

/** One round trip: an entry and the exit that closed it. */
export interface ClosedTradeRecord {
  id: string;
  symbol: string;
  side: 'long' | 'short';
  /** UTC ms on the tape's clock. */
  entryTime: number;
  /** Exact decimal string. */
  entryPrice: string;
  exitTime: number;
  exitPrice: string;
  /** Base amount, exact. */
  qty: string;
  /** Quote currency, net of fees (entry + exit), exact. */
  pnl: string;
  /** Quote currency, entry + exit, exact. */
  fees: string;
  /** Perpetuals: funding received while open (negative = paid), quote currency, exact; included in `pnl`. Absent = 0. */
  funding?: string;
  /** e.g. 'liquidation' | 'trailing_stop' | 'cascade_reversal' | 'adverse_moves' | 'max_hold' | 'end_of_tape'. */
  exitReason: string;
  /** Confluence score of the entry signal. */
  score: number;
}

export interface EquityPoint {
  ts: number;
  /** Exact decimal string, quote currency. */
  equity: string;
}

export interface PricePoint {
  ts: number;
  price: number;
}

/** One row of the level funnel (§2.3): how many evaluations reached the level, stopped there, went on. */
export interface FunnelLevel {
  level: string;
  evaluated: number;
  stoppedHere: number;
  passed: number;
  /** Which check stopped each stopped evaluation, one reason each (core/src/decision/levels/stop-reasons.ts). */
  reasons?: Record<string, number>;
  /** Level 1: every failed check, counted on each evaluation that stopped with the regime warm. */
  failedChecks?: Record<string, number>;
  /** The confluence score: scores of the setups that were scored, in buckets. */
  distribution?: ScoreBucket[];
  /** The confluence score's threshold (`scoring.minScore`). */
  threshold?: number;
}

/** Setups whose score s fell in from ≤ s < to (the last bucket includes its upper edge). */
export interface ScoreBucket {
  from: number;
  to: number;
  count: number;
}

/** How long the regime warmed up on the tape (issue 10 item 3); durations only, no absolute time. */
export interface WarmUpStat {
  /** Candles of the warm-up file used (ending before the first trade); null without one. */
  seeded: { '1m': number; '15m': number } | null;
  /** Candles of the warm-up file dropped because they ended after the tape's first trade. */
  dropped: number;
  /** Closed 15m candles the regime needs before it has every value. */
  candlesNeeded15m: number;
  /** Tape time from the first trade to the first trade at which Level 1 had every value; to the last trade when it never had. */
  warmingUpMs: number;
  /** False when Level 1 still lacked a value at the end of the tape. */
  ready: boolean;
}

/** One secondary filter (§2.2.2): how often it was evaluated and fired, and the points it added in total. */
export interface FilterStat {
  filter: string;
  evaluated: number;
  fired: number;
  pointsTotal: number;
}

export interface BacktestResult {
  startingEquity: string;
  /** Closed trades in exit order. */
  trades: ClosedTradeRecord[];
  /** Marked at the start and after each closed trade. */
  equityCurve: EquityPoint[];
  /** Downsampled (e.g. 1-minute closes) for charting. */
  priceSeries: PricePoint[];
  funnel: FunnelLevel[];
  /** Absent in results built by other means (the period report). */
  warmUp?: WarmUpStat;
  filterStats: FilterStat[];
  /** Tape time span, UTC ms. */
  period: { from: number; to: number };
  /** Total time with at least one open position (union over positions). */
  exposureMs: number;
}
