import { type Dec, type VenueFill, ZERO, dec, roundTo } from '@cascade/core';

export interface FillsExit {
  /** Volume-weighted over the fills that closed the position (exact for one fill, else pricePrecision + 8 places). */
  readonly price: Dec;
  /** Their quote fees, the last fill's pro rata to the part that closed the position. */
  readonly fee: Dec;
  readonly fills: number;
  /** The last closing fill's time. */
  readonly at: number;
}

/**
 * How a position of `amount` that the venue no longer holds was closed there: its earliest fills on
 * the closing side (sells for a long) after it opened, until they cover the amount. Null when the
 * venue's fills do not cover it: then the exit is unknown and no P&L is booked.
 */
export function exitFromFills(side: 'long' | 'short', amount: Dec, fills: readonly VenueFill[], quote: string, pricePrecision: number): FillsExit | null {
  const closing = fills.filter((f) => f.side === (side === 'long' ? 'sell' : 'buy')).sort((a, b) => a.timestamp - b.timestamp);
  let left = amount;
  let notional = ZERO;
  let fee = ZERO;
  let n = 0;
  let at = 0;
  for (const f of closing) {
    if (left.lte(0)) break;
    const a = dec(f.amount);
    const take = a.lt(left) ? a : left;
    notional = notional.plus(dec(f.price).times(take));
    if (f.fee !== null && f.fee.currency === quote) fee = fee.plus(take.eq(a) ? dec(f.fee.cost) : roundTo(dec(f.fee.cost).times(take).div(a), 12, 'half'));
    left = left.minus(take);
    n += 1;
    at = f.timestamp;
  }
  if (left.gt(0) || n === 0) return null;
  const price = n === 1 ? notional.div(amount) : roundTo(notional.div(amount), pricePrecision + 8, 'half');
  return { price, fee, fills: n, at };
}
