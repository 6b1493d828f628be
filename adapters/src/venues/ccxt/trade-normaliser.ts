import { type AggressorSide, type RejectReason, TickRule, type Trade, TradeValidator } from '@cascade/core';
import { idOf } from './gap-fill.js';
import type { VenueTrade } from './trade-feed.js';

/**
 * One symbol's venue trades as ours, each delivered once and in order. A `TradeValidator` drops ids
 * it has seen and trades older than the last one kept (ccxt's cache hands trades back; a reconnect
 * replays some). Trades without an aggressor side get the tick rule's and `sideInferred: true`;
 * trades with one still update the rule, so a following zero tick inherits the venue's side.
 */
export class CcxtTradeNormaliser {
  private readonly rule = new TickRule();
  private readonly validator = new TradeValidator();

  constructor(private readonly reject: (reason: RejectReason) => void) {}

  /** The trade as ours, or null when it is dropped (reported to `reject`). */
  accept(t: VenueTrade): Trade | null {
    const price = t.price ?? NaN;
    const venueSide: AggressorSide | null = t.side === 'buy' || t.side === 'sell' ? t.side : null;
    const side = venueSide ?? this.rule.peek(price);
    const trade: Trade = { id: idOf(t), ts: t.timestamp ?? NaN, price, amount: t.amount ?? NaN, side, sideInferred: venueSide === null };
    const reason = this.validator.accept(trade);
    if (reason !== null) {
      this.reject(reason);
      return null;
    }
    this.rule.update(price, side);
    return trade;
  }
}
