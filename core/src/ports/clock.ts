/** Time comes in through this port: the system clock at the edge, a tape or test clock elsewhere. */
export interface Clock {
  /** UTC epoch milliseconds. */
  now(): number;
}

/** A clock that only moves when told to: tests, and replays driven by the tape's own time. */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
