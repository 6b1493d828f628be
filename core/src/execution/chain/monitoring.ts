import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { HandlerName } from './handler-name.js';
import type { MonitorIntent } from './order-intent.js';
import { initialStopPrice } from './stop-price.js';

/**
 * §2.2.4 PositionMonitoringHandler: once the entry fills, the trailing stop is live from the first
 * tick (§2.5) and an exchange-held reduce-only stop goes in at the same level.
 */
export const monitoringHandler: ExecutionHandler = {
  name: HandlerName.Monitoring,
  check(ctx, draft) {
    const size = draft.entry.size;
    if (size === undefined) return rejectVerdict('nothing to monitor: the sizing handler must run first', {});
    const s = ctx.signal;
    const stop = initialStopPrice(s.side, draft.entry.price, s.initialStopPct ?? s.trailingStopPct, s.market.pricePrecision).toFixed();
    const monitor: MonitorIntent = {
      kind: 'monitor',
      positionId: draft.entry.clientOrderId,
      exchange: s.market.exchange,
      symbol: s.market.symbol,
      side: s.side,
      amount: size.amount.toFixed(),
      trailingStopPct: s.trailingStopPct,
      maxHoldMs: s.maxHoldMs,
      initialStopPrice: stop,
      protectiveStop: { side: s.side === 'long' ? 'sell' : 'buy', triggerPrice: stop, amount: size.amount.toFixed(), reduceOnly: true },
      requestedAt: ctx.clock.now(),
    };
    return passVerdict(`trailing stop ${+(s.trailingStopPct * 100).toFixed(6)} % from entry, initially ${stop}; max hold ${s.maxHoldMs} ms`, { ...draft, intents: [...draft.intents, monitor] });
  },
};
