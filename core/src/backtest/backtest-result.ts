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
  /** e.g. 'trailing_stop' | 'cascade_reversal' | 'adverse_moves' | 'max_hold' | 'end_of_tape'. */
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
  filterStats: FilterStat[];
  /** Tape time span, UTC ms. */
  period: { from: number; to: number };
  /** Total time with at least one open position (union over positions). */
  exposureMs: number;
}
