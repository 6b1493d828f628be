import { AggressorSide } from '../model/trade.js';

/**
 * The tick rule (Lee & Ready 1991) for feeds without an aggressor side: a trade above the previous
 * price was bought, below it sold, at the same price it takes the previous trade's side. The very
 * first trade has no previous price and is called a buy.
 *
 * Split into `peek` and `update` so a parser can classify a trade, let the validator reject it, and
 * only move the rule's state for trades that were kept.
 */
export class TickRule {
  private lastPrice = NaN;
  private lastSide: AggressorSide = AggressorSide.Buy;

  /** The side `price` would be classified as, without moving the state. */
  peek(price: number): AggressorSide {
    if (Number.isNaN(this.lastPrice)) return AggressorSide.Buy;
    if (price > this.lastPrice) return AggressorSide.Buy;
    if (price < this.lastPrice) return AggressorSide.Sell;
    return this.lastSide;
  }

  /**
   * Records a kept trade. Trades whose side the feed did give also go through here, so a zero tick
   * after them inherits the venue's side rather than an older inferred one.
   */
  update(price: number, side: AggressorSide): void {
    this.lastPrice = price;
    this.lastSide = side;
  }

  /** `peek` then `update`: for callers that keep every trade. */
  classify(price: number): AggressorSide {
    const side = this.peek(price);
    this.update(price, side);
    return side;
  }

  reset(): void {
    this.lastPrice = NaN;
    this.lastSide = AggressorSide.Buy;
  }
}
