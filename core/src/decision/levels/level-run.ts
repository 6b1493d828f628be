import type { Level } from './level.js';
import type { LevelFunnel } from './level-funnel.js';

/**
 * One level's evaluations with the same outcome in a row, added to a LevelFunnel in one go when the
 * outcome changes or the funnel is read (`flush`). Why (issue 14): Level 2 and 3 record on most trades,
 * mostly the same outcome, and each record is a map lookup and a string-keyed count. The funnel ends
 * identical: the counts are integers, and each level's records reach it in their order (a reason's key
 * is created when first seen, as before).
 */
export class LevelRun {
  private passed = false;
  private reason: string | undefined = undefined;
  private n = 0;

  constructor(
    private readonly funnel: LevelFunnel,
    readonly level: Level,
  ) {}

  record(passed: boolean, reason?: string): void {
    if (this.n > 0 && passed === this.passed && reason === this.reason) {
      this.n += 1;
      return;
    }
    this.flush();
    this.passed = passed;
    this.reason = reason;
    this.n = 1;
  }

  /** The run so far into the funnel. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    this.n = 0;
    this.funnel.recordMany(this.level, this.passed, this.reason, n);
  }
}
