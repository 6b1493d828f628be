import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import { type MessageOf, type Topic, parseMessage } from '@cascade/core';
import type { Deps } from '@cascade/adapters/firestore';
import { withLogContext } from '@cascade/adapters/logging';

/**
 * The common opening of every Pub/Sub-triggered handler: decode and validate the envelope. A message
 * that fails validation will fail on every redelivery too, so it goes to the topic's dead-letter
 * topic with the reason and is acknowledged; the function keeps serving. Anything the handler throws
 * is transient by contract and propagates, so Pub/Sub retries with backoff.
 */
export async function consume<T extends Topic>(
  topic: T,
  event: CloudEvent<MessagePublishedData>,
  d: Deps,
  handle: (message: MessageOf<T>) => Promise<void>,
): Promise<void> {
  const raw = Buffer.from(event.data?.message?.data ?? '', 'base64');
  const parsed = parseMessage(topic, raw);
  if (!parsed.ok) {
    await d.bus.deadLetter(topic, raw, parsed.reason, { messageId: event.data?.message?.messageId ?? '' });
    d.log(`dead-lettered a ${topic} message: ${parsed.reason}`);
    return;
  }
  // Every line this message's handling logs carries its correlation id (one trade's story in Cloud Logging).
  const m = parsed.message;
  await withLogContext({ correlationId: m.correlationId, eventId: m.eventId, messageType: m.type }, () => handle(m));
}
