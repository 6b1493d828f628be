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
