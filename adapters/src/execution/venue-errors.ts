/**
 * Whether a venue error is a refusal (the order does not exist) or leaves the outcome unknown is
 * decided by core's ccxt table: `isVenueRefusal` and `isCcxtError` in `@cascade/core`.
 */

/** The order's fate is not known yet (an unanswered request inside the safety window): retry later. */
export class RecoveryPendingError extends Error {
  override readonly name = 'RecoveryPendingError';
}

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
