import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { sameMarket } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';

/**
 * §2.2.4 ExistingPositionHandler: one position per symbol and venue. Read together with the next
 * handler, only a position on the signal's side is a reason to refuse; one on the opposite side is
 * the reversal handler's to close (unless reversals are turned off).
 */
export const existingPositionHandler: ExecutionHandler = {
  name: HandlerName.ExistingPosition,
  check(ctx) {
    const side = ctx.signal.side;
    const here = ctx.positions.filter((p) => sameMarket(ctx, p));
    const same = here.find((p) => p.side === side);
    if (same !== undefined) return rejectVerdict(`a ${same.side} position on ${ctx.signal.market.symbol} is already open (${same.positionId})`, { positionId: same.positionId, side: same.side, amount: same.amount });
    const opposite = here.find((p) => p.side !== side);
    if (opposite !== undefined && !ctx.limits.reverseOnOpposingSignal) {
      return rejectVerdict(`a ${opposite.side} position on ${ctx.signal.market.symbol} is open and reversals are off (${opposite.positionId})`, { positionId: opposite.positionId, side: opposite.side, amount: opposite.amount });
    }
    return passVerdict(opposite === undefined ? `no position on ${ctx.signal.market.symbol}` : `opposite ${opposite.side} position ${opposite.positionId}: reversal`);
  },
};
