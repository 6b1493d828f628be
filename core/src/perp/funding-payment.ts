import { type Dec, dec } from '../execution/money.js';

/**
 * What a position receives at one funding time (negative = pays), exact: funding = position value ×
 * rate, position value = size × mark price; with a positive rate longs pay shorts, with a negative
 * rate shorts pay longs (Binance "Introduction to Binance Futures Funding Rates",
 * https://www.binance.com/en/support/faq/360033525031). Not rounded: the ledger stays exact.
 */
export function fundingReceived(side: 'long' | 'short', amount: Dec, mark: Dec, rate: Dec | string): Dec {
  const paidByLong = amount.times(mark).times(dec(rate));
  return side === 'long' ? paidByLong.neg() : paidByLong;
}
