import type { Trade } from '../model/trade.js';

export interface PlantedTapeOptions {
  /** Number of planted long setups. */
  readonly cycles: number;
  /** UTC ms of the first trade; aligned down to the minute. */
  readonly start?: number;
  /** Tape minutes per cycle (≥ 17: the setup needs 15 minutes of history and 10 closed 1m candles). */
  readonly cycleMinutes?: number;
}

const L = 100.0;
const H_EVEN = 100.5;
const H_ODD = 100.6;

/**
 * A deterministic tape with one long setup planted per cycle, built so every level and filter the
 * local stack scores is known by hand (see test/integration/stack.test.ts for the arithmetic):
 * - background minutes: one large aggressive SELL at L = 100.00 at :00.5 whose size shrinks through
 *   the cycle (60, 58, … so selling decelerates and a short cascade 1m < 5m < 15m never forms), then
 *   20 small trades (0.01) every 3 s alternating buy/sell at 100.5 / 100.6 on even / odd minutes;
 *   1m closes alternate, so the lag-1 autocorrelation of 1m returns is exactly −1;
 * - the last minute of each cycle: 8 aggressive BUYs of 10 at L every 4 s from :20, then smalls from
 *   :51. The first buy (:20) completes the setup: its 30-s window holds the previous minute's last
 *   four smalls and itself (5 trades, ratio 10.02 / 0.02 ≫ 2.5), cascade 1m ≫ 5m > 15m, price at the
 *   value-area low (almost all volume trades at L), ≫ 2σ below the 15-min mean.
 * Afterwards the next large sell at L crosses the 0.5 % trailing stop (best price 100.6 → 100.097).
 */
export function plantedTape(opts: PlantedTapeOptions): Trade[] {
  const cycleMin = opts.cycleMinutes ?? 17;
  if (cycleMin < 17) throw new Error('cycleMinutes must be ≥ 17');
  const start = (opts.start ?? Date.UTC(2024, 0, 1)) - ((opts.start ?? 0) % 60_000);
  const out: Trade[] = [];
  let id = 1;
  const push = (ts: number, price: number, amount: number, side: 'buy' | 'sell') => {
    out.push({ id: String(id++), ts, price, amount, side, sideInferred: false });
  };
  const minutes = opts.cycles * cycleMin + 3;
  for (let m = 0; m < minutes; m++) {
    const t0 = start + m * 60_000;
    const k = m % cycleMin;
    const h = m % 2 === 0 ? H_EVEN : H_ODD;
    const trigger = k === cycleMin - 1 && m < opts.cycles * cycleMin;
    if (trigger) {
      for (let i = 0; i < 8; i++) push(t0 + 20_000 + i * 4_000, L, 10, 'buy');
      for (let s = 51; s <= 57; s += 3) push(t0 + s * 1_000, h, 0.01, s % 2 === 0 ? 'buy' : 'sell');
    } else {
      push(t0 + 500, L, 60 - 2 * k, 'sell');
      for (let i = 1; i <= 19; i++) push(t0 + i * 3_000, h, 0.01, i % 2 === 0 ? 'buy' : 'sell');
      push(t0 + 59_000, h, 0.01, 'buy');
    }
  }
  return out;
}

/** The tape as ccxt trade JSON (`[timestamp, id, type, side, price, amount, cost]` rows). */
export function toCcxtJson(trades: readonly Trade[]): string {
  return `[${trades.map((t) => JSON.stringify([t.ts, t.id, null, t.side, t.price, t.amount, Number((t.price * t.amount).toFixed(8))])).join(',\n')}]`;
}
