import type { ValueOf } from '../../util/value-of.js';
import type { Timeframe } from '../candle.js';
import type { FlowSnapshot } from '../flow-window.js';
import type { VolumeSpikeReading } from './volume-spike.js';

/** The imbalance windows OrderFlowState keeps, by what they are for. */
export const FlowWindowRole = {
  /** §2.6.1 exit monitoring, 15 s. */
  Exit: 'exit',
  /** §2.2.2 primary analyzer, 30 s. */
  Primary: 'primary',
  /** §2.3.3 cascade windows: the timeframes' lengths, trailing. */
  M1: '1m',
  M5: '5m',
  M15: '15m',
} as const;
export type FlowWindowRole = ValueOf<typeof FlowWindowRole>;
export const allFlowWindowRoles: readonly FlowWindowRole[] = Object.values(FlowWindowRole);

/** One trailing window's aggressor flow. A FlowSnapshot (the wire shape) plus what it does not carry. */
export interface FlowReading extends FlowSnapshot {
  readonly buyTrades: number;
  readonly sellTrades: number;
  /** buyVolume − sellVolume. */
  readonly delta: number;
  readonly largeBuyTrades: number;
  readonly largeSellTrades: number;
  /** trades ≥ minTrades (§2.2.2: at least 5 trades before the ratio means anything). */
  readonly sufficient: boolean;
}

export const CvdDirection = {
  Up: 'up',
  Down: 'down',
  Flat: 'flat',
} as const;
export type CvdDirection = ValueOf<typeof CvdDirection>;

export interface CvdReading {
  readonly windowMs: number;
  /** Σ(buy − sell) aggressor volume over the window (rolling, §2.2.2: last 15 min). */
  readonly value: number;
  readonly slopeWindowMs: number;
  /** Net delta over the slope window, per minute: the slope of the cumulative curve there. */
  readonly slopePerMinute: number;
  /** Sign of the slope. */
  readonly direction: CvdDirection;
}

export interface LargeTradeReading {
  readonly multiple: number;
  readonly averageWindowMs: number;
  /** Mean trade size over the average window now (what the next trade is judged against). */
  readonly averageSize: number | null;
  /** multiple × averageSize; null until the window holds `minSample` trades. */
  readonly threshold: number | null;
  readonly countWindowMs: number;
  /** Trades flagged large on arrival still inside the count window, per aggressor side. */
  readonly buy: number;
  readonly sell: number;
  readonly lastTradeLarge: boolean;
}

export interface ExhaustionSide {
  /** Aggressor volume of this side over the short window. */
  readonly volume: number;
  /** The baseline window's volume of this side scaled to the short window's length. */
  readonly baseline: number | null;
  /** volume / baseline; null when not warm or the baseline is zero. */
  readonly ratio: number | null;
  /** ratio < maxRatio. */
  readonly exhausted: boolean;
}

export interface ExhaustionReading {
  readonly windowMs: number;
  readonly baselineWindowMs: number;
  readonly maxRatio: number;
  /** The state has seen trades for at least the baseline window (before that the average is partial). */
  readonly warm: boolean;
  readonly buy: ExhaustionSide;
  readonly sell: ExhaustionSide;
  readonly total: ExhaustionSide;
}

/** Every order-flow measure of one symbol at one instant. */
export interface OrderFlowSnapshot {
  /** The instant measured: the later of the requested time and the last trade's time. */
  readonly at: number;
  readonly lastTradeTs: number | null;
  readonly tradesSeen: number;
  readonly imbalance: Readonly<Record<FlowWindowRole, FlowReading>>;
  readonly cvd: CvdReading;
  readonly largeTrades: LargeTradeReading;
  readonly exhaustion: ExhaustionReading;
  readonly volumeSpike: Readonly<Record<Timeframe, VolumeSpikeReading>>;
}

/** The wire shape of a reading (FlowWindowSchema is strict: extra fields would be rejected). */
export function toFlowSnapshot(r: FlowReading): FlowSnapshot {
  return { windowMs: r.windowMs, buyVolume: r.buyVolume, sellVolume: r.sellVolume, trades: r.trades, ratio: r.ratio };
}
