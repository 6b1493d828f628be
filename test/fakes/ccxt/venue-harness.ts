/**
 * TEST SUPPORT ONLY: a CcxtVenue for Binance on the local fake, with a manual clock, a sleeper that
 * jumps it, seeded jitter and every adapter event recorded.
 *
 * Follows the same documented APIs as the fake it drives (test/fakes/binance: Binance Spot `/api/v3/*`
 * and USDⓈ-M `/fapi/*`), reached through the real ccxt binance client (binance/client.ts).
 */
import { CircuitBreaker, CircuitBreakerConfigSchema, ClockSleeper, ManualClock, type RetryPolicy, RetryPolicySchema, SeededRandom, type Sleeper } from '@cascade/core';
import { CcxtVenue, type CcxtVenueOptions, type VenueEvent } from '../../../adapters/src/venues/ccxt/ccxt-venue.js';
import { type AccountKind, venueProfiles } from '../../../adapters/src/venues/ccxt/venue-profile.js';
import { type FakeBinance, type FakeClientOptions, binanceClientForFake } from '../binance/index.js';

export interface Harness {
  readonly venue: CcxtVenue;
  readonly clock: ManualClock;
  readonly sleeper: ClockSleeper;
  readonly events: VenueEvent[];
}

/** Really waits (short polls in fill tests); the ClockSleeper would spin the poll loop. */
export const realSleeper: Sleeper = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export async function binanceVenue(
  fake: FakeBinance,
  kind: AccountKind,
  opts: FakeClientOptions & { retry?: Partial<RetryPolicy>; breakerThreshold?: number; extra?: Partial<CcxtVenueOptions> } = {},
): Promise<Harness> {
  // Starts at the wall clock the fake (and ccxt request timestamps) run on; moves only when told.
  const clock = new ManualClock(Date.now());
  const sleeper = new ClockSleeper(clock);
  const events: VenueEvent[] = [];
  const client = await binanceClientForFake(fake, kind, opts);
  const breaker = new CircuitBreaker('binance', CircuitBreakerConfigSchema.parse({ failureThreshold: opts.breakerThreshold ?? 5 }), clock);
  const venue = new CcxtVenue({
    profile: venueProfiles.binance,
    kind,
    client,
    clock,
    sleeper,
    random: new SeededRandom(7),
    retryPolicy: RetryPolicySchema.parse({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 60_000, ...opts.retry }),
    breaker,
    onEvent: (e) => events.push(e),
    ...opts.extra,
  });
  return { venue, clock, sleeper, events };
}
