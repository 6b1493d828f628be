import type { PubSub, CreateSubscriptionOptions } from '@google-cloud/pubsub';
import { allTopics, deadLetterTopicOf } from '@cascade/core';
import { type FunctionConsumer, deadLetterHoldSubscription, subscriptions } from './subscriptions.js';

export interface ProvisionOptions {
  readonly projectId: string;
  /** Push endpoint of each function (local functions-framework URL, or the Cloud Run URL in GCP). */
  readonly pushEndpoint: (fn: FunctionConsumer, topic: string) => string;
  /** Extra pull subscriptions (name → topic) such as the local stack's taps. */
  readonly extraPull?: readonly { name: string; topic: string }[];
  readonly log?: (line: string) => void;
}

export interface ProvisionResult {
  readonly topics: string[];
  readonly subscriptions: string[];
}

/**
 * Create every topic, dead-letter topic and subscription the system needs. Idempotent: existing
 * resources are left as they are (a changed policy is applied with `setMetadata`), so it can run at
 * every start, locally against the emulator and in CI/CD against a real project.
 */
export async function provisionPubSub(pubsub: PubSub, opts: ProvisionOptions): Promise<ProvisionResult> {
  const log = opts.log ?? (() => undefined);
  const topicNames = [...allTopics, ...allTopics.map(deadLetterTopicOf)];
  for (const name of topicNames) {
    const [exists] = await pubsub.topic(name).exists();
    if (!exists) {
      await pubsub.createTopic(name);
      log(`topic ${name} created`);
    }
  }
  const created: string[] = [];
  const ensure = async (name: string, topic: string, options: CreateSubscriptionOptions): Promise<void> => {
    const sub = pubsub.subscription(name);
    const [exists] = await sub.exists();
    if (!exists) {
      await pubsub.topic(topic).createSubscription(name, options);
      log(`subscription ${name} → ${topic} created`);
    } else {
      const { enableMessageOrdering: _ordering, ...mutable } = options;
      await sub.setMetadata(mutable);
    }
    created.push(name);
  };
  for (const topic of allTopics) {
    await ensure(deadLetterHoldSubscription(topic), deadLetterTopicOf(topic), { ackDeadlineSeconds: 60, messageRetentionDuration: { seconds: 7 * 24 * 3600 } });
  }
  const projectId = opts.projectId;
  for (const s of subscriptions) {
    const options: CreateSubscriptionOptions = {
      ackDeadlineSeconds: s.ackDeadlineSeconds,
      enableMessageOrdering: s.ordering,
      retryPolicy: { minimumBackoff: { seconds: s.retry.minBackoffSeconds }, maximumBackoff: { seconds: s.retry.maxBackoffSeconds } },
      deadLetterPolicy: { deadLetterTopic: `projects/${projectId}/topics/${deadLetterTopicOf(s.topic)}`, maxDeliveryAttempts: s.maxDeliveryAttempts },
    };
    if (s.delivery === 'push') options.pushConfig = { pushEndpoint: opts.pushEndpoint(s.consumer as FunctionConsumer, s.topic) };
    await ensure(s.name, s.topic, options);
  }
  for (const x of opts.extraPull ?? []) await ensure(x.name, x.topic, { ackDeadlineSeconds: 60 });
  return { topics: topicNames, subscriptions: created };
}
