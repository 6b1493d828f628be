import { Topic, allTopics, deadLetterTopicOf, type ValueOf } from '@cascade/core';

/** Who consumes a subscription: a function behind a push endpoint, or a service pulling. */
export const Consumer = {
  Decide: 'decide',
  ExecuteSignal: 'executeSignal',
  ExecuteExit: 'executeExit',
  Notify: 'notify',
  Analytics: 'analytics',
  /** The `deadLetterAlert*` functions: one per dead-letter topic, each raising an alert per message. */
  DeadLetterAlert: 'deadLetterAlert',
} as const;
export type Consumer = ValueOf<typeof Consumer>;

/** The functions, in the order the local stack starts them. */
export const functionConsumers = [Consumer.Decide, Consumer.ExecuteSignal, Consumer.ExecuteExit, Consumer.Notify] as const;
export type FunctionConsumer = (typeof functionConsumers)[number];
/** Consumers Pub/Sub pushes to: the functions above and the dead-letter alerts. */
export type PushConsumer = FunctionConsumer | typeof Consumer.DeadLetterAlert;

export interface SubscriptionSpec {
  readonly name: string;
  /** A topic of the system, or a dead-letter topic (`<topic>.dlq`). */
  readonly topic: string;
  readonly consumer: Consumer;
  readonly delivery: 'push' | 'pull';
  readonly ordering: boolean;
  readonly ackDeadlineSeconds: number;
  /** Redelivery backoff for nacked / failed pushes. */
  readonly retry: { readonly minBackoffSeconds: number; readonly maxBackoffSeconds: number };
  /**
   * After this many delivery attempts Pub/Sub moves the message to the topic's dead-letter topic;
   * null for subscriptions on a dead-letter topic (a dead letter of a dead letter would loop).
   */
  readonly maxDeliveryAttempts: number | null;
}

const defaults = {
  // 60 s: a function holding a Firestore transaction under contention can take several seconds.
  ackDeadlineSeconds: 60,
  // Pub/Sub's allowed range is 0–600 s; 1 s → 60 s spreads retries of a transient Firestore/venue fault.
  retry: { minBackoffSeconds: 1, maxBackoffSeconds: 60 },
  // Pub/Sub's minimum is 5: enough for transient faults, small enough that a poison message leaves fast.
  maxDeliveryAttempts: 5,
} as const;

/** Every subscription of the system. Function triggers in GCP are Eventarc's; these mirror them. */
export const subscriptions: readonly SubscriptionSpec[] = [
  // Trades of one symbol must reach its shard in order: the analytics windows are order-sensitive.
  { name: 'analytics.market-trades', topic: Topic.MarketTrades, consumer: Consumer.Analytics, delivery: 'pull', ordering: true, ...defaults, ackDeadlineSeconds: 30 },
  { name: 'analytics.trading-events', topic: Topic.TradingEvents, consumer: Consumer.Analytics, delivery: 'pull', ordering: false, ...defaults },
  { name: 'decide.analytics-setups', topic: Topic.AnalyticsSetups, consumer: Consumer.Decide, delivery: 'push', ordering: false, ...defaults },
  { name: 'execute.trading-signals', topic: Topic.TradingSignals, consumer: Consumer.ExecuteSignal, delivery: 'push', ordering: false, ...defaults },
  { name: 'execute.exits-requested', topic: Topic.ExitsRequested, consumer: Consumer.ExecuteExit, delivery: 'push', ordering: false, ...defaults },
  { name: 'notify.trading-events', topic: Topic.TradingEvents, consumer: Consumer.Notify, delivery: 'push', ordering: false, ...defaults },
];

/**
 * Each dead-letter topic pushes to its alert function, which tells a person at once (the hold
 * subscription below keeps the message for `npm run cli -- dlq`). In GCP these are Eventarc's.
 */
export const deadLetterAlertSubscriptions: readonly SubscriptionSpec[] = allTopics.map((t) => ({
  name: `dead-letter-alert.${t}`,
  topic: deadLetterTopicOf(t),
  consumer: Consumer.DeadLetterAlert,
  delivery: 'push' as const,
  ordering: false,
  ...defaults,
  maxDeliveryAttempts: null,
}));

/** A pull subscription on each dead-letter topic so dead letters are retained until someone looks. */
export function deadLetterHoldSubscription(topic: Topic): string {
  return `${deadLetterTopicOf(topic)}.hold`;
}
