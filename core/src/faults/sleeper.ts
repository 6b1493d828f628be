import type { ManualClock } from '../ports/clock.js';

/** Waiting comes in through this port: a real timer at the edge, a clock jump in tests and replays. */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
}

/** Sleeps by advancing a ManualClock at once, and remembers every wait it was asked for. */
export class ClockSleeper implements Sleeper {
  readonly waits: number[] = [];

  constructor(private readonly clock: ManualClock) {}

  sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.clock.advance(ms);
    return Promise.resolve();
  }
}
