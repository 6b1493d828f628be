import type { Severity } from '../config/notification-settings.js';
import type { ValueOf } from '../util/value-of.js';
import type { NotifiableEvent } from './notifiable-event.js';

export type AlertSeverity = ValueOf<typeof Severity>;

/**
 * `system.error` components whose failure is critical whatever the producer's `critical` flag says:
 * §2.2.0.2's "connection loss" and issue 6's circuit breaker and reconciliation alerts. Producers
 * name these components; no separate event type is needed for the routing.
 */
export const CriticalComponent = {
  DataConnection: 'data_connection',
  CircuitBreaker: 'circuit_breaker',
  Reconciliation: 'reconciliation',
} as const;
export type CriticalComponent = ValueOf<typeof CriticalComponent>;

/**
 * `order.rejected` handlers that mean the venue refused or failed the order (critical: money may be
 * exposed or a signal lost). Every other handler is the engine's own chain declining a signal
 * (existing position, sanity, risk), which is a warning.
 */
export const VenueRejectionHandler = { Venue: 'venue' } as const;

/** §2.2.0.2: critical → at once; warning → at once unless throttled; info → the next digest. */
export const AlertRoute = {
  Immediate: 'immediate',
  Throttle: 'throttle',
  Digest: 'digest',
} as const;
export type AlertRoute = ValueOf<typeof AlertRoute>;

export interface AlertClass {
  readonly severity: AlertSeverity;
  readonly route: AlertRoute;
  /** Warnings sharing a key share one throttle window; null for the other routes. */
  readonly throttleKey: string | null;
}

const critical: AlertClass = { severity: 'critical', route: AlertRoute.Immediate, throttleKey: null };
const info: AlertClass = { severity: 'info', route: AlertRoute.Digest, throttleKey: null };
const warning = (key: string): AlertClass => ({ severity: 'warning', route: AlertRoute.Throttle, throttleKey: key });

/** Severity and route of an event. Pure: the same event always classifies the same. */
export function classifyAlert(e: NotifiableEvent): AlertClass {
  switch (e.type) {
    case 'order.filled':
    case 'position.closed':
      return info;
    case 'order.rejected':
      return (Object.values(VenueRejectionHandler) as string[]).includes(e.payload.handler) ? critical : warning(`order.rejected:${e.payload.handler}`);
    case 'system.error':
      return e.payload.critical || (Object.values(CriticalComponent) as string[]).includes(e.payload.component) ? critical : warning(`system.error:${e.payload.component}`);
    case 'config.rejected': {
      // Per document and set of bad fields: a loop rewriting the same bad value is throttled, while
      // an operator's next, different mistake on the same document is still mailed.
      const fields = [...new Set(e.payload.errors.map((x) => x.path))].sort().join(',');
      return warning(`config.rejected:${e.payload.path}:${fields}`);
    }
    case 'reconciliation.resolved':
      // Positions changed behind our back are critical; housekeeping (recovered orders, stale stops) warns.
      return e.payload.kind === 'order_recovered' || e.payload.kind === 'stale_stop_canceled' ? warning(`reconciliation.resolved:${e.payload.kind}`) : critical;
  }
}

/**
 * A warning is suppressed when another of its key was sent less than `throttleMinutes` ago. The
 * window runs from the last *sent* one: suppressed warnings do not extend it.
 */
export function isThrottled(lastSentAt: number | null, now: number, throttleMinutes: number): boolean {
  return lastSentAt !== null && now - lastSentAt < throttleMinutes * 60_000;
}

export interface DigestWindow {
  /** UTC ms, inclusive. */
  readonly start: number;
  /** UTC ms, exclusive: the digest carries what was queued before this instant. */
  readonly end: number;
  /** Derived from the window end, so a retried or concurrent run finds the same digest. */
  readonly id: string;
}

/**
 * The digest window that has most recently closed at `now`: windows are `digestMinutes` long and
 * aligned to the epoch (60 → on the hour, UTC). Windows of different lengths ending at the same
 * instant share an id, so a console change of `digestMinutes` never sends one window twice.
 */
export function digestWindow(now: number, digestMinutes: number): DigestWindow {
  const len = digestMinutes * 60_000;
  const end = Math.floor(now / len) * len;
  return { start: end - len, end, id: `digest-${new Date(end).toISOString().replace('.000Z', 'Z')}` };
}
