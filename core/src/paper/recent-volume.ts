import { type Dec, dec } from '../execution/money.js';
import type { MarketSpec } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import { RollingSum } from './rolling-sum.js';

/**
 * The tape's base volume over a trailing window, counted exactly as the sim venue counts it (integer
 * lots of the amount precision, the filling trade included), so a paper fill priced from this number
 * in a function equals the sim venue's fill in the backtester to the last digit.
 */
export class RecentVolume {
  private readonly sum: RollingSum;
  private readonly lotScale: number;
  private readonly lotScaleDec: Dec;

  constructor(market: Pick<MarketSpec, 'amountPrecision'>, windowMs: number) {
    this.sum = new RollingSum(windowMs);
    this.lotScale = 10 ** market.amountPrecision;
    this.lotScaleDec = dec(10).pow(market.amountPrecision);
  }

  add(t: Trade): void {
    this.sum.add(t.ts, Math.round(t.amount * this.lotScale));
  }

  at(ts: number): Dec {
    return dec(this.sum.totalAt(ts)).div(this.lotScaleDec);
  }
}
