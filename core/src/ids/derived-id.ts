import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Deterministic ids derived from what caused them, so a redelivered message derives the same id and
 * every write keyed by it is idempotent. 20 hex chars = 80 bits of SHA-256: collision odds are
 * negligible at any volume this engine sees, and prefix + hash fits venues' client-id limits
 * (Binance: 36 chars of [.A-Z:/a-z0-9_-]).
 */
export function derivedId(prefix: string, ...parts: readonly string[]): string {
  const digest = bytesToHex(sha256(utf8ToBytes(parts.join('\u001f'))));
  return `${prefix}-${digest.slice(0, 20)}`;
}

/** Client order id for the entry order of a signal. */
export function entryClientOrderId(signalId: string): string {
  return derivedId('cx', 'entry', signalId);
}

/** Client order id for the order that closes a position. */
export function exitClientOrderId(positionId: string): string {
  return derivedId('cx', 'exit', positionId);
}

/**
 * Event id of a setup: the market and its trigger trade's id (unique per symbol on every venue), so a
 * replayed batch re-derives it — and a tape shifted in time derives the same ids.
 */
export function setupEventId(marketKey: string, trigger: { tradeId: string }): string {
  return derivedId('setup', marketKey, trigger.tradeId);
}

/** The signal (decision) a setup leads to: one per setup, whatever the decision. */
export function signalIdOf(setupEventId: string): string {
  return derivedId('sig', setupEventId);
}

/** Event id of an exit request: one per position, however many times the monitor fires. */
export function exitEventId(positionId: string): string {
  return derivedId('exit', positionId);
}
