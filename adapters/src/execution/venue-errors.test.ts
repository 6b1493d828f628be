import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { isVenueRefusal } from './venue-errors.js';

describe('isVenueRefusal', () => {
  it('concludes only from ccxt exchange errors; network errors, timeouts and crashes stay unknown', () => {
    expect(isVenueRefusal(new ccxt.InvalidOrder('x'))).toBe(true);
    expect(isVenueRefusal(new ccxt.InsufficientFunds('x'))).toBe(true);
    expect(isVenueRefusal(new ccxt.DuplicateOrderId('x'))).toBe(true);
    expect(isVenueRefusal(new ccxt.RequestTimeout('x'))).toBe(false);
    expect(isVenueRefusal(new ccxt.RateLimitExceeded('x'))).toBe(false);
    expect(isVenueRefusal(new ccxt.NetworkError('x'))).toBe(false);
    expect(isVenueRefusal(new Error('process killed'))).toBe(false);
  });
});
