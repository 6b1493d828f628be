import type { ValueOf } from '../util/value-of.js';
import { type CcxtErrorName, ccxtAncestry } from './ccxt-error-tree.js';

export const FaultKind = {
  /** The venue refused the request for load: RateLimitExceeded, DDoSProtection (HTTP 429/418). */
  RateLimited: 'rate_limited',
  /** No answer in time: the request may or may not have taken effect. */
  Timeout: 'timeout',
  /** Venue down or in maintenance (5xx, OnMaintenance). */
  Unavailable: 'unavailable',
  /** Any other transport-level failure under ccxt's NetworkError. */
  Network: 'network',
  /** OperationFailed outside NetworkError: unparseable/empty response, cancel still pending. */
  BadResponse: 'bad_response',
  /** The venue answered and said no (ExchangeError: InvalidOrder, InsufficientFunds, BadRequest, auth…). */
  Rejected: 'rejected',
  /** Not a ccxt error, or a ccxt error outside both branches: a bug, not weather. */
  Unknown: 'unknown',
} as const;
export type FaultKind = ValueOf<typeof FaultKind>;

/** Whether the failed request can have changed state at the venue. */
export const FaultOutcome = {
  NotApplied: 'not_applied',
  Unknown: 'unknown',
} as const;
export type FaultOutcome = ValueOf<typeof FaultOutcome>;

export interface Fault {
  readonly kind: FaultKind;
  readonly retryable: boolean;
  readonly outcome: FaultOutcome;
  /** The ccxt class the rule matched on ('' when none). */
  readonly matched: CcxtErrorName | '';
  /** Class names on the error's prototype chain, most specific first (for logs). */
  readonly lineage: readonly string[];
}

interface Rule {
  readonly name: CcxtErrorName;
  readonly kind: FaultKind;
  readonly retryable: boolean;
  readonly outcome: FaultOutcome;
}

/**
 * Most specific first; the first rule whose class is in the error's ancestry wins. Retry exactly
 * ccxt's OperationFailed branch (ccxt: "might be temporary"); never the ExchangeError branch (the
 * venue decided: InvalidOrder, InsufficientFunds, BadRequest, AuthenticationError…).
 * A rate-limit or nonce refusal happens before the venue acts, so its outcome is known; a timeout,
 * a 5xx or a garbled answer may come after an order was accepted, so the outcome is unknown.
 */
const RULES: readonly Rule[] = [
  { name: 'RateLimitExceeded', kind: FaultKind.RateLimited, retryable: true, outcome: FaultOutcome.NotApplied },
  { name: 'DDoSProtection', kind: FaultKind.RateLimited, retryable: true, outcome: FaultOutcome.NotApplied },
  { name: 'RequestTimeout', kind: FaultKind.Timeout, retryable: true, outcome: FaultOutcome.Unknown },
  { name: 'ExchangeNotAvailable', kind: FaultKind.Unavailable, retryable: true, outcome: FaultOutcome.Unknown },
  { name: 'InvalidNonce', kind: FaultKind.Network, retryable: true, outcome: FaultOutcome.NotApplied },
  { name: 'NetworkError', kind: FaultKind.Network, retryable: true, outcome: FaultOutcome.Unknown },
  { name: 'OperationFailed', kind: FaultKind.BadResponse, retryable: true, outcome: FaultOutcome.Unknown },
  { name: 'ExchangeError', kind: FaultKind.Rejected, retryable: false, outcome: FaultOutcome.NotApplied },
];

const UNKNOWN_OUTCOME = FaultOutcome.Unknown;

/** Class names on `err`'s prototype chain (constructor names), most specific first. */
export function errorLineage(err: unknown): string[] {
  const names: string[] = [];
  if (typeof err !== 'object' || err === null) return names;
  for (let p: unknown = Object.getPrototypeOf(err); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const ctor: unknown = (p as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor.name !== '' && !names.includes(ctor.name)) names.push(ctor.name);
  }
  return names;
}

/**
 * The ccxt classes `err` is an instance of, by name: its prototype chain and its own `name` property
 * (so an error that lost its prototype, serialised across a process, still counts), each with its
 * ancestors from the ccxt table. Empty for anything that is not recognisably ccxt's.
 */
function ccxtClassesOf(err: unknown, lineage: readonly string[]): Set<CcxtErrorName> {
  const own = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : undefined;
  const candidates = typeof own === 'string' && !lineage.includes(own) ? [own, ...lineage] : lineage;
  return new Set(candidates.flatMap((n) => ccxtAncestry(n)));
}

/**
 * Classify an error for retry by class name, walking its prototype chain; an error's `name`
 * property counts too, so one that lost its prototype (serialised across a process) still
 * classifies. Anything that is not recognisably ccxt's is `unknown` and not retried.
 */
export function classifyFault(err: unknown): Fault {
  const lineage = errorLineage(err);
  const ancestry = ccxtClassesOf(err, lineage);
  const rule = RULES.find((r) => ancestry.has(r.name));
  if (rule === undefined) return { kind: FaultKind.Unknown, retryable: false, outcome: UNKNOWN_OUTCOME, matched: '', lineage };
  return { kind: rule.kind, retryable: rule.retryable, outcome: rule.outcome, matched: rule.name, lineage };
}

/**
 * Whether `err` is ccxt's `name` or one of its subclasses (the `instanceof` of the ccxt table, for
 * code that may not import ccxt): `isCcxtError(e, 'OrderNotFound')`, or any ccxt error by default.
 */
export function isCcxtError(err: unknown, name: CcxtErrorName = 'BaseError'): boolean {
  return ccxtClassesOf(err, errorLineage(err)).has(name);
}

/**
 * The venue answered and refused the request (ccxt's ExchangeError family: InvalidOrder,
 * InsufficientFunds, BadSymbol, …), so a refused order does not exist there. Timeouts, network
 * errors, rate limits and anything that is not a ccxt error leave the outcome unknown.
 */
export function isVenueRefusal(err: unknown): boolean {
  return classifyFault(err).kind === FaultKind.Rejected;
}
