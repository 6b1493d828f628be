/**
 * Maps tape time to wall time for `--speed N` (N× wall clock); `max` never waits. The first trade
 * anchors both clocks.
 */
export class Pacer {
  private tape0 = Number.NaN;
  private wall0 = 0;

  constructor(
    readonly speed: number | 'max',
    private readonly now: () => number,
  ) {}

  /** Wall-clock ms at which a trade at `tapeTs` is due. */
  dueAt(tapeTs: number): number {
    if (this.speed === 'max') return 0;
    if (Number.isNaN(this.tape0)) {
      this.tape0 = tapeTs;
      this.wall0 = this.now();
    }
    return this.wall0 + (tapeTs - this.tape0) / this.speed;
  }
}
