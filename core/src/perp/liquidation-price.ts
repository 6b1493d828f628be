import { type Dec, dec, roundTo } from '../execution/money.js';

export interface IsolatedPosition {
  readonly side: 'long' | 'short';
  /** Position size in base, > 0. */
  readonly amount: Dec;
  readonly entryPrice: Dec;
  /** Isolated wallet balance: the margin posted for the position. */
  readonly margin: Dec;
  readonly maintenanceMarginRate: Dec | string;
  readonly maintenanceAmount: Dec | string;
  readonly pricePrecision: number;
}

/**
 * Binance USDⓈ-M liquidation price, one-way mode ("How to Calculate Liquidation Price of USDⓈ-M
 * Futures Contracts", https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93):
 *
 *   LP = (WB − TMM1 + UPNL1 + cumB − Side1BOTH × Position1BOTH × EP1BOTH) / (Position1BOTH × MMRB − Side1BOTH × Position1BOTH)
 *
 * "If it is an isolated margin mode, then TMM = 0, UPNL = 0", and WB is the isolated wallet balance
 * (the position's margin). With Side = +1 (long) / −1 (short), Q the size, EP the entry:
 *   long:  LP = (Q × EP − WB − cum) / (Q × (1 − MMR))
 *   short: LP = (Q × EP + WB + cum) / (Q × (1 + MMR))
 * First tier only (the sizing cap keeps a position far below BTCUSDT's 50 000 USDT first bracket).
 * Rounded to the tick against the position (long up, short down): the engine liquidates no later than
 * the venue would. Null when the price cannot be reached (a 1× long: LP ≤ 0).
 */
export function isolatedLiquidationPrice(p: IsolatedPosition): Dec | null {
  if (p.amount.lte(0)) return null;
  const mmr = dec(p.maintenanceMarginRate);
  const cum = dec(p.maintenanceAmount);
  const qep = p.amount.times(p.entryPrice);
  const exact = p.side === 'long' ? qep.minus(p.margin).minus(cum).div(p.amount.times(dec(1).minus(mmr))) : qep.plus(p.margin).plus(cum).div(p.amount.times(dec(1).plus(mmr)));
  if (exact.lte(0)) return null;
  return roundTo(exact, p.pricePrecision, p.side === 'long' ? 'up' : 'down');
}

/** Has the traded price reached the liquidation price? */
export function crossesLiquidation(side: 'long' | 'short', price: number, liquidationPrice: number): boolean {
  return side === 'long' ? price <= liquidationPrice : price >= liquidationPrice;
}
