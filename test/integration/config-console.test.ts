import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { type ConfigRejected, type StrategyConfig, Topic, defaultStrategyConfig, parseMessage, renderEmail } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { ConfigStore, type ConfigInEffect } from '@cascade/adapters/firestore';
import { eventually } from '../support/eventually.js';
import { seedConfig } from '../../tools/src/cli/seed-config.js';
import { uniqueProjectId } from '../support/stack-harness.js';

describe('config in Firestore: validated, live, last good kept on a bad edit', () => {
  let app: App;
  let db: Firestore;
  let pubsub: PubSub;
  let store: ConfigStore;
  const rejectedEvents: ConfigRejected[] = [];

  beforeAll(async () => {
    const projectId = uniqueProjectId('cfg');
    app = initializeApp({ projectId }, projectId);
    db = getFirestore(app);
    pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    const [topic] = await pubsub.createTopic(Topic.TradingEvents);
    const [sub] = await topic.createSubscription('test.trading-events');
    sub.on('message', (m) => {
      const parsed = parseMessage(Topic.TradingEvents, m.data);
      if (parsed.ok && parsed.message.type === 'config.rejected') rejectedEvents.push(parsed.message);
      m.ack();
    });
    store = new ConfigStore({ db, bus: new BusPublisher(pubsub), now: () => Date.now(), log: () => undefined, component: 'test' });
  });
  afterAll(async () => {
    await pubsub?.close();
    if (app) await deleteApp(app);
  });

  it('seed-config writes every documented default, and running it again changes nothing', async () => {
    const first = await seedConfig(db);
    const second = await seedConfig(db);
    expect(first.written.length).toBeGreaterThanOrEqual(8);
    expect(second.written).toEqual([]);
    expect(second.kept.sort()).toEqual(first.written.sort());
    const snap = await db.doc('strategy_configs/default').get();
    expect(snap.get('orderFlow.ratioThreshold')).toBe(2.5); // §2.2.2 threshold, written for the operator to see
    expect(snap.get('exits.trailingStopPct')).toBe(0.005); // §2.5
  });

  it('a console edit reaches a watcher within seconds; an invalid edit is refused, reported once, and the last good stays', async () => {
    const seen: ConfigInEffect<StrategyConfig>[] = [];
    const unwatch = store.watch<'strategy_configs'>('strategy_configs/default', () => defaultStrategyConfig, (c) => seen.push(c));
    await eventually(() => seen.length >= 1, 10_000, 'the initial config');

    await db.doc('strategy_configs/default').update({ 'orderFlow.ratioThreshold': 3.0 });
    await eventually(() => seen.some((c) => c.value.orderFlow.ratioThreshold === 3.0), 10_000, 'the edited config');

    // A typo (unknown key) and an out-of-range value: both must be named.
    await db.doc('strategy_configs/default').update({ 'orderFlow.ratioThreshold': 0.5, setupCooldwnMs: 1 });
    await eventually(() => rejectedEvents.length >= 1, 15_000, 'the config.rejected event');
    const ev = rejectedEvents[0] as ConfigRejected;
    expect(ev.payload.path).toBe('strategy_configs/default');
    expect(ev.payload.errors.map((e) => e.path).sort()).toEqual(['(document)', 'orderFlow.ratioThreshold'].sort());
    expect(ev.payload.keptVersion).not.toBeNull();
    // The invalid version never took effect; the watcher still runs the 3.0 edit.
    expect(seen.every((c) => c.value.orderFlow.ratioThreshold >= 1)).toBe(true);
    expect(seen.at(-1)?.value.orderFlow.ratioThreshold).toBe(3.0);

    // A function cold-starting now gets the last good version, not the bad document, and does not report it again.
    const cold = new ConfigStore({ db, bus: new BusPublisher(pubsub), now: () => Date.now(), log: () => undefined, component: 'cold' });
    const loaded = await cold.load<'strategy_configs'>('strategy_configs/default', () => defaultStrategyConfig);
    expect(loaded.source).toBe('last_good');
    expect(loaded.value.orderFlow.ratioThreshold).toBe(3.0);
    const records = await db.collection('config_events').get();
    expect(records.size).toBe(1);
    expect(records.docs[0]?.get('published')).toBe(true);

    // The email says what was wrong, field by field.
    const email = renderEmail(ev);
    expect(email.subject).toBe('[Cascade] Config edit refused: strategy_configs/default');
    expect(email.text).toContain('Field orderFlow.ratioThreshold:');
    expect(email.text).toContain('the last good version');
    unwatch();
  });
});
