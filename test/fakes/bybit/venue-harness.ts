/**
 * TEST SUPPORT ONLY: a CcxtVenue for Bybit on the local fake, with a manual clock, a sleeper that jumps
 * it, seeded jitter and every adapter event recorded (the Bybit twin of ccxt/venue-harness.ts).
 *
 * Follows the same documented API as the fake it drives (Bybit V5, see index.ts), reached through the
 * real ccxt bybit client (client.ts).
 */
import { CircuitBreaker, CircuitBreakerConfigSchema, ClockSleeper, ManualClock, type RetryPolicy, RetryPolicySchema, SeededRandom } from '@cascade/core';
import { CcxtVenue, type CcxtVenueOptions, type VenueEvent } from '../../../adapters/src/venues/ccxt/ccxt-venue.js';
import { type AccountKind, venueProfiles } from '../../../adapters/src/venues/ccxt/venue-profile.js';
import { type BybitClientOptions, bybitClientForFake } from './client.js';
import type { FakeBybit } from './index.js';

export interface BybitHarness {
  readonly venue: CcxtVenue;
  readonly clock: ManualClock;
  readonly sleeper: ClockSleeper;
  readonly events: VenueEvent[];
}

export function bybitVenue(fake: FakeBybit, kind: AccountKind, opts: BybitClientOptions & { retry?: Partial<RetryPolicy>; extra?: Partial<CcxtVenueOptions> } = {}): BybitHarness {
  // Starts at the wall clock the fake (and ccxt's X-BAPI-TIMESTAMP) run on; moves only when told.
  const clock = new ManualClock(Date.now());
  const sleeper = new ClockSleeper(clock);
  const events: VenueEvent[] = [];
  const venue = new CcxtVenue({
    profile: venueProfiles.bybit,
    kind,
    client: bybitClientForFake(fake, kind, opts),
    clock,
    sleeper,
    random: new SeededRandom(11),
    retryPolicy: RetryPolicySchema.parse({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 60_000, ...opts.retry }),
    breaker: new CircuitBreaker('bybit', CircuitBreakerConfigSchema.parse({}), clock),
    onEvent: (e) => events.push(e),
    ...opts.extra,
  });
  return { venue, clock, sleeper, events };
}
