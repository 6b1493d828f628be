import type { EntryPause, VenueOrder } from '@cascade/core';
import type { LivePositionDoc } from './live-docs.js';

/**
 * How long an order may stay `submitting` before recovery, not finding it on the venue, places it
 * again under the same client order id. It must outlast any request still on its way: ccxt's default
 * timeout is 10 s and Binance refuses a request older than its `recvWindow` (at most 60 000 ms), so
 * after 60 s an unanswered request can no longer become an order.
 */
export const DEFAULT_RECOVERY_WINDOW_MS = 60_000;

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
