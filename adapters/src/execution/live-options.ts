import { type EntryPause, type VenueOrder, defaultRetryPolicy } from '@cascade/core';
import { REQUEST_LIFETIME_MS } from '../venues/ccxt/ccxt-venue-options.js';
import type { LivePositionDoc } from './live-docs.js';

/**
 * The deployed timeout of the functions that place orders (Cloud Functions v2 event triggers: 60 s
 * unless set; functions/src/runtime/trigger-options.ts sets it from this).
 */
export const TRADING_FUNCTION_TIMEOUT_S = 60;

/**
 * How long an order may stay `submitting` before recovery, not finding it on the venue, places it
 * again under the same client order id (issue 11 #9). The attempt that wrote `submittingAt` may still
 * be running: the adapter retries a placement for up to the retry budget (`maxElapsedMs`), the
 * function lives up to its timeout, and its last request can take effect on the venue until its
 * lifetime (recvWindow) has passed. Only after all three can nothing of the first attempt still land:
 *
 *   window = retry budget + function timeout + request lifetime = 60 s + 60 s + 10 s = 130 s
 *
 * — strictly longer than the retry budget plus the function timeout.
 */
export const DEFAULT_RECOVERY_WINDOW_MS = defaultRetryPolicy.maxElapsedMs + TRADING_FUNCTION_TIMEOUT_S * 1_000 + REQUEST_LIFETIME_MS;

/**
 * An entry the venue never received is placed again only while the signal is this fresh: a
 * scalping entry minutes late is a different trade. Older ones are recorded as refused (exits are
 * always placed again: getting out is never stale). Two safety windows: the first re-placement.
 */
export const DEFAULT_MAX_ENTRY_REPLACE_AGE_MS = 2 * DEFAULT_RECOVERY_WINDOW_MS;

/** A market order usually fills before the venue answers; when it does not, look again this often. */
export const DEFAULT_SETTLE = { attempts: 5, intervalMs: 200 } as const;

export interface LiveOptions {
  readonly recoveryWindowMs?: number;
  /** Age (from the first attempt) past which a never-received entry is refused rather than placed again. */
  readonly maxEntryReplaceAgeMs?: number;
  /** Polls of `fetchOrderByClientId` while a placed market order is still open; 0 attempts records it `open`. */
  readonly settle?: { readonly attempts: number; readonly intervalMs: number };
  /** Upstream pauses of new entries (venue breaker, health, drawdown), passed to the chain's entry gate. */
  readonly paused?: readonly EntryPause[];
  /**
   * Places (or resizes) the exchange-held protective stop of a position just opened, adopted or
   * resized, and records it on the position (issue 5 item 4). Failures are alerted, never undo the fill.
   */
  readonly protect?: (position: LivePositionDoc) => Promise<void>;
  /** Test seams: `afterPlace` runs right after the venue accepted an order, before anything records it. */
  readonly hooks?: { readonly afterPlace?: (order: VenueOrder) => void | Promise<void> };
  readonly sleep?: (ms: number) => Promise<void>;
}
