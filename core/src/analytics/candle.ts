import type { ValueOf } from '../util/value-of.js';

export const Timeframe = {
  M1: '1m',
  M5: '5m',
  M15: '15m',
} as const;
export type Timeframe = ValueOf<typeof Timeframe>;

export const timeframeMs: Record<Timeframe, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000 };

/** An OHLCV candle with the aggressor split. `openTime` is UTC-aligned to the timeframe. */
export interface Candle {
  timeframe: Timeframe;
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  buyVolume: number;
  sellVolume: number;
  trades: number;
  buyTrades: number;
  sellTrades: number;
}
