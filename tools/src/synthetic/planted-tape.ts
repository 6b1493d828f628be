import type { Trade } from '@cascade/core';

export interface PlantedTapeOptions {
  /** Number of planted setups (one per cycle of 8 × 15m candles). */
  readonly cycles: number;
  /** UTC ms of the first trade; aligned down to the 15 minutes. */
  readonly start?: number;
  /** `short` mirrors the tape in log price (a downtrend with supply zones) and swaps every aggressor side. */
  readonly side?: 'long' | 'short';
  /** 15m candles of plain trend before the first cycle: the regime needs 119 closed 15m candles. */
  readonly warmupCandles?: number;
}

/** Reference price, tick 0.01 (price precision 2), amounts to 0.001. */
export const PLANTED_P0 = 1000;
/** Candles per cycle: R (rejection), S (setup), then six plain trend candles. */
export const PLANTED_CYCLE_CANDLES = 8;
const M15 = 15 * 60_000;
const M1 = 60_000;
/** Trend step per 15m candle: 0.2 % on average (ATR ≥ 0.1 % of price, Level 1's floor). */
const S0 = 0.002;
/** The step swells and shrinks over 64 candles: persistent moves without a reversal (Level 1 persistence reads ≈ 1 on so steady a climb). */
const WAVE = 0.6;
const WAVE_PERIOD = 64;

const round2 = (p: number): number => Math.round(p * 100) / 100;

/**
 * A deterministic uptrend tape on which all four levels of §2.3 pass once per cycle, by construction:
 * - Level 1: every 15m candle opens where the last closed and closes 0.2 % × (1 + 0.6 sin(2πk/64))
 *   higher (0.2 % on average), so highs and lows rise on every candle (structure), +DM on every candle and no −DM
 *   (ADX → 100), ranges ≈ 0.15 % (ATR), and the slowly swelling step keeps the climb persistent.
 * - Level 2: candle R of each cycle is a rejection with a volume spike — it dips 0.8 step below its
 *   open (still above the previous candle's low) on 4× volume, then closes 0.3 step above its open at
 *   its high: wick 0.8 > 2 × body 0.3, close location 1 > 0.8, volume ≈ 1.9× the 20-candle average →
 *   a fresh demand zone [R.low, R.open].
 * - Levels 3–4: in candle S, minutes 0–9 drift down on 2:1 selling to just above the zone; minute 10
 *   sells into the zone (0.3 step below R.open, above R.low), then aggressive buys of 3.5 every 3 s
 *   lift the price out of the zone: 1m ratio ≫ 5m > 15m, 30-s ratio > 2.5 on ≥ 5 trades, the 1m candle
 *   closes at its high (rejection 1), its volume > 1.5× the 20-minute average, price above the zone.
 * Plain minutes: 6 trades at :05 … :55 alternating buy/sell of 1.001, stepping the price linearly.
 * Sizes carry three decimals so a tape reader measures amount precision 3 (orders of 0.0xx fit).
 */
export function plantedTape(opts: PlantedTapeOptions): Trade[] {
  return [...plantedTrades(opts)];
}

/** The same tape as a stream: a 10-M-trade backtest never holds the tape in memory. */
export function* plantedTrades(opts: PlantedTapeOptions): Generator<Trade> {
  const warm = opts.warmupCandles ?? 130;
  const start0 = opts.start ?? Date.UTC(2024, 0, 1);
  const start = start0 - (start0 % M15);
  const candles = warm + opts.cycles * PLANTED_CYCLE_CANDLES + 2;
  const short = opts.side === 'short';
  let id = 1;
  const mk = (ts: number, price: number, amount: number, side: 'buy' | 'sell'): Trade => {
    const p = round2(price);
    return short
      ? { id: String(id++), ts, price: round2((PLANTED_P0 * PLANTED_P0) / p), amount, side: side === 'buy' ? 'sell' : 'buy', sideInferred: false }
      : { id: String(id++), ts, price: p, amount, side, sideInferred: false };
  };
  /** Six alternating trades stepping from `from` to `to` within minute `t0`. */
  function* plainMinute(t0: number, from: number, to: number, amount = 1.001, sides: readonly ('buy' | 'sell')[] = ALTERNATE): Generator<Trade> {
    for (let i = 0; i < 6; i++) yield mk(t0 + 5_000 + i * 10_000, from + ((to - from) * (i + 1)) / 6, amount, sides[i] as 'buy' | 'sell');
  }

  let open = PLANTED_P0;
  let rOpen = PLANTED_P0;
  for (let k = 0; k < candles; k++) {
    const t0 = start + k * M15;
    const step = open * S0 * (1 + WAVE * Math.sin((2 * Math.PI * k) / WAVE_PERIOD));
    const inCycle = k >= warm && k < warm + opts.cycles * PLANTED_CYCLE_CANDLES;
    const phase = inCycle ? (k - warm) % PLANTED_CYCLE_CANDLES : -1;
    let close: number;
    if (phase === 0) {
      // R: 7 minutes down to open − 0.8 step on 4× size, 8 minutes up to open + 0.3 step.
      const low = open - 0.8 * step;
      close = open + 0.3 * step;
      // The candle opens at its first trade: one-seventh of the way down. That price is the zone's top.
      rOpen = round2(open - (0.8 * step) / 42);
      for (let m = 0; m < 7; m++) yield* plainMinute(t0 + m * M1, open - (0.8 * step * m) / 7, open - (0.8 * step * (m + 1)) / 7, 4.004, SELL_HEAVY);
      for (let m = 7; m < 15; m++) yield* plainMinute(t0 + m * M1, low + ((close - low) * (m - 7)) / 8, low + ((close - low) * (m - 6)) / 8);
    } else if (phase === 1) {
      const zoneTop = rOpen;
      const rStep = (open - zoneTop) / 0.3;
      close = open + step;
      const above = zoneTop + 0.1 * rStep;
      for (let m = 0; m < 10; m++) yield* plainMinute(t0 + m * M1, open - ((open - above) * m) / 10, open - ((open - above) * (m + 1)) / 10, 1.001, SELL_HEAVY);
      const m10 = t0 + 10 * M1;
      yield mk(m10 + 2_000, zoneTop + 0.05 * rStep, 1.001, 'sell');
      yield mk(m10 + 5_000, zoneTop - 0.3 * rStep, 1.001, 'sell');
      for (let i = 0; i < 10; i++) yield mk(m10 + 10_000 + i * 3_000, zoneTop + (-0.2 + 0.15 * i) * rStep, 3.503, 'buy');
      const top10 = zoneTop + 1.15 * rStep;
      for (let m = 11; m < 15; m++) yield* plainMinute(t0 + m * M1, top10 + ((close - top10) * (m - 11)) / 4, top10 + ((close - top10) * (m - 10)) / 4);
    } else {
      close = open + step;
      for (let m = 0; m < 15; m++) yield* plainMinute(t0 + m * M1, open + (step * m) / 15, open + (step * (m + 1)) / 15);
    }
    open = round2(close);
  }
}

const ALTERNATE: readonly ('buy' | 'sell')[] = ['buy', 'sell', 'buy', 'sell', 'buy', 'sell'];
const SELL_HEAVY: readonly ('buy' | 'sell')[] = ['buy', 'sell', 'sell', 'buy', 'sell', 'sell'];

/** The tape as ccxt trade JSON (`[timestamp, id, type, side, price, amount, cost]` rows). */
export function toCcxtJson(trades: readonly Trade[]): string {
  return `[${trades.map((t) => JSON.stringify([t.ts, t.id, null, t.side, t.price, t.amount, Number((t.price * t.amount).toFixed(8))])).join(',\n')}]`;
}
