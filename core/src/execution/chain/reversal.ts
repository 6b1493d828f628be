import { exitClientOrderId } from '../../ids/derived-id.js';
import { type ExecutionHandler, passVerdict } from './chain-types.js';
import { sameMarket } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';
import type { CloseIntent } from './order-intent.js';

/**
 * §2.2.4 ReversalDetectionHandler: a signal against an open position closes it first. The close is
 * an intent ahead of the entry, keyed like any exit (`exitClientOrderId`), so the position monitor
 * closing it at the same moment produces one order, not two.
 */
export const reversalHandler: ExecutionHandler = {
  name: HandlerName.Reversal,
  check(ctx, draft) {
    const opposite = ctx.positions.filter((p) => sameMarket(ctx, p) && p.side !== ctx.signal.side);
    if (opposite.length === 0) return passVerdict('no reversal');
    const closes: CloseIntent[] = opposite.map((p) => ({
      kind: 'close',
      clientOrderId: exitClientOrderId(p.positionId),
      positionId: p.positionId,
      exchange: p.exchange,
      symbol: p.symbol,
      side: p.side === 'long' ? 'sell' : 'buy',
      type: 'market',
      amount: p.amount,
      reduceOnly: true,
      reason: 'reversal',
    }));
    return passVerdict(`close ${opposite.map((p) => `${p.side} ${p.amount} (${p.positionId})`).join(', ')} first`, { ...draft, closing: [...draft.closing, ...opposite], intents: [...draft.intents, ...closes] });
  },
};
