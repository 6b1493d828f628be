import type { BreakerState, VenueOp } from '@cascade/core';

/**
 * The venue's circuit breaker refused the call before it was sent. Not a ccxt error, so
 * classifyFault calls it `unknown` and nothing retries it: the caller pauses entries and alerts.
 */
export class VenueCircuitOpenError extends Error {
  override readonly name = 'VenueCircuitOpenError';
  constructor(
    readonly venue: string,
    readonly op: VenueOp,
    readonly state: BreakerState,
  ) {
    super(`${venue}: circuit ${state}, ${op} refused`);
  }
}

/** We refused the request before calling the venue (leverage over the cap, unsupported order kind…). */
export class VenueRequestRefusedError extends Error {
  override readonly name = 'VenueRequestRefusedError';
  constructor(
    readonly venue: string,
    reason: string,
  ) {
    super(`${venue}: ${reason}`);
  }
}
