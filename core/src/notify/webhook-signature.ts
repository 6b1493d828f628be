import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export const SignatureHeader = 'X-Cascade-Signature';
export const TimestampHeader = 'X-Cascade-Timestamp';

/** Receivers should refuse a signature older (or newer) than this: it bounds replays of a captured request. */
export const defaultSignatureToleranceSec = 300;

/**
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The timestamp (unix seconds, the value of
 * X-Cascade-Timestamp) is inside the MAC so a captured request cannot be replayed later with a fresh
 * timestamp; the body is signed byte for byte as sent.
 */
export function signWebhook(secret: string, timestampSec: number, body: string): string {
  return `sha256=${bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`${timestampSec}.${body}`)))}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a receiver does with the two headers and the raw body. Compares in constant time. */
export function verifyWebhook(secret: string, body: string, signature: string | undefined, timestamp: string | undefined, nowSec: number, toleranceSec = defaultSignatureToleranceSec): SignatureCheck {
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing signature or timestamp header' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp is not unix seconds' };
  const ts = Number(timestamp);
  if (Math.abs(nowSec - ts) > toleranceSec) return { ok: false, reason: `timestamp outside ±${toleranceSec} s` };
  return constantTimeEqual(signWebhook(secret, ts, body), signature) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

/** No early exit on the first differing character, so timing says nothing about the expected MAC. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}
