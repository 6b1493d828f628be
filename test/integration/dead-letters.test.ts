import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '@google-cloud/pubsub';
import { type SetupDetected, SymbolAnalytics, type Trade, type TradesReceived, Topic, deadLetterTopicOf, defaultStrategyConfig, encodeBinaryTradeColumns, messageBytes, writeBinaryFrame } from '@cascade/core';
import { plantedTape } from '@cascade/tools/synthetic';
import { deadLetterHoldSubscription } from '../../infra/src/pubsub/subscriptions.js';
import { type Harness, startHarness, waitFor } from '../support/stack-harness.js';

async function pullOne(h: Harness, subscription: string, timeoutMs = 30_000): Promise<Message> {
  const sub = h.stack.pubsub.subscription(subscription);
  try {
    return await new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing arrived on ${subscription}`)), timeoutMs);
      sub.once('message', (m: Message) => {
        clearTimeout(timer);
        m.ack();
        resolve(m);
      });
      sub.once('error', reject);
    });
  } finally {
    await sub.close();
  }
}

/** The first message on `subscription` that `match` accepts; every message seen is acknowledged. */
async function pullMatching(h: Harness, subscription: string, match: (m: Message) => boolean, timeoutMs = 30_000): Promise<Message> {
  const sub = h.stack.pubsub.subscription(subscription);
  try {
    return await new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message arrived on ${subscription}`)), timeoutMs);
      sub.on('message', (m: Message) => {
        m.ack();
        if (!match(m)) return;
        clearTimeout(timer);
        resolve(m);
      });
      sub.once('error', reject);
    });
  } finally {
    await sub.close();
  }
}

const market = { exchange: 'testex', marketType: 'spot', symbol: 'ABC/USDT', base: 'ABC', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' } as const;

describe('malformed messages go to the dead-letter topic with a readable reason', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('dlq', { noStreamer: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a setup that is not JSON is dead-lettered by decide, which keeps serving', async () => {
    await h.stack.pubsub.topic(Topic.AnalyticsSetups).publishMessage({ data: Buffer.from('{"type":"setup.detected", oops') });
    const m = await pullOne(h, deadLetterHoldSubscription(Topic.AnalyticsSetups));
    expect(m.attributes.sourceTopic).toBe(Topic.AnalyticsSetups);
    expect(m.attributes.reason).toMatch(/^not JSON: /);
    expect(m.data.toString()).toBe('{"type":"setup.detected", oops');

    // …and the same function still decides the next valid setup.
    const mk = { ...market, symbol: 'XYZ/USDT', base: 'XYZ', pricePrecision: 2, amountPrecision: 3 };
    const a = new SymbolAnalytics(mk, defaultStrategyConfig);
    const c = plantedTape({ cycles: 1 }).map((t) => a.onTrade(t).setup).find((x) => x !== null)!;
    const setup: SetupDetected = {
      type: 'setup.detected',
      eventId: 'setup-after-garbage',
      tsEvent: c.trigger.ts,
      tsInit: Date.now(),
      correlationId: 'setup-after-garbage',
      causationId: null,
      payload: { market: mk, side: c.side, trigger: c.trigger, triggerPublishedAt: Date.now(), fillReference: null, flow: c.flow, context: c.context, levels: [...c.levels] },
    };
    await h.stack.pubsub.topic(Topic.AnalyticsSetups).publishMessage({ data: Buffer.from(JSON.stringify(setup)) });
    const sig = await waitFor('a signal for the valid setup', async () => {
      const q = await h.monitor.db.collection('signals').where('setupEventId', '==', 'setup-after-garbage').get();
      return q.empty ? null : q.docs[0];
    });
    expect(sig.get('decision')).toBe('trade');
    // The planted tape's first setup: value-area low 1.5 + fresh demand zone 2.0 + autocorrelation 0.5 (tools/src/synthetic/planted-tape.test.ts).
    expect(sig.get('score')).toBe(4);
  });

  it('a trade batch with a bad field is dead-lettered by analytics naming the field; the next good batch is consumed', async () => {
    const good: TradesReceived = {
      type: 'trades.received',
      eventId: 'batch-1',
      tsEvent: 1_700_000_000_000,
      tsInit: Date.now(),
      correlationId: 'batch-1',
      causationId: null,
      payload: { market, seq: 1, source: 'replay', trades: [{ id: '1', ts: 1_700_000_000_000, price: 10.5, amount: 1, side: 'buy', sideInferred: false }] },
    };
    const bad = { ...good, eventId: 'batch-0', payload: { ...good.payload, trades: [{ ...good.payload.trades[0], price: -3 }] } };
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(bad)) });
    const m = await pullOne(h, deadLetterHoldSubscription(Topic.MarketTrades));
    expect(m.attributes.reason).toContain('payload.trades.0.price');
    expect(m.attributes.reason).toContain(`invalid ${Topic.MarketTrades} message`);
    expect(deadLetterTopicOf(Topic.MarketTrades)).toBe('market.trades.dlq');

    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(good)) });
    const st = await waitFor('analytics to consume the good batch', async () => {
      const s = await h.monitor.status();
      return (s.analytics?.trades ?? 0) >= 1 ? s : null;
    });
    expect(st.analytics?.trades).toBe(1);
    expect(st.analytics?.deadLettered).toBe(1);
  });

  it('columnar batches (issue 14 item 4): a malformed one takes the same dead-letter path naming the column; good columnar and row batches are both consumed', async () => {
    const before = await h.monitor.status();
    const trades0 = before.analytics?.trades ?? 0;
    const dead0 = before.analytics?.deadLettered ?? 0;
    const envelope = { type: 'trades.received', tsEvent: 1_700_000_001_000, tsInit: Date.now(), causationId: null } as const;
    // Two trades, ids 10 and 11, 250 ms apart: columns written out by hand.
    const columns = { id: 10, tsDelta: [1_700_000_000_750, 250], price: [10.5, 10.75], amount: [1, 0.5], side: 'bS' };
    const columnar = (eventId: string, seq: number, cols: object) => ({ ...envelope, eventId, correlationId: eventId, payload: { encoding: 'columnar-v1', market, seq, source: 'replay', columns: cols } });
    const bad = columnar('batch-col-bad', 2, { ...columns, amount: [1] });
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(bad)) });
    // The hold subscription may hand back the earlier test's dead letter too (at-least-once): wait for ours.
    const m = await pullMatching(h, deadLetterHoldSubscription(Topic.MarketTrades), (x) => x.data.toString().includes('batch-col-bad'));
    expect(m.attributes.sourceTopic).toBe(Topic.MarketTrades);
    expect(m.attributes.reason).toBe(`invalid ${Topic.MarketTrades} message: payload.columns.amount: length 1 does not match the 2 prices`);
    expect(JSON.parse(m.data.toString())).toEqual(bad);

    // A rolling deploy: the next batch in columns, the one after in rows; both are consumed.
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(columnar('batch-col-2', 2, columns))) });
    const rows: TradesReceived = { ...envelope, eventId: 'batch-row-3', correlationId: 'batch-row-3', payload: { market, seq: 3, source: 'replay', trades: [{ id: '12', ts: 1_700_000_001_000, price: 10.6, amount: 2, side: 'sell', sideInferred: false }] } };
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(rows)) });
    const st = await waitFor('analytics to consume the columnar and the row batch', async () => {
      const s = await h.monitor.status();
      return (s.analytics?.trades ?? 0) >= trades0 + 3 ? s : null;
    });
    expect(st.analytics?.trades).toBe(trades0 + 3);
    expect(st.analytics?.deadLettered).toBe(dead0 + 1);
  });

  it('binary batches (columnar-bin-v1): a malformed one takes the same dead-letter path naming column and index, held byte for byte; good binary, columnar-v1 and row batches are all consumed', async () => {
    const before = await h.monitor.status();
    const trades0 = before.analytics?.trades ?? 0;
    const dead0 = before.analytics?.deadLettered ?? 0;
    const envelope = { type: 'trades.received', tsEvent: 1_700_000_002_000, tsInit: Date.now(), causationId: null } as const;
    const trades: Trade[] = [
      { id: '20', ts: 1_700_000_001_500, price: 10.5, amount: 1, side: 'buy', sideInferred: false },
      { id: '21', ts: 1_700_000_002_000, price: 10.75, amount: 0.5, side: 'sell', sideInferred: true },
    ];
    const binary = (eventId: string, seq: number, columns = encodeBinaryTradeColumns(trades)) => ({ ...envelope, eventId, correlationId: eventId, payload: { encoding: 'columnar-bin-v1' as const, market, seq, source: 'replay' as const, columns } });
    // A negative amount at index 1: the frame is written without the producer's check, as a buggy publisher would.
    const badBytes = Buffer.from(writeBinaryFrame(binary('batch-bin-bad', 4, { ...encodeBinaryTradeColumns(trades), amount: new Float64Array([1, -0.5]) })));
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: badBytes });
    const m = await pullMatching(h, deadLetterHoldSubscription(Topic.MarketTrades), (x) => x.data.includes('batch-bin-bad'));
    expect(m.attributes.sourceTopic).toBe(Topic.MarketTrades);
    expect(m.attributes.reason).toBe(`invalid ${Topic.MarketTrades} message: payload.columns.amount.1: expected a positive finite number, got -0.5`);
    expect(Buffer.compare(m.data, badBytes)).toBe(0);

    // A rolling deploy in any order: binary, then JSON columns, then rows; all consumed.
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(messageBytes(binary('batch-bin-4', 4))) });
    const columnar = { ...envelope, eventId: 'batch-col-5', correlationId: 'batch-col-5', payload: { encoding: 'columnar-v1', market, seq: 5, source: 'replay', columns: { id: 30, tsDelta: [1_700_000_002_500], price: [10.6], amount: [1], side: 'b' } } };
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(columnar)) });
    const rows: TradesReceived = { ...envelope, eventId: 'batch-row-6', correlationId: 'batch-row-6', payload: { market, seq: 6, source: 'replay', trades: [{ id: '31', ts: 1_700_000_003_000, price: 10.6, amount: 2, side: 'sell', sideInferred: false }] } };
    await h.stack.pubsub.topic(Topic.MarketTrades).publishMessage({ data: Buffer.from(JSON.stringify(rows)) });
    const st = await waitFor('analytics to consume the binary, the columnar and the row batch', async () => {
      const s = await h.monitor.status();
      return (s.analytics?.trades ?? 0) >= trades0 + 4 ? s : null;
    });
    expect(st.analytics?.trades).toBe(trades0 + 4);
    expect(st.analytics?.deadLettered).toBe(dead0 + 1);
  });

  it('an event of an unknown type is dead-lettered by notify', async () => {
    await h.stack.pubsub.topic(Topic.TradingEvents).publishMessage({ data: Buffer.from(JSON.stringify({ type: 'order.exploded', eventId: 'x' })) });
    const m = await pullOne(h, deadLetterHoldSubscription(Topic.TradingEvents));
    expect(m.attributes.reason).toContain('invalid trading.events message');
    expect(m.attributes.reason).toContain('type');
  });
});
