import { RollingMax } from './rolling-max.js';

/** Float slack so a drop of exactly the threshold (the document's 50,000 → 49,250 = 1.5 %) counts. */
const EPS = 1e-12;

/**
 * One market leader's price over the trailing window (5 min): a dump is the latest trade at least
 * `dropPct` below the window's highest trade (§2.2.5 "BTC drops >1.5% in 5 minutes", example
 * 50,000 → 49,250). The episode stays active while the drop holds and re-arms once it does not.
 */
export class LeaderDumpMonitor {
  private readonly prices: RollingMax;
  private active = false;
  /** Positions already tightened for moderate correlation in this episode. */
  readonly tightened = new Set<string>();

  constructor(
    readonly leader: string,
    readonly dropPct: number,
    windowMs: number,
  ) {
    this.prices = new RollingMax(windowMs);
  }

  /** Feed a leader trade; returns whether the leader is dumping now. */
  onPrice(ts: number, price: number): boolean {
    this.prices.push(ts, price);
    const dumping = this.prices.dropFromMax >= this.dropPct - EPS;
    if (!dumping && this.active) {
      this.active = false;
      this.tightened.clear();
    }
    return dumping;
  }

  /** Marks the episode started; true the first time (so the episode's event is emitted once). */
  begin(): boolean {
    if (this.active) return false;
    this.active = true;
    return true;
  }

  get dumpActive(): boolean {
    return this.active;
  }

  /** Fraction the latest trade sits below the window high (NaN before any trade). */
  get drop(): number {
    return this.prices.dropFromMax;
  }

  get windowHigh(): number {
    return this.prices.max;
  }

  get lastPrice(): number {
    return this.prices.last;
  }
}
