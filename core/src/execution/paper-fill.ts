import type { MarketSpec } from '../model/market.js';
import { type Dec, dec, fromTape, roundTo } from './money.js';

export interface PaperFill {
  readonly price: Dec;
  readonly amount: Dec;
  readonly fee: Dec;
  readonly notional: Dec;
}

export type PaperFillResult = { ok: true; fill: PaperFill } | { ok: false; reason: string };

/**
 * Fill a market order on the paper venue against a reference trade from the tape: the price moves
 * against us by `slippageBps` and is rounded to the market's tick the unfavourable way; the fee is the
 * taker fee on the exact notional, in quote currency.
 */
export function paperMarketFill(
  market: MarketSpec,
  side: 'buy' | 'sell',
  referencePrice: number,
  slippageBps: number,
  size: { quoteNotional: string } | { amount: string },
): PaperFillResult {
  const ref = fromTape(referencePrice, market.pricePrecision);
  const slip = dec(slippageBps).div(10_000);
  const raw = side === 'buy' ? ref.times(dec(1).plus(slip)) : ref.times(dec(1).minus(slip));
  const price = roundTo(raw, market.pricePrecision, side === 'buy' ? 'up' : 'down');
  const amount = 'amount' in size ? dec(size.amount) : roundTo(dec(size.quoteNotional).div(price), market.amountPrecision, 'down');
  if (amount.lte(0)) return { ok: false, reason: `order size rounds to 0 at amount precision ${market.amountPrecision}` };
  const notional = price.times(amount);
  if (notional.lt(dec(market.minNotional))) return { ok: false, reason: `notional ${notional.toFixed()} below the market minimum ${market.minNotional}` };
  const fee = notional.times(dec(market.takerFee));
  return { ok: true, fill: { price, amount, fee, notional } };
}

export interface ClosedPnl {
  readonly gross: Dec;
  readonly fees: Dec;
  readonly net: Dec;
  /** Net P&L as a percentage of entry notional. */
  readonly pct: number;
}

export function closedPnl(side: 'long' | 'short', entry: Dec, exit: Dec, amount: Dec, entryFee: Dec, exitFee: Dec): ClosedPnl {
  const move = side === 'long' ? exit.minus(entry) : entry.minus(exit);
  const gross = move.times(amount);
  const fees = entryFee.plus(exitFee);
  const net = gross.minus(fees);
  const pct = Number(net.div(entry.times(amount)).times(100).toFixed(6));
  return { gross, fees, net, pct };
}
