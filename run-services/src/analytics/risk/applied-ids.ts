/**
 * Ids of positions whose open or close the risk service has applied, the newest `keep` of them, and
 * who waits for one (replays only: `replay-settle.ts` holds the tape until risk has an open or close,
 * so what risk decides does not depend on how fast trading.events arrived).
 */
export class AppliedIds {
  private readonly applied = new Set<string>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly keep: number) {}

  mark(id: string): void {
    this.applied.add(id);
    // The newest ids are what a replay waits on; older ones go (a Set iterates oldest first).
    if (this.applied.size > this.keep) for (const old of this.applied) {
      this.applied.delete(old);
      break;
    }
    const waiting = this.waiters.get(id);
    this.waiters.delete(id);
    for (const w of waiting ?? []) w();
  }

  /** True once `id` is marked (at once if it already is), false after `timeoutMs` without it. */
  wait(id: string, timeoutMs: number): Promise<boolean> {
    if (this.applied.has(id)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.get(id)?.delete(done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      let set = this.waiters.get(id);
      if (set === undefined) this.waiters.set(id, (set = new Set()));
      set.add(done);
    });
  }
}
