import type { CloudEvent } from 'firebase-functions/v2';
import type { MessagePublishedData } from 'firebase-functions/v2/pubsub';
import { z } from 'zod';

/**
 * The body Pub/Sub POSTs to a push endpoint (cloud.google.com/pubsub/docs/push#receive_push):
 *   {"message":{"data":"eyJ0eXBlIjoi…","attributes":{"reason":"not JSON: …"},"messageId":"12","publishTime":"2026-12-07T06:00:00.000Z"},
 *    "subscription":"projects/demo-cascade/subscriptions/dead-letter-alert.trading.signals"}
 */
const PushBody = z.object({
  message: z.object({
    data: z.string().default(''),
    attributes: z.record(z.string(), z.string()).default({}),
    messageId: z.string(),
    publishTime: z.string(),
  }),
  subscription: z.string(),
});

/** A push body as the CloudEvent a Pub/Sub-triggered function receives (what functions-framework builds). */
export function pushedCloudEvent(topic: string, body: string): CloudEvent<MessagePublishedData> {
  const p = PushBody.parse(JSON.parse(body));
  const project = p.subscription.split('/')[1] ?? 'local';
  return {
    specversion: '1.0',
    id: p.message.messageId,
    source: `//pubsub.googleapis.com/projects/${project}/topics/${topic}`,
    type: 'google.cloud.pubsub.topic.v1.messagePublished',
    time: p.message.publishTime,
    data: { message: { ...p.message, json: undefined }, subscription: p.subscription },
  } as unknown as CloudEvent<MessagePublishedData>;
}
