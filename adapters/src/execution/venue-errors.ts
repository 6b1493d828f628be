import ccxt from 'ccxt';

/**
 * A venue error that says the order was refused and does not exist (InvalidOrder, InsufficientFunds,
 * BadSymbol, …: ccxt's ExchangeError family). Network errors, timeouts, rate limits and anything
 * that is not a ccxt error leave it unknown whether the venue holds the order: those are recovered
 * by client order id, never concluded.
 */
export function isVenueRefusal(e: unknown): boolean {
  return e instanceof ccxt.ExchangeError && !(e instanceof ccxt.NetworkError);
}

/** The order's fate is not known yet (an unanswered request inside the safety window): retry later. */
export class RecoveryPendingError extends Error {
  override readonly name = 'RecoveryPendingError';
}

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
