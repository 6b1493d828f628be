import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { HandlerName } from './handler-name.js';
import type { PlaceIntent } from './order-intent.js';

/**
 * §2.2.4 OrderPlacementHandler, as an intent: the adapter places it (with retries and the venue's
 * breaker) after any close before it. A market order: scalping pays the spread to be in now, and the
 * fat-finger band already bounds how far the reference may be from the market.
 */
export const placementHandler: ExecutionHandler = {
  name: HandlerName.Placement,
  check(ctx, draft) {
    const size = draft.entry.size;
    if (size === undefined) return rejectVerdict('no size to place: the sizing handler must run first', {});
    const m = ctx.signal.market;
    const place: PlaceIntent = {
      kind: 'place',
      clientOrderId: draft.entry.clientOrderId,
      signalId: ctx.signal.signalId,
      exchange: m.exchange,
      marketType: m.marketType,
      symbol: m.symbol,
      side: draft.entry.side,
      type: 'market',
      amount: size.amount.toFixed(),
      referencePrice: draft.entry.price.toFixed(),
      notional: size.notional.toFixed(),
      margin: size.margin.toFixed(),
      leverage: size.leverage,
      reduceOnly: false,
    };
    return passVerdict(`market ${place.side} ${place.amount} ${m.symbol} (${place.clientOrderId})`, { ...draft, intents: [...draft.intents, place] });
  },
};
