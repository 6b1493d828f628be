import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, inject } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { Topic, allTopics, deadLetterTopicOf } from '@cascade/core';
import { provisionPubSub } from '../../infra/src/pubsub/provision.js';
import { subscriptions } from '../../infra/src/pubsub/subscriptions.js';
import { uniqueProjectId } from '../support/stack-harness.js';
import { repoRoot } from '../../tools/src/local/stack.js';

const run = promisify(execFile);

describe('Pub/Sub provisioning (infra code, on the emulator)', () => {
  it('creates every topic, dead-letter topic and subscription with retry and dead-letter policies, idempotently', async () => {
    const projectId = uniqueProjectId('prov');
    const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    const opts = { projectId, pushEndpoint: (fn: string, topic: string) => `http://127.0.0.1:9/projects/${projectId}/topics/${topic}#${fn}` };
    const first = await provisionPubSub(pubsub, opts);
    const second = await provisionPubSub(pubsub, opts); // a second run changes nothing and does not fail
    expect(second).toEqual(first);
    expect(first.deadLetterPolicies).toEqual([]);

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
    // Each dead-letter topic pushes to its alert, without a dead-letter policy of its own (no loop).
    const [alert] = await pubsub.subscription('dead-letter-alert.trading.signals').getMetadata();
    expect(alert.topic).toBe(`projects/${projectId}/topics/trading.signals.dlq`);
    expect(alert.pushConfig?.pushEndpoint).toBe(`http://127.0.0.1:9/projects/${projectId}/topics/trading.signals.dlq#deadLetterAlert`);
    expect(alert.deadLetterPolicy?.deadLetterTopic ?? '').toBe('');
    await pubsub.close();
  });

  // Issue 11 item 10: the deployed triggers' (Eventarc's) subscriptions had no dead-letter policy, and the
  // provisioning code could not be run against a project.
  it('`npm run infra -- apply --project P` gives the Eventarc subscriptions firebase deploy made a dead-letter policy, idempotently', async () => {
    const projectId = uniqueProjectId('infra');
    const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    // What `firebase deploy` leaves behind: the topic and Eventarc's subscription, no dead-letter policy.
    const [topic] = await pubsub.createTopic(Topic.TradingSignals);
    const eventarc = 'eventarc-europe-west1-executesignal-812563-sub-120';
    await topic.createSubscription(eventarc, { pushConfig: { pushEndpoint: 'https://executesignal-abc-ew.a.run.app/' } });
    const env = { ...process.env, PUBSUB_EMULATOR_HOST: inject('pubsubHost'), METADATA_SERVER_DETECTION: 'none' };
    const apply = () => run(process.execPath, ['--import', 'tsx', 'infra/src/main.ts', 'apply', '--project', projectId], { cwd: repoRoot, env });

    const first = await apply();
    expect(first.stdout).toContain(`subscription ${eventarc}: dead-letter policy → projects/${projectId}/topics/trading.signals.dlq after 5 attempts`);
    expect(first.stdout).toContain('1 Eventarc subscription(s) given a dead-letter policy');
    const [meta] = await pubsub.subscription(eventarc).getMetadata();
    expect(meta.deadLetterPolicy?.deadLetterTopic).toBe(`projects/${projectId}/topics/trading.signals.dlq`);
    expect(meta.deadLetterPolicy?.maxDeliveryAttempts).toBe(5);
    // Eventarc's push endpoint is untouched, and no local push subscription was created in the project.
    expect(meta.pushConfig?.pushEndpoint).toBe('https://executesignal-abc-ew.a.run.app/');
    const [subs] = await pubsub.getSubscriptions();
    const names = subs.map((s) => s.name.split('/').pop()).sort();
    expect(names).not.toContain('execute.trading-signals');
    expect(names).toContain('trading.signals.dlq.hold');
    expect(names).toContain('analytics.market-trades');

    const second = await apply();
    expect(second.stdout).toContain('0 Eventarc subscription(s) given a dead-letter policy');
    await pubsub.close();
  });
});
