/**
 * A trailing stop active from the first tick (§2.5): it sits `pct` away from the best price seen
 * since entry and only ever moves in the position's favour. An initial stop (the zone's edge,
 * 0.2–0.3 % away) holds until the trail passes it.
 */
export class TrailingStop {
  private best: number;
  private stopPrice: number;

  constructor(
    readonly side: 'long' | 'short',
    entry: number,
    readonly pct: number,
    initialStop?: number | null,
  ) {
    this.best = entry;
    const trail = this.levelFor(entry);
    this.stopPrice = initialStop == null ? trail : side === 'long' ? Math.max(initialStop, trail) : Math.min(initialStop, trail);
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

  /** Tighten the trail (risk: health < 50 → 0.3 %); never loosens the current stop. */
  tighten(pct: number): void {
    const next = this.side === 'long' ? this.best * (1 - pct) : this.best * (1 + pct);
    if (this.side === 'long' ? next > this.stopPrice : next < this.stopPrice) this.stopPrice = next;
  }

  private levelFor(p: number): number {
    return this.side === 'long' ? p * (1 - this.pct) : p * (1 + this.pct);
  }
}
