import type { z } from 'zod';
import { topicSchemas, type MessageOf, Topic } from './topics.js';
import { isBinaryFrame, readBinaryFrame } from './binary-batch-frame.js';
import { isColumnarBatch, parseColumnarBatch } from './parse-columnar-batch.js';

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Max characters of a reason: it travels as a Pub/Sub attribute (1024 bytes max per value). */
const MAX_REASON = 900;
/** One decoder for every message (stateless without `stream`); a new one per message cost more than the decode. */
const utf8 = new TextDecoder();

/**
 * Validate raw bytes from the bus against the topic's schema. Never throws: a bad message is a
 * value the caller routes to the dead-letter topic with `reason`. The bytes are JSON, or for a trade
 * batch a binary frame (binary-batch-frame.ts), which is read into the same message shape first.
 * Refusals read the same on either path (`invalid <topic> message: <path>: <what>; …`).
 */
export function parseMessage<T extends Topic>(topic: T, data: Uint8Array | string): ParseResult<MessageOf<T>> {
  let json: unknown;
  if (typeof data !== 'string' && isBinaryFrame(data)) {
    if (topic !== Topic.MarketTrades) return { ok: false, reason: `invalid ${topic} message: a binary frame (only ${Topic.MarketTrades} carries them)` };
    const frame = readBinaryFrame(data);
    if (!frame.ok) return { ok: false, reason: truncate(`invalid ${topic} message: ${frame.reason}`) };
    json = frame.message;
  } else {
    try {
      json = JSON.parse(typeof data === 'string' ? data : utf8.decode(data));
    } catch (e) {
      return { ok: false, reason: truncate(`not JSON: ${(e as Error).message}`) };
    }
  }
  return validateMessage(topic, json);
}

/**
 * Validate a message value (parsed from the bus, or about to be published) against the topic's
 * schema: what parseMessage does after decoding the bytes, and the producer-side check of
 * BusPublisher, so both accept and refuse the same messages with the same reasons.
 */
export function validateMessage<T extends Topic>(topic: T, value: unknown): ParseResult<MessageOf<T>> {
  // Columnar trade batches: columns checked and decoded outside the schema (parse-columnar-batch.ts).
  if (topic === Topic.MarketTrades && isColumnarBatch(value)) {
    const batch = parseColumnarBatch(value);
    if (batch.ok) return { ok: true, message: batch.message as MessageOf<T> };
    return { ok: false, reason: truncate(`invalid ${topic} message: ${batch.issues.slice(0, 5).join('; ')}`) };
  }
  const schema = topicSchemas[topic] as unknown as z.ZodType<MessageOf<T>>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, message: parsed.data };
  return { ok: false, reason: truncate(`invalid ${topic} message: ${formatIssues(parsed.error.issues)}`) };
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

function truncate(s: string): string {
  return s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s;
}
