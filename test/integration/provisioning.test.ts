import { describe, expect, it, inject } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { Topic, allTopics, deadLetterTopicOf } from '@cascade/core';
import { provisionPubSub } from '../../infra/src/pubsub/provision.js';
import { subscriptions } from '../../infra/src/pubsub/subscriptions.js';
import { uniqueProjectId } from '../support/stack-harness.js';

describe('Pub/Sub provisioning (infra code, on the emulator)', () => {
  it('creates every topic, dead-letter topic and subscription with retry and dead-letter policies, idempotently', async () => {
    const projectId = uniqueProjectId('prov');
    const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    const opts = { projectId, pushEndpoint: (fn: string, topic: string) => `http://127.0.0.1:9/projects/${projectId}/topics/${topic}#${fn}` };
    const first = await provisionPubSub(pubsub, opts);
    const second = await provisionPubSub(pubsub, opts); // a second run changes nothing and does not fail
    expect(second).toEqual(first);

    const [topics] = await pubsub.getTopics();
    const names = topics.map((t) => t.name.split('/').pop()).sort();
    expect(names).toEqual([...allTopics, ...allTopics.map(deadLetterTopicOf)].sort());

    const [meta] = await pubsub.subscription('execute.trading-signals').getMetadata();
    expect(meta.pushConfig?.pushEndpoint).toBe(`http://127.0.0.1:9/projects/${projectId}/topics/${Topic.TradingSignals}#executeSignal`);
    expect(meta.deadLetterPolicy?.deadLetterTopic).toBe(`projects/${projectId}/topics/trading.signals.dlq`);
    expect(meta.deadLetterPolicy?.maxDeliveryAttempts).toBe(5);
    expect(Number(meta.retryPolicy?.minimumBackoff?.seconds)).toBe(1);
    const [trades] = await pubsub.subscription('analytics.market-trades').getMetadata();
    expect(trades.enableMessageOrdering).toBe(true);
    expect(subscriptions.filter((s) => s.delivery === 'push').map((s) => s.consumer).sort()).toEqual(['decide', 'executeExit', 'executeSignal', 'notify']);
    await pubsub.close();
  });
});
