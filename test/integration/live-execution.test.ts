import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { type ExitRequested, type MarketSpec, type VenueOrderRequest, type VenuePort, type MessageOf, type SignalGenerated, ManualClock, PortfolioRiskManager, RiskStateSchema, Topic, entryClientOrderId, exitClientOrderId, topicSchemas } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { PaperVenuePort } from '../fakes/paper-venue/paper-venue-port.js';
import { RecoveryPendingError, executeLiveExit, executeLiveSignal, slotRef, trailProtectiveStop } from '../../adapters/src/execution/index.js';
import { protectiveStopClientId } from '../../adapters/src/venues/ccxt/protective-stop.js';
import { ReconciliationResolved } from '../../adapters/src/execution/reconciliation-event.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { StoredDocumentError } from '../../adapters/src/firestore/stored-doc.js';
import { executeSignal } from '../../functions/src/execute/execute-signal.js';
import { resetRiskGateCache } from '../../functions/src/execute/risk-gate.js';
import { uniqueProjectId } from '../support/stack-harness.js';

/** Publishes for real and keeps what it published; `reconciliation.resolved` is schema-checked until topics.ts carries it. */
class RecordingBus extends BusPublisher {
  readonly sent: { type: string; eventId: string }[] = [];
  override async publish<T extends Topic>(topic: T, message: MessageOf<T>, orderingKey?: string): Promise<void> {
    this.sent.push({ type: message.type, eventId: message.eventId });
    if (topicSchemas[topic].safeParse(message).success) return super.publish(topic, message, orderingKey);
    ReconciliationResolved.parse(message);
  }
}

const BTC: MarketSpec = { exchange: 'paper', marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', pricePrecision: 1, amountPrecision: 3, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' };
/** No latency, 2 bps fixed slippage, no size impact: fills are worked by hand below. */
const MODEL = { latency: { signalToOrderMs: 0, orderToFillMs: 0 }, slippage: { fixedBps: 2, impactBps: 0 } };
/** Each test trades on its own UTC day, so its `portfolio/{day}` is its own. */
const day = (n: number): number => Date.UTC(2024, 0, n, 10, 0);

let tradeSeq = 0;
function signal(id: string, price: number, ts: number, side: 'long' | 'short' = 'long'): SignalGenerated {
  return {
    type: 'signal.generated',
    eventId: `evt-sig-${id}`,
    tsEvent: ts,
    tsInit: ts,
    correlationId: `corr-${id}`,
    causationId: `setup-${id}`,
    payload: { signalId: `sig-${id}`, setupEventId: `setup-${id}`, market: BTC, side, score: 7, strength: 'strong', explanation: [], reference: { tradeId: `ref-${id}`, ts, price }, triggerPublishedAt: ts, fillReference: null, trailingStopPct: 0.005, initialStopPct: null, maxHoldMs: 300_000 },
  };
}

function exitRequest(positionId: string, ts: number): ExitRequested {
  return { type: 'exit.requested', eventId: `evt-exit-${positionId}`, tsEvent: ts, tsInit: ts, correlationId: `corr-exit-${positionId}`, causationId: null, payload: { positionId, symbol: BTC.symbol, reason: 'trailing_stop', detail: 'test', values: {}, trigger: { tradeId: 't', ts, price: 50_500 }, fillReference: null } };
}

// One emulator project for the file: the strategy config store binds to the first Firestore it sees.
let app: App;
let d: Deps;
let bus: RecordingBus;
const clock = new ManualClock(day(2));

beforeAll(async () => {
  const projectId = uniqueProjectId('live');
  app = initializeApp({ projectId }, projectId);
  const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
  await pubsub.createTopic(Topic.TradingEvents);
  bus = new RecordingBus(pubsub);
  d = { db: getFirestore(app), bus, clock, log: () => undefined };
});
afterAll(async () => {
  if (app) await deleteApp(app);
});

describe('live execution against the paper venue port: exactly one order per signal', () => {

  /**
   * A venue whose market answers every accepted order with a trade at `market.price` (null: nobody
   * trades). Without `stops` it cannot rest a reduce-only stop, so the counts below are entries only.
   */
  function venue(id: string, stops = false) {
    const v = new PaperVenuePort({ id, clock, markets: [BTC], balance: { currency: 'USDT', amount: '10000' }, model: MODEL, capabilities: { reduceOnlyStop: stops } });
    const market = { price: 50_000 as number | null };
    // The venue's current price, for the fat-finger check (issue 11 #8): the market trades at 50000.
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_000, amount: 1, side: 'buy', sideInferred: false });
    v.onAccepted((o) => {
      if (market.price !== null) v.trade(o.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: market.price, amount: 1, side: 'buy', sideInferred: false });
    });
    return { v, market };
  }

  it('places, records order + position + slot + events in hand-worked amounts, and a duplicate signal only re-announces', async () => {
    clock.set(day(2));
    const { v } = venue('paper', true);
    const sig = signal('a', 50_000, clock.now());
    const cid = entryClientOrderId('sig-a');
    const out = await executeLiveSignal(sig, d, v);
    expect(out.status).toBe('filled');
    // Sizing (defaults): equity 10000, 3×, stop 0.5 %. Risk cap 10000 × 2 % / (0.005 × 50000) = 0.8;
    // per-position margin cap 10000 × 10 % × 3 / 50000 = 0.06; buffer 5000 × 3 / 50000 = 0.3;
    // balance 30000 / (50000 × 1.0012) = 0.599 → 0.06. Fill 50000 × 1.0002 = 50010; fee 3000.6 × 0.0004 = 1.20024.
    const order = (await d.db.doc(`orders/${cid}`).get()).data();
    expect(order).toMatchObject({ status: 'filled', intent: 'open', signalId: 'sig-a', price: '50010', amount: '0.06', fee: '1.20024', venueId: 'paper', placeAttempts: 1 });
    const pos = (await d.db.doc(`active_positions/${cid}`).get()).data();
    // Margin 3000.6 / 3 = 1000.2; initial stop 50010 × 0.995 = 49759.95 → up to the tick 49760.
    // The exchange-held stop rests there, placed before the fill was recorded (issue 11 #1).
    expect(pos).toMatchObject({ side: 'long', entryPrice: '50010', amount: '0.06', entryFee: '1.20024', margin: '1000.2', initialStopPrice: '49760', origin: 'signal' });
    expect(pos?.protectiveStop).toMatchObject({ status: 'resting', mode: 'reduce_only', stopPrice: '49760' });
    const stopId = String((pos?.protectiveStop as { clientOrderId: string }).clientOrderId);
    expect(await v.fetchOrderByClientId(BTC.symbol, stopId)).toMatchObject({ type: 'stop', side: 'sell', amount: '0.06', reduceOnly: true, status: 'open' });
    expect((await slotRef(d.db, 'paper', BTC.symbol).get()).data()).toMatchObject({ holder: cid, state: 'open' });
    expect(await v.fetchPositions()).toMatchObject([{ side: 'long', amount: '0.06', entryPrice: '50010', leverage: 3 }]);
    const sentBefore = bus.sent.length;
    const firstEvents = bus.sent.map((e) => e.eventId);
    expect(bus.sent.map((e) => e.type)).toEqual(['order.filled', 'position.opened']);

    const again = await executeLiveSignal(sig, d, v);
    expect(again.status).toBe('filled');
    // The entry and its stop: nothing placed again.
    expect(v.orderCount()).toBe(2);
    expect(v.createOrderCalls).toBe(2);
    expect(bus.sent.slice(sentBefore).map((e) => e.eventId)).toEqual(firstEvents);
    expect((await d.db.collection('orders').where('signalId', '==', 'sig-a').get()).size).toBe(1);
  });

  it('two deliveries of one signal at once place one order', async () => {
    clock.set(day(3));
    const { v } = venue('paper-concurrent');
    const sig = signal('b', 50_000, clock.now());
    const results = await Promise.allSettled([executeLiveSignal(sig, d, v), executeLiveSignal(sig, d, v)]);
    // The loser either found it recorded or found it `submitting` inside the window and asked for a retry.
    // On a loaded machine the emulator may instead end the loser's contended transaction (ABORTED after its
    // retries, or INVALID_ARGUMENT "Transaction is invalid or closed" once its lock timed out): a thrown
    // handler that Pub/Sub redelivers, like a retry. Either way one order, and the redelivery below fills.
    const contended = (e: unknown) => e instanceof RecoveryPendingError || (/\b(3|10) (INVALID_ARGUMENT|ABORTED)\b/.test(String((e as Error).message)) && /Transaction/.test(String((e as Error).message)));
    for (const r of results) if (r.status === 'rejected') expect(contended(r.reason), String(r.reason)).toBe(true);
    const retried = await executeLiveSignal(sig, d, v);
    expect(retried.status).toBe('filled');
    expect(v.orderCount()).toBe(1);
    expect((await d.db.collection('orders').where('signalId', '==', 'sig-b').get()).size).toBe(1);
    expect((await d.db.collection('active_positions').where('venueId', '==', 'paper-concurrent').get()).size).toBe(1);
  });

  it('a crash between placing and recording is recovered by client order id: one order', async () => {
    clock.set(day(4));
    const { v } = venue('paper-crash');
    const sig = signal('c', 50_000, clock.now());
    const cid = entryClientOrderId('sig-c');
    await expect(executeLiveSignal(sig, d, v, { hooks: { afterPlace: () => { throw new Error('process killed after placing'); } } })).rejects.toThrow('process killed after placing');
    expect((await d.db.doc(`orders/${cid}`).get()).get('status')).toBe('submitting');
    expect((await d.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
    expect(v.orderCount()).toBe(1);

    // Pub/Sub redelivers: the venue has it under the client order id, so it is recorded, not placed again.
    const out = await executeLiveSignal(sig, d, v);
    expect(out.status).toBe('filled');
    expect(v.orderCount()).toBe(1);
    expect(v.createOrderCalls).toBe(1);
    expect((await d.db.doc(`active_positions/${cid}`).get()).data()).toMatchObject({ amount: '0.06', entryPrice: '50010' });
  });

  it('a timeout on placement whose order reached the venue: recorded from the venue, one order', async () => {
    clock.set(day(5));
    const { v } = venue('paper-timeout');
    v.injectFault({ at: 'after_accept', error: new ccxt.RequestTimeout('paper POST /fapi/v1/order timed out (10000 ms)') });
    const sig = signal('d', 50_000, clock.now());
    const out = await executeLiveSignal(sig, d, v);
    expect(out.status).toBe('filled');
    await executeLiveSignal(sig, d, v);
    expect(v.orderCount()).toBe(1);
    expect(v.createOrderCalls).toBe(1);
    expect((await d.db.doc(`orders/${entryClientOrderId('sig-d')}`).get()).get('amount')).toBe('0.06');
  });

  it('a timeout whose order never arrived is placed again under the same id only after the safety window', async () => {
    clock.set(day(6));
    const { v } = venue('paper-lost');
    v.injectFault({ at: 'before_accept', error: new ccxt.RequestTimeout('paper POST /fapi/v1/order timed out (10000 ms)') });
    const sig = signal('e', 50_000, clock.now());
    const cid = entryClientOrderId('sig-e');
    await expect(executeLiveSignal(sig, d, v)).rejects.toBeInstanceOf(RecoveryPendingError);
    expect(v.orderCount()).toBe(0);
    clock.advance(10_000); // a redelivery inside the window: the request might still arrive
    await expect(executeLiveSignal(sig, d, v)).rejects.toBeInstanceOf(RecoveryPendingError);
    expect(v.createOrderCalls).toBe(1);
    clock.advance(50_000); // 60 s after the attempt: still inside the window (retry budget 60 s + function timeout 60 s + recvWindow 10 s)
    await expect(executeLiveSignal(sig, d, v)).rejects.toBeInstanceOf(RecoveryPendingError);
    expect(v.createOrderCalls).toBe(1);
    clock.advance(70_000); // 130 s after the attempt
    const out = await executeLiveSignal(sig, d, v);
    expect(out.status).toBe('filled');
    expect(v.orderCount()).toBe(1);
    expect(v.createOrderCalls).toBe(2);
    expect((await v.fetchOrderByClientId(BTC.symbol, cid))?.status).toBe('closed');
    expect((await d.db.doc(`orders/${cid}`).get()).get('placeAttempts')).toBe(2);
  });

  it('an entry the venue never received is refused, not placed, once it is stale', async () => {
    clock.set(day(9));
    const { v } = venue('paper-stale');
    v.injectFault({ at: 'before_accept', error: new ccxt.NetworkError('paper ECONNRESET') });
    const sig = signal('h', 50_000, clock.now());
    await expect(executeLiveSignal(sig, d, v)).rejects.toBeInstanceOf(RecoveryPendingError);
    clock.advance(600_000); // found only by the reconciliation job, ten minutes later
    const out = await executeLiveSignal(sig, d, v);
    expect(out.status).toBe('rejected');
    expect((await d.db.doc(`orders/${entryClientOrderId('sig-h')}`).get()).data()).toMatchObject({ status: 'rejected', handler: 'venue' });
    expect(v.orderCount()).toBe(0);
    expect(v.createOrderCalls).toBe(1);
    expect((await slotRef(d.db, 'paper-stale', BTC.symbol).get()).exists).toBe(false);
  });

  it('a venue refusal is recorded as rejected by `venue` and frees the symbol', async () => {
    clock.set(day(7));
    const { v } = venue('paper-refuse');
    v.injectFault({ at: 'before_accept', error: new ccxt.InsufficientFunds('paper Account has insufficient balance for requested action.') });
    const out = await executeLiveSignal(signal('f', 50_000, clock.now()), d, v);
    expect(out.status).toBe('rejected');
    const order = (await d.db.doc(`orders/${entryClientOrderId('sig-f')}`).get()).data();
    expect(order).toMatchObject({ status: 'rejected', handler: 'venue' });
    expect(String(order?.reason)).toContain('InsufficientFunds');
    expect((await slotRef(d.db, 'paper-refuse', BTC.symbol).get()).exists).toBe(false);
    expect(v.orderCount()).toBe(0);
  });

  it('a market order the venue has not filled yet is recorded open, then filled when asked again', async () => {
    clock.set(day(8));
    const { v, market } = venue('paper-slow');
    market.price = null;
    const sig = signal('g', 50_000, clock.now());
    const cid = entryClientOrderId('sig-g');
    expect((await executeLiveSignal(sig, d, v, { settle: { attempts: 0, intervalMs: 0 } })).status).toBe('open');
    expect((await d.db.doc(`orders/${cid}`).get()).get('status')).toBe('open');
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now() + 5, price: 50_100, amount: 1, side: 'buy', sideInferred: false });
    expect((await executeLiveSignal(sig, d, v)).status).toBe('filled');
    // 50100 × 1.0002 = 50110.02 → up to the tick 50110.1.
    expect((await d.db.doc(`active_positions/${cid}`).get()).get('entryPrice')).toBe('50110.1');
    expect(v.orderCount()).toBe(1);
  });
});

describe('live exits', () => {

  /** An open 0.06 BTC long at 50010 with a resting reduce-only stop at 49760, recorded as the stop worker would. */
  async function openWithStop(id: string) {
    const v = new PaperVenuePort({ id, clock, markets: [BTC], balance: { currency: 'USDT', amount: '10000' }, model: MODEL });
    const market = { price: 50_000 };
    // The venue's current price, for the fat-finger check (issue 11 #8): the market trades at 50000.
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_000, amount: 1, side: 'buy', sideInferred: false });
    v.onAccepted((o) => v.trade(o.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: market.price, amount: 1, side: 'buy', sideInferred: false }));
    const positionId = entryClientOrderId(`sig-${id}`);
    expect((await executeLiveSignal(signal(id, 50_000, clock.now()), d, v)).status).toBe('filled');
    // The entry placed its reduce-only stop at 49760 itself (issue 11 #1).
    const stop = (await d.db.doc(`active_positions/${positionId}`).get()).get('protectiveStop') as { clientOrderId: string; stopPrice: string };
    expect(stop.stopPrice).toBe('49760');
    return { v, market, positionId, stopId: stop.clientOrderId };
  }

  it('closes once, books exact P&L, cancels the resting stop and frees the slot', async () => {
    clock.set(day(12));
    const { v, market, positionId, stopId } = await openWithStop('x1');
    market.price = 50_500;
    clock.advance(60_000);
    const out = await executeLiveExit(exitRequest(positionId, clock.now()), d, v);
    expect(out.status).toBe('filled');
    // Exit 50500 × 0.9998 = 50489.9. Gross (50489.9 − 50010) × 0.06 = 28.794; exit fee 3029.394 × 0.0004 = 1.2117576;
    // fees 1.20024 + 1.2117576 = 2.4119976; net 26.3820024 = 0.879224 % of 3000.6.
    const hist = (await d.db.doc(`trade_history/${positionId}`).get()).data();
    expect(hist).toMatchObject({ exitPrice: '50489.9', amount: '0.06', fees: '2.4119976', pnl: '26.3820024', pnlPct: 0.879224, reason: 'trailing_stop', exitOrderId: exitClientOrderId(positionId) });
    expect((await d.db.doc(`portfolio/2024-01-12`).get()).get('realizedPnl')).toBe('26.3820024');
    expect((await d.db.doc(`active_positions/${positionId}`).get()).exists).toBe(false);
    expect((await slotRef(d.db, 'x1', BTC.symbol).get()).exists).toBe(false);
    expect((await v.fetchOrderByClientId(BTC.symbol, stopId))?.status).toBe('canceled');
    expect((await d.db.doc(`orders/${exitClientOrderId(positionId)}`).get()).get('protectiveStopCancel')).toBe('canceled');
    expect(await v.fetchPositions()).toEqual([]);

    const calls = v.createOrderCalls;
    expect((await executeLiveExit(exitRequest(positionId, clock.now()), d, v)).status).toBe('filled');
    expect(v.createOrderCalls).toBe(calls);
  });

  it('a crash after placing the close is recovered: one closing order', async () => {
    clock.set(day(13));
    const { v, market, positionId } = await openWithStop('x2');
    market.price = 50_500;
    const before = v.orderCount();
    const calls = v.createOrderCalls;
    await expect(executeLiveExit(exitRequest(positionId, clock.now()), d, v, { hooks: { afterPlace: () => { throw new Error('killed'); } } })).rejects.toThrow('killed');
    expect((await executeLiveExit(exitRequest(positionId, clock.now()), d, v)).status).toBe('filled');
    expect(v.orderCount()).toBe(before + 1);
    expect(v.createOrderCalls).toBe(calls + 1);
    expect((await d.db.doc(`trade_history/${positionId}`).get()).get('pnl')).toBe('26.3820024');
  });

  it('when the protective stop closed the position first, the close is booked at the stop fill', async () => {
    clock.set(day(14));
    const { v, market, positionId, stopId } = await openWithStop('x3');
    clock.advance(1_000);
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 49_700, amount: 1, side: 'sell', sideInferred: false });
    market.price = 49_700;
    const out = await executeLiveExit(exitRequest(positionId, clock.now()), d, v);
    expect(out.status).toBe('rejected');
    // Stop fill 49700 × 0.9998 = 49690.06 → down to the tick 49690. Gross (49690 − 50010) × 0.06 = −19.2;
    // stop fee 2981.4 × 0.0004 = 1.19256; fees 2.3928; net −21.5928 = −0.719616 % of 3000.6.
    expect((await d.db.doc(`trade_history/${positionId}`).get()).data()).toMatchObject({ exitPrice: '49690', pnl: '-21.5928', pnlPct: -0.719616, reason: 'protective_stop', exitOrderId: stopId });
    expect((await d.db.doc(`active_positions/${positionId}`).get()).exists).toBe(false);
    expect(await v.fetchPositions()).toEqual([]);
  });

  /** `v` with `hook` run before each stop placement reaches it: what another function instance does meanwhile. */
  function beforeStops(v: PaperVenuePort, hook: () => Promise<void>): VenuePort {
    return new Proxy(v, {
      get(target, key) {
        if (key === 'createOrder') {
          return async (req: VenueOrderRequest) => {
            if (req.type === 'stop') await hook();
            return target.createOrder(req);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('a trail whose new stop lands after the close filled withdraws it: no stop rests for a closed position', async () => {
    clock.set(day(15));
    const { v, market, positionId, stopId } = await openWithStop('x4');
    // The stop moves at most once per 5 s, toward a trail ≥ 5 ticks tighter: 6 s on, the market at 50500.
    clock.advance(6_000);
    market.price = 50_500;
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_500, amount: 1, side: 'buy', sideInferred: false });
    // The close runs to the end while the trail's placement is on its way (another instance, no lock between them).
    let closed = false;
    const racing = beforeStops(v, async () => {
      if (closed) return;
      closed = true;
      expect((await executeLiveExit(exitRequest(positionId, clock.now()), d, v)).status).toBe('filled');
    });
    expect(await trailProtectiveStop(d, racing, positionId, '50200', '50500')).toBeNull();
    expect(closed).toBe(true);
    // The trail's stop (placement 1) reached the venue after the position was gone: withdrawn, like the entry's.
    const trailed = await v.fetchOrderByClientId(BTC.symbol, protectiveStopClientId(positionId, 1));
    expect(trailed).toMatchObject({ type: 'stop', stopPrice: '50200', status: 'canceled' });
    expect((await v.fetchOrderByClientId(BTC.symbol, stopId))?.status).toBe('canceled');
    expect(await v.fetchOpenOrders(BTC.symbol)).toEqual([]);
    expect((await d.db.doc(`active_positions/${positionId}`).get()).exists).toBe(false);
  });

  it('a trail whose record another writer changed meanwhile keeps its level and that writer\'s stop as an orphan, so no stop rests unrecorded', async () => {
    clock.set(day(17));
    const { v, market, positionId, stopId } = await openWithStop('x6');
    clock.advance(6_000);
    market.price = 50_500;
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_500, amount: 1, side: 'buy', sideInferred: false });
    const posRef = d.db.doc(`active_positions/${positionId}`);
    // While the trail's placement is on its way, another writer (reconciliation re-placing, a second
    // trail) records a stop of its own on the position.
    let wrote = false;
    const racing = beforeStops(v, async () => {
      if (wrote) return;
      wrote = true;
      const current = (await posRef.get()).get('protectiveStop') as Record<string, unknown>;
      await posRef.update({ protectiveStop: { ...current, clientOrderId: 'cs-other-writer', stopPrice: '49800' } });
    });
    const r = await trailProtectiveStop(d, racing, positionId, '50200', '50500');
    const trailed = protectiveStopClientId(positionId, 1);
    expect(r).toMatchObject({ clientOrderId: trailed, stopPrice: '50200' });
    const stored = (await posRef.get()).get('protectiveStop') as { clientOrderId: string; stopPrice: string; orphans: string[] };
    // The newest level stands; the other writer's stop is kept to be swept; the entry's stop (which the
    // trail itself replaced and cancelled) is not listed again.
    expect(stored).toMatchObject({ clientOrderId: trailed, stopPrice: '50200' });
    expect(stored.orphans).toEqual(['cs-other-writer']);
    expect((await v.fetchOrderByClientId(BTC.symbol, stopId))?.status).toBe('canceled');
  });

  it("the close cancels the stop a trail placed but never recorded (its process died), by the record's next placement id", async () => {
    clock.set(day(16));
    const { v, market, positionId, stopId } = await openWithStop('x5');
    clock.advance(6_000);
    market.price = 50_500;
    // What a trail leaves when it dies between its placement and its write: placement 1 resting, the record still at 0.
    const orphan = protectiveStopClientId(positionId, 1);
    await v.createOrder({ clientOrderId: orphan, symbol: BTC.symbol, side: 'sell', type: 'stop', amount: '0.06', stopPrice: '50200', reduceOnly: true });
    expect((await d.db.doc(`active_positions/${positionId}`).get()).get('protectiveStop')).toMatchObject({ clientOrderId: stopId, placements: 1 });
    expect((await executeLiveExit(exitRequest(positionId, clock.now()), d, v)).status).toBe('filled');
    expect((await v.fetchOrderByClientId(BTC.symbol, orphan))?.status).toBe('canceled');
    expect((await v.fetchOrderByClientId(BTC.symbol, stopId))?.status).toBe('canceled');
    expect(await v.fetchOpenOrders(BTC.symbol)).toEqual([]);
  });
});

/** The error a read of a corrupted document must throw: its path and the bad field, nothing silently defaulted. */
async function refusedAs(p: Promise<unknown>): Promise<StoredDocumentError> {
  const err: unknown = await p.then(
    () => new Error('expected the corrupted document to be refused'),
    (e: unknown) => e,
  );
  if (!(err instanceof StoredDocumentError)) throw err;
  return err;
}

describe('corrupted documents are refused by path and field, never read as a wrong value', () => {
  function venue(id: string) {
    const v = new PaperVenuePort({ id, clock, markets: [BTC], balance: { currency: 'USDT', amount: '10000' }, model: MODEL });
    v.onAccepted((o) => v.trade(o.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_000, amount: 1, side: 'buy', sideInferred: false }));
    // The venue's current price, for the fat-finger check (issue 11 #8): the market trades at 50000.
    v.trade(BTC.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: 50_000, amount: 1, side: 'buy', sideInferred: false });
    return v;
  }

  it('an order document whose amount is a number: recovery stops at it and places nothing', async () => {
    clock.set(day(20));
    const v = venue('paper-bad-order');
    const sig = signal('bad-order', 50_000, clock.now());
    const cid = entryClientOrderId('sig-bad-order');
    await expect(executeLiveSignal(sig, d, v, { hooks: { afterPlace: () => { throw new Error('killed'); } } })).rejects.toThrow('killed');
    // A hand edit (or a writer bug) stores the amount as a number: recovery must not place or record from it.
    await d.db.doc(`orders/${cid}`).update({ 'request.amount': 0.06 });
    const err = await refusedAs(executeLiveSignal(sig, d, v));
    expect(err.path).toBe(`orders/${cid}`);
    expect(err.fields).toEqual(['request.amount']);
    expect(err.message).toContain(`orders/${cid}`);
    expect(v.createOrderCalls).toBe(1);
    expect((await d.db.doc(`orders/${cid}`).get()).get('status')).toBe('submitting');
    expect((await d.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
  });

  it('an order document with an unknown status is not taken for a settled one', async () => {
    clock.set(day(21));
    const v = venue('paper-bad-status');
    const sig = signal('bad-status', 50_000, clock.now());
    const cid = entryClientOrderId('sig-bad-status');
    expect((await executeLiveSignal(sig, d, v)).status).toBe('filled');
    await d.db.doc(`orders/${cid}`).update({ status: 'done' });
    const sent = bus.sent.length;
    const err = await refusedAs(executeLiveSignal(sig, d, v));
    expect([err.path, err.fields]).toEqual([`orders/${cid}`, ['status']]);
    expect(bus.sent.length).toBe(sent);
  });

  it('an active position whose entry price is a number: the exit writes nothing and places nothing', async () => {
    clock.set(day(22));
    const v = venue('paper-bad-position');
    const positionId = entryClientOrderId('sig-bad-position');
    expect((await executeLiveSignal(signal('bad-position', 50_000, clock.now()), d, v)).status).toBe('filled');
    await d.db.doc(`active_positions/${positionId}`).update({ entryPrice: 50_010 });
    const calls = v.createOrderCalls;
    const err = await refusedAs(executeLiveExit(exitRequest(positionId, clock.now()), d, v));
    expect([err.path, err.fields]).toEqual([`active_positions/${positionId}`, ['entryPrice']]);
    expect(v.createOrderCalls).toBe(calls);
    expect((await d.db.doc(`orders/${exitClientOrderId(positionId)}`).get()).exists).toBe(false);
    expect((await d.db.doc(`active_positions/${positionId}`).get()).get('entryPrice')).toBe(50_010);
  });

  it('a paper account whose cash is a number: the paper execute handler fails the message and writes nothing', async () => {
    clock.set(day(23));
    const market: MarketSpec = { ...BTC, exchange: 'corrupt' };
    const account = d.db.doc('paper_accounts/corrupt:USDT');
    await account.set({ currency: 'USDT', startingEquity: '10000', cash: 10_000, realizedPnl: '0', positions: {} });
    // A fresh risk state, so the fail-closed risk gate (issue 11 #2) lets the entry reach the account.
    await d.db.doc('risk_state/current').set({ ...RiskStateSchema.parse(JSON.parse(JSON.stringify(new PortfolioRiskManager(clock).state(clock.now())))), writtenAt: clock.now() });
    resetRiskGateCache();
    const sig = signal('bad-account', 50_000, clock.now());
    const paperSig: SignalGenerated = { ...sig, payload: { ...sig.payload, market } };
    const err = await refusedAs(executeSignal(paperSig, d));
    expect([err.path, err.fields]).toEqual(['paper_accounts/corrupt:USDT', ['cash']]);
    expect((await d.db.doc(`orders/${entryClientOrderId('sig-bad-account')}`).get()).exists).toBe(false);
    expect((await account.get()).get('cash')).toBe(10_000);
  });

  it('a portfolio day whose realised P&L is a number: the close that would add to it is refused whole', async () => {
    clock.set(day(24));
    const v = venue('paper-bad-day');
    const positionId = entryClientOrderId('sig-bad-day');
    expect((await executeLiveSignal(signal('bad-day', 50_000, clock.now()), d, v)).status).toBe('filled');
    await d.db.doc('portfolio/2024-01-24').set({ day: '2024-01-24', realizedPnl: 12.5, fees: '1', trades: 1, wins: 1, updatedAt: 0 });
    const err = await refusedAs(executeLiveExit(exitRequest(positionId, clock.now()), d, v));
    expect([err.path, err.fields]).toEqual(['portfolio/2024-01-24', ['realizedPnl']]);
    expect((await d.db.doc(`active_positions/${positionId}`).get()).exists).toBe(true);
    expect((await d.db.doc(`trade_history/${positionId}`).get()).exists).toBe(false);
  });
});
