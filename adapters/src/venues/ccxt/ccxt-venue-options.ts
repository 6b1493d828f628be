import type { Exchange } from 'ccxt';
import type { CircuitBreaker, Clock, FaultKind, Random, RetryPolicy, Sleeper } from '@cascade/core';
import type { FillStreamOptions } from './fill-stream.js';
import type { AccountKind, MarginMode, VenueProfile } from './venue-profile.js';

/** What the adapter reports for logs and events; the service turns these into its own events. */
export type VenueEvent =
  | { readonly type: 'retry'; readonly what: string; readonly attempt: number; readonly fault: FaultKind; readonly delayMs: number; readonly error: string }
  | { readonly type: 'give_up'; readonly what: string; readonly attempt: number; readonly reason: string; readonly error: string }
  | { readonly type: 'recovered_order'; readonly clientOrderId: string; readonly via: 'duplicate_rejection' | 'lookup_after_unknown_outcome' }
  | { readonly type: 'fills_mode'; readonly mode: 'websocket' | 'polling' };

/**
 * How long after it was sent a request can still take effect on the venue: Binance executes a signed
 * request only within its `recvWindow` of the request's timestamp, checked again at the matching
 * engine (-5028 / -4188), and ccxt sends 10 000 ms. Bybit's `recv_window` (ccxt: 5 000 ms) is shorter.
 */
export const REQUEST_LIFETIME_MS = 10_000;

/** What a `CcxtVenue` is built with. */
export interface CcxtVenueOptions {
  readonly profile: VenueProfile;
  readonly kind: AccountKind;
  /** A ccxt (or ccxt.pro, for websocket fills) client of `profile.ccxtId`, credentials set. */
  readonly client: Exchange;
  readonly clock: Clock;
  readonly sleeper: Sleeper;
  readonly random: Random;
  readonly retryPolicy?: RetryPolicy;
  /** One per venue; default: §12.3's 5 failures / 60 s cooldown on `clock`. */
  readonly breaker?: CircuitBreaker;
  /** Capped at the 10× hard limit whatever is passed. */
  readonly maxLeverage?: number;
  /** Leverage assumed for venues that set leverage and margin mode together, until setLeverage runs. */
  readonly defaultLeverage?: number;
  /** Margin mode sent with orders on venues that carry it per order (OKX), until setMarginMode runs. */
  readonly defaultMarginMode?: MarginMode;
  /** Symbols whose fills to poll besides those this adapter has traded. */
  readonly fillSymbols?: readonly string[];
  readonly fills?: FillStreamOptions;
  /** Waits between fill polls (a real timer at the edge); default `sleeper`. */
  readonly pollSleeper?: Sleeper;
  readonly onEvent?: (e: VenueEvent) => void;
  /** See REQUEST_LIFETIME_MS: how long a lost order request is waited out before placing it again. */
  readonly requestLifetimeMs?: number;
}
