import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedTape } from '@cascade/tools/synthetic';
import { type Harness, startHarness, waitForQuiescence, writeTape } from '../support/stack-harness.js';

const CYCLES = 2;
const tape = plantedTape({ cycles: CYCLES });

describe('every message published twice (at-least-once delivery, made certain)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('twice', { tape: writeTape(tape), speed: 'max', publishTwice: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('consumes each trade once and skips every duplicated batch', async () => {
    const s = await waitForQuiescence(h);
    expect(s.analytics?.trades).toBe(tape.length);
    const a = s.analytics as unknown as { batches: number; duplicateBatches: number };
    expect(a.duplicateBatches).toBe(a.batches);
  });

  it('yields exactly one order per signal and one notification per event', async () => {
    const db = h.monitor.db;
    const signals = await db.collection('signals').where('decision', '==', 'trade').get();
    expect(signals.size).toBe(CYCLES);
    for (const sig of signals.docs) {
      const orders = await db.collection('orders').where('signalId', '==', sig.id).get();
      expect(orders.size).toBe(1);
    }
    const closes = await db.collection('orders').where('intent', '==', 'close').get();
    const history = await db.collection('trade_history').get();
    expect(closes.size).toBe(history.size);
    const notes = await db.collection('notifications').get();
    const notifiable = ['order.filled', 'order.rejected', 'position.closed', 'system.error'].reduce((n, t) => n + h.monitor.count(t), 0);
    expect(notes.size).toBe(notifiable);
    for (const n of notes.docs) expect(n.get('attempts')).toBe(1);
  });
});
