import { type Dec, ZERO, dec } from '../money.js';
import { isLeveraged } from '../../risk/sizing/leverage.js';
import type { AccountFunds } from '../../risk/sizing/position-size.js';
import type { ChainContext, PositionView } from './chain-types.js';

/**
 * The account as it will be once the reversal's closes have filled, estimated at current value
 * with the taker fee: leveraged closes release their margin plus unrealised P&L; a spot long's
 * close sells base for quote, a spot short's buys it back. Used so a reversal is sized and checked
 * against the funds it will actually have.
 */
export function fundsAfterPrelude(ctx: ChainContext, closing: readonly PositionView[]): AccountFunds {
  const a = ctx.account;
  const fee = dec(ctx.signal.market.takerFee);
  let equity = dec(a.equity);
  let available = dec(a.available);
  let usedMargin = dec(a.usedMargin);
  let baseFree: Dec | undefined = a.baseFree === undefined ? undefined : dec(a.baseFree);
  const leveraged = isLeveraged(ctx.signal.market.marketType);
  for (const p of closing) {
    const notional = dec(p.notional);
    const closeFee = notional.times(fee);
    equity = equity.minus(closeFee);
    if (leveraged) {
      available = available.plus(dec(p.margin)).plus(dec(p.unrealizedPnl)).minus(closeFee);
      usedMargin = usedMargin.minus(dec(p.margin));
    } else if (p.side === 'long') {
      available = available.plus(notional).minus(closeFee);
      baseFree = (baseFree ?? ZERO).minus(dec(p.amount));
    } else {
      available = available.minus(notional).minus(closeFee);
      baseFree = (baseFree ?? ZERO).plus(dec(p.amount));
    }
  }
  if (usedMargin.lt(0)) usedMargin = ZERO;
  return baseFree === undefined ? { equity, available, usedMargin } : { equity, available, usedMargin, baseFree: baseFree.lt(0) ? ZERO : baseFree };
}

/** Positions that stay open after the reversal. */
export function remainingPositions(ctx: ChainContext, closing: readonly PositionView[]): PositionView[] {
  const ids = new Set(closing.map((p) => p.positionId));
  return ctx.positions.filter((p) => !ids.has(p.positionId));
}

export function sameMarket(ctx: ChainContext, p: PositionView): boolean {
  return p.exchange === ctx.signal.market.exchange && p.symbol === ctx.signal.market.symbol;
}
