/**
 * A trailing stop active from the first tick (§2.5): it sits `pct` away from the best price seen
 * since entry and only ever moves in the position's favour.
 */
export class TrailingStop {
  private best: number;
  private stopPrice: number;

  constructor(
    readonly side: 'long' | 'short',
    entry: number,
    readonly pct: number,
  ) {
    this.best = entry;
    this.stopPrice = this.levelFor(entry);
  }

  get stop(): number {
    return this.stopPrice;
  }

  /** Feed a trade price; returns true when this price hits the stop. */
  update(price: number): boolean {
    if (this.side === 'long' ? price <= this.stopPrice : price >= this.stopPrice) return true;
    if (this.side === 'long' ? price > this.best : price < this.best) {
      this.best = price;
      const next = this.levelFor(price);
      if (this.side === 'long' ? next > this.stopPrice : next < this.stopPrice) this.stopPrice = next;
    }
    return false;
  }

  private levelFor(p: number): number {
    return this.side === 'long' ? p * (1 - this.pct) : p * (1 + this.pct);
  }
}
