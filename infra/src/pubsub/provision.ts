import type { PubSub, CreateSubscriptionOptions } from '@google-cloud/pubsub';
import { type Topic, allTopics, deadLetterTopicOf } from '@cascade/core';
import { type DeadLetterPolicyChange, applyEventarcDeadLetters } from './eventarc-dead-letters.js';
import { type PushConsumer, deadLetterAlertSubscriptions, deadLetterHoldSubscription, subscriptions } from './subscriptions.js';

export interface ProvisionOptions {
  readonly projectId: string;
  /**
   * Push endpoint of each function (local functions-framework URL, or the Cloud Run URL in GCP);
   * null leaves that push subscription out (e.g. no host for the dead-letter alerts is running).
   */
  readonly pushEndpoint: (fn: PushConsumer, topic: string) => string | null;
  /** Extra pull subscriptions (name → topic) such as the local stack's taps. */
  readonly extraPull?: readonly { name: string; topic: string }[];
  /**
   * `local` (default) creates the push subscriptions that stand in for Eventarc's; `gcp` leaves push
   * subscriptions to Eventarc (firebase deploy creates them) and gives those their dead-letter policy.
   */
  readonly target?: 'local' | 'gcp';
  readonly log?: (line: string) => void;
}

export interface ProvisionResult {
  readonly topics: string[];
  readonly subscriptions: string[];
  /** Eventarc subscriptions given a dead-letter policy (gcp target only). */
  readonly deadLetterPolicies: DeadLetterPolicyChange[];
}

/** The same number of attempts as the local subscriptions (subscriptions.ts: Pub/Sub's minimum, 5). */
export const EVENTARC_MAX_DELIVERY_ATTEMPTS = 5;

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
  for (const s of [...subscriptions, ...deadLetterAlertSubscriptions]) {
    const options: CreateSubscriptionOptions = {
      ackDeadlineSeconds: s.ackDeadlineSeconds,
      enableMessageOrdering: s.ordering,
      retryPolicy: { minimumBackoff: { seconds: s.retry.minBackoffSeconds }, maximumBackoff: { seconds: s.retry.maxBackoffSeconds } },
      ...(s.maxDeliveryAttempts !== null ? { deadLetterPolicy: { deadLetterTopic: `projects/${projectId}/topics/${deadLetterTopicOf(s.topic as Topic)}`, maxDeliveryAttempts: s.maxDeliveryAttempts } } : {}),
    };
    if (s.delivery === 'push' && opts.target === 'gcp') continue;
    if (s.delivery === 'push') {
      const endpoint = opts.pushEndpoint(s.consumer as PushConsumer, s.topic);
      if (endpoint === null) continue;
      options.pushConfig = { pushEndpoint: endpoint };
    }
    await ensure(s.name, s.topic, options);
  }
  for (const x of opts.extraPull ?? []) await ensure(x.name, x.topic, { ackDeadlineSeconds: 60 });
  const deadLetterPolicies = opts.target === 'gcp' ? await applyEventarcDeadLetters(pubsub, projectId, { maxDeliveryAttempts: EVENTARC_MAX_DELIVERY_ATTEMPTS }) : [];
  for (const c of deadLetterPolicies) log(`subscription ${c.subscription}: dead-letter policy → ${c.after.deadLetterTopic} after ${c.after.maxDeliveryAttempts} attempts`);
  return { topics: topicNames, subscriptions: created, deadLetterPolicies };
}
