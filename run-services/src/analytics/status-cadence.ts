/** How often each kind of dashboard figure is written, in ms; 0 never. */
export interface StatusPeriods {
  readonly marksMs: number;
  readonly funnelsMs: number;
}

/**
 * When each kind of dashboard figure is due: one timer ticking at the shorter period, each kind
 * written when its own period has passed since it was last due. Pure, so the schedule is tested
 * without a timer.
 */
export class StatusCadence {
  /** The timer's period: the shorter of the two that are on; null when both are off. */
  readonly tickMs: number | null;
  private lastMarks = Number.NEGATIVE_INFINITY;
  private lastFunnels = Number.NEGATIVE_INFINITY;

  constructor(private readonly periods: StatusPeriods) {
    const on = [periods.marksMs, periods.funnelsMs].filter((ms) => ms > 0);
    this.tickMs = on.length === 0 ? null : Math.min(...on);
  }

  /** What to write at `now`; what is due counts as written from then on (a failed write is retried by the next one). */
  due(now: number): { marks: boolean; funnels: boolean } {
    // A tick fires about one period after the previous one: a few ms early must still count.
    const slack = (this.tickMs ?? 0) / 10;
    const marks = this.periods.marksMs > 0 && now - this.lastMarks >= this.periods.marksMs - slack;
    const funnels = this.periods.funnelsMs > 0 && now - this.lastFunnels >= this.periods.funnelsMs - slack;
    if (marks) this.lastMarks = now;
    if (funnels) this.lastFunnels = now;
    return { marks, funnels };
  }
}
