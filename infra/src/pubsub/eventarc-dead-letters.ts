import type { PubSub } from '@google-cloud/pubsub';
import { type Topic, allTopics, deadLetterTopicOf } from '@cascade/core';

/**
 * Eventarc names the subscription behind each Pub/Sub-triggered function
 * `eventarc-<region>-<function>-<n>-sub-<n>` and creates it without a dead-letter policy: a message a
 * function keeps failing on would be retried for the topic's whole retention (7 days). These are the
 * subscriptions `firebase deploy` made; the infra code gives each the same dead-letter policy as the
 * local push subscriptions (infra/src/pubsub/subscriptions.ts).
 */
export const EVENTARC_SUBSCRIPTION = /^eventarc-/;

export interface DeadLetterPolicyChange {
  readonly subscription: string;
  readonly topic: string;
  /** What the policy was before: null when there was none. */
  readonly before: { deadLetterTopic: string; maxDeliveryAttempts: number } | null;
  readonly after: { deadLetterTopic: string; maxDeliveryAttempts: number };
}

/**
 * Set the dead-letter policy of every Eventarc subscription on the system's topics (not on the
 * dead-letter topics: a dead letter of a dead letter would loop). Idempotent: a subscription that
 * already has the policy is left alone and not reported. `dryRun` reports without changing anything.
 *
 * In GCP the Pub/Sub service agent also needs `roles/pubsub.publisher` on each dead-letter topic and
 * `roles/pubsub.subscriber` on each source subscription to forward messages; those bindings are the
 * IAM part of the provisioning (issue 12).
 */
export async function applyEventarcDeadLetters(pubsub: PubSub, projectId: string, opts: { maxDeliveryAttempts: number; dryRun?: boolean; topics?: readonly Topic[] }): Promise<DeadLetterPolicyChange[]> {
  const changes: DeadLetterPolicyChange[] = [];
  for (const topic of opts.topics ?? allTopics) {
    const [subs] = await pubsub.topic(topic).getSubscriptions();
    for (const sub of subs) {
      const short = sub.name.split('/').at(-1) ?? sub.name;
      if (!EVENTARC_SUBSCRIPTION.test(short)) continue;
      const [meta] = await sub.getMetadata();
      const after = { deadLetterTopic: `projects/${projectId}/topics/${deadLetterTopicOf(topic)}`, maxDeliveryAttempts: opts.maxDeliveryAttempts };
      const cur = meta.deadLetterPolicy;
      const before = cur?.deadLetterTopic ? { deadLetterTopic: cur.deadLetterTopic, maxDeliveryAttempts: cur.maxDeliveryAttempts ?? 0 } : null;
      if (before && before.deadLetterTopic === after.deadLetterTopic && before.maxDeliveryAttempts === after.maxDeliveryAttempts) continue;
      if (!opts.dryRun) await sub.setMetadata({ deadLetterPolicy: after });
      changes.push({ subscription: short, topic, before, after });
    }
  }
  return changes;
}
