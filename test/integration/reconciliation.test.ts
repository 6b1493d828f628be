import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { type MarketSpec, type MessageOf, type SignalGenerated, type VenuePosition, ManualClock, Topic, entryClientOrderId, topicSchemas } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { PaperVenuePort } from '../fakes/paper-venue/paper-venue-port.js';
import { type LivePositionDoc, executeLiveSignal, reconcile, slotRef } from '../../adapters/src/execution/index.js';
import { ReconciliationResolved } from '../../adapters/src/execution/reconciliation-event.js';
import { protectiveStopClientId } from '../../adapters/src/venues/ccxt/protective-stop.js';
import { reconciliationJob } from '../../functions/src/jobs/reconcile-job.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { uniqueProjectId } from '../support/stack-harness.js';

interface Sent {
  readonly type: string;
  readonly eventId: string;
  readonly payload: Record<string, unknown>;
}

/** Publishes for real and keeps what it published; `reconciliation.resolved` is schema-checked until topics.ts carries it. */
class RecordingBus extends BusPublisher {
  readonly sent: Sent[] = [];
  override async publish<T extends Topic>(topic: T, message: MessageOf<T>, orderingKey?: string): Promise<void> {
    this.sent.push(message as unknown as Sent);
    if (topicSchemas[topic].safeParse(message).success) return super.publish(topic, message, orderingKey);
    ReconciliationResolved.parse(message);
  }
}

const perp = (base: string, pricePrecision: number, amountPrecision: number): MarketSpec => ({ exchange: 'paper', marketType: 'perp', symbol: `${base}/USDT:USDT`, base, quote: 'USDT', pricePrecision, amountPrecision, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' });
const BTC = perp('BTC', 1, 3);
const ETH = perp('ETH', 2, 3);
const SOL = perp('SOL', 2, 3);
const XRP = perp('XRP', 4, 1);
/** No latency, 2 bps fixed slippage, no size impact: fills are worked by hand below. */
const MODEL = { latency: { signalToOrderMs: 0, orderToFillMs: 0 }, slippage: { fixedBps: 2, impactBps: 0 } };
const T0 = Date.UTC(2024, 1, 5, 9, 0);

let tradeSeq = 0;
function signal(id: string, market: MarketSpec, price: number, ts: number): SignalGenerated {
  return {
    type: 'signal.generated',
    eventId: `evt-sig-${id}`,
    tsEvent: ts,
    tsInit: ts,
    correlationId: `corr-${id}`,
    causationId: `setup-${id}`,
    payload: { signalId: `sig-${id}`, setupEventId: `setup-${id}`, market, side: 'long', score: 7, strength: 'strong', explanation: [], reference: { tradeId: `ref-${id}`, ts, price }, triggerPublishedAt: ts, fillReference: null, trailingStopPct: 0.005, initialStopPct: null, maxHoldMs: 300_000 },
  };
}

let app: App;
let d: Deps;
let bus: RecordingBus;
const clock = new ManualClock(T0);

beforeAll(async () => {
  const projectId = uniqueProjectId('recon');
  app = initializeApp({ projectId }, projectId);
  const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
  await pubsub.createTopic(Topic.TradingEvents);
  bus = new RecordingBus(pubsub);
  d = { db: getFirestore(app), bus, clock, log: () => undefined };
});
afterAll(async () => {
  if (app) await deleteApp(app);
});

/** A paper venue whose market answers each accepted order with a trade at that symbol's current price. */
function venue(id: string) {
  const v = new PaperVenuePort({ id, clock, markets: [BTC, ETH, SOL, XRP], balance: { currency: 'USDT', amount: '10000' }, model: MODEL });
  const prices: Record<string, number> = { [BTC.symbol]: 50_000, [ETH.symbol]: 2_500, [SOL.symbol]: 100, [XRP.symbol]: 0.5 };
  v.onAccepted((o) => v.trade(o.symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price: prices[o.symbol] as number, amount: 1, side: 'buy', sideInferred: false }));
  // Each market's current price, for the entries' fat-finger check against the venue (issue 11 #8).
  for (const [symbol, price] of Object.entries(prices)) v.trade(symbol, { id: `t${++tradeSeq}`, ts: clock.now(), price, amount: 1, side: 'buy', sideInferred: false });
  /**
   * Stand-in for the protective-stop worker: a reduce-only stop at the position's initial stop for
   * its whole amount, replaced (cancel + new id) when the position is resized.
   */
  const protect = async (p: LivePositionDoc): Promise<void> => {
    const ref = d.db.doc(`active_positions/${p.positionId}`);
    const prev = (await ref.get()).get('protectiveStop') as { clientOrderId?: string; version?: number } | string;
    const version = typeof prev === 'object' ? (prev.version ?? 0) + 1 : 1;
    if (typeof prev === 'object' && prev.clientOrderId) await v.cancelOrder(p.symbol, prev.clientOrderId);
    const clientOrderId = `cx-stop-${p.positionId.slice(3, 13)}-${version}`;
    await v.createOrder({ clientOrderId, symbol: p.symbol, side: p.side === 'long' ? 'sell' : 'buy', type: 'stop', amount: p.amount, stopPrice: p.initialStopPrice ?? p.entryPrice, reduceOnly: true });
    await ref.update({ protectiveStop: { clientOrderId, triggerPrice: p.initialStopPrice, amount: p.amount, version } });
  };
  /** Someone trading on the venue behind our back (the operator in the venue's app). */
  const operator = (id: string, m: MarketSpec, side: 'buy' | 'sell', amount: string, price: number, reduceOnly = false) => {
    prices[m.symbol] = price;
    return v.createOrder({ clientOrderId: `manual-${id}`, symbol: m.symbol, side, type: 'market', amount, ...(reduceOnly ? { reduceOnly } : {}) });
  };
  return { v, protect, operator, prices };
}

describe('reconciliation against the venue (§12.2)', () => {
  it('resolves a close on the venue, an unknown position, a quantity mismatch and a stale submit, once', async () => {
    const { v, protect, operator } = venue('paper');
    const opts = { protect, fetchFills: async (symbol: string, since: number) => v.fillsSince(symbol, since) };
    const btc = entryClientOrderId('sig-btc');
    const eth = entryClientOrderId('sig-eth');
    const xrp = entryClientOrderId('sig-xrp');
    expect((await executeLiveSignal(signal('btc', BTC, 50_000, clock.now()), d, v, opts)).status).toBe('filled');
    // BTC: 0.06 @ 50010, fee 1.20024 (see live-execution.test.ts). ETH, sized after it: equity 10000 − 1.20024 +
    // (50000 − 50010) × 0.06 = 9998.19976; per-position margin cap 9998.19976 × 10 % × 3 / 2500 = 1.1997… → 1.199
    // (risk 15.997, buffer 4.798, balance 10.785 are all larger). Fill 2500 × 1.0002 = 2500.5; fee 2998.0995 × 0.0004 = 1.1992398.
    expect((await executeLiveSignal(signal('eth', ETH, 2_500, clock.now()), d, v, opts)).status).toBe('filled');
    expect((await d.db.doc(`active_positions/${eth}`).get()).data()).toMatchObject({ amount: '1.199', entryPrice: '2500.5', entryFee: '1.1992398', margin: '999.3665' });
    // XRP: the process dies between placing and recording.
    await expect(executeLiveSignal(signal('xrp', XRP, 0.5, clock.now()), d, v, { ...opts, hooks: { afterPlace: () => { throw new Error('killed'); } } })).rejects.toThrow('killed');

    clock.advance(30_000);
    // Behind our back: ETH closed at 2600 (fill 2600 × 0.9998 = 2599.48), 0.02 BTC sold, 10 SOL shorted at 100 (fill 99.98).
    await operator('eth', ETH, 'sell', '1.199', 2_600, true);
    await operator('btc', BTC, 'sell', '0.02', 50_000, true);
    await operator('sol', SOL, 'sell', '10', 100);

    // Inside the XRP order's safety window its symbol is not compared: its venue position is not adopted.
    const early = await reconcile(d, v, clock.now(), opts);
    expect(early.skipped).toEqual([XRP.symbol]);
    expect(early.resolved.map((r) => r.kind).sort()).toEqual(['adopted', 'closed_on_venue', 'quantity_mismatch', 'stale_stop_canceled']);
    expect(early.failures).toEqual([]);

    // ETH closed on the venue, priced from the operator's fill: gross (2599.48 − 2500.5) × 1.199 = 118.67702;
    // exit fee 3116.77652 × 0.0004 = 1.246710608; fees 1.1992398 + 1.246710608 = 2.445950408;
    // net 116.231069592 = 3.876825 % of 2998.0995.
    expect((await d.db.doc(`active_positions/${eth}`).get()).exists).toBe(false);
    expect((await d.db.doc(`trade_history/${eth}`).get()).data()).toMatchObject({ reason: 'reconciled_closed_on_venue', exitPrice: '2599.48', amount: '1.199', fees: '2.445950408', pnl: '116.231069592', pnlPct: 3.876825, exitOrderId: null });
    expect((await d.db.doc('portfolio/2024-02-05').get()).get('realizedPnl')).toBe('116.231069592');
    expect((await slotRef(d.db, 'paper', ETH.symbol).get()).exists).toBe(false);
    // Its protective stop was still resting: cancelled as stale.
    expect((await v.fetchOpenOrders(ETH.symbol))).toEqual([]);

    // BTC: the venue's 0.04 is the truth; margin 1000.2 × 0.04 / 0.06 = 666.8; its stop resized to 0.04.
    const btcPos = (await d.db.doc(`active_positions/${btc}`).get()).data();
    expect(btcPos).toMatchObject({ amount: '0.04', amountBefore: '0.06', margin: '666.8' });
    expect((await v.fetchOpenOrders(BTC.symbol)).map((o) => [o.clientOrderId, o.amount])).toEqual([[(btcPos?.protectiveStop as { clientOrderId: string }).clientOrderId, '0.04']]);

    // SOL adopted: short 10 @ 99.98, leverage 1 → margin 999.8; stop 99.98 × 1.005 = 100.4799 → down to 100.47;
    // max hold the default config's §2.2.5 scalping cap, 30 min = 1 800 000 ms.
    const sol = (await d.db.collection('active_positions').where('symbol', '==', SOL.symbol).get()).docs.map((s) => s.data());
    expect(sol).toHaveLength(1);
    expect(sol[0]).toMatchObject({ origin: 'reconciled_adopted', side: 'short', amount: '10', entryPrice: '99.98', margin: '999.8', entryFee: '0', initialStopPrice: '100.47', maxHoldMs: 1_800_000, signalId: null });
    expect((await v.fetchOpenOrders(SOL.symbol)).map((o) => [o.side, o.stopPrice, o.reduceOnly])).toEqual([['buy', '100.47', true]]);

    const resolvedEvents = bus.sent.filter((e) => e.type === 'reconciliation.resolved');
    expect(resolvedEvents.map((e) => [e.payload.kind, e.payload.reason]).sort()).toEqual([
      ['adopted', 'reconciled_adopted'],
      ['closed_on_venue', 'reconciled_closed_on_venue'],
      ['quantity_mismatch', 'reconciled_quantity_mismatch'],
      ['stale_stop_canceled', 'reconciled_stale_stop'],
    ]);
    expect(bus.sent.some((e) => e.type === 'position.closed' && e.payload.positionId === eth && e.payload.pnl === '116.231069592')).toBe(true);
    expect(bus.sent.some((e) => e.type === 'position.opened' && e.payload.symbol === SOL.symbol)).toBe(true);

    // Past the window the stale XRP submit is recovered from the venue: recorded, not placed again.
    clock.advance(100_000); // 130 s after the attempt: the window is retry budget 60 s + function timeout 60 s + recvWindow 10 s (issue 11 #9)
    const xrpOrders = v.orderCount(XRP.symbol);
    const late = await reconcile(d, v, clock.now(), opts);
    expect(late.resolved.map((r) => [r.kind, r.symbol])).toEqual([['order_recovered', XRP.symbol]]);
    const xrpPos = (await d.db.doc(`active_positions/${xrp}`).get()).data();
    const xrpVenue = (await v.fetchPositions([XRP.symbol]))[0] as VenuePosition;
    expect(xrpPos).toMatchObject({ amount: xrpVenue.amount, entryPrice: xrpVenue.entryPrice });
    // One entry order on the venue; the second XRP order is its protective stop, placed once the position was recorded.
    expect(v.orderCount(XRP.symbol)).toBe(xrpOrders + 1);
    expect((await d.db.doc(`orders/${xrp}`).get()).get('placeAttempts')).toBe(1);

    // A second run over the same state changes nothing.
    const snapshot = async () => ({
      positions: (await d.db.collection('active_positions').get()).docs.map((s) => [s.id, s.get('amount')]).sort(),
      reconciliations: (await d.db.collection('reconciliations').get()).size,
      history: (await d.db.collection('trade_history').get()).size,
      orders: v.orderCount(),
      calls: v.createOrderCalls,
      sent: bus.sent.length,
    });
    const before = await snapshot();
    expect(before.reconciliations).toBe(5);
    const again = await reconcile(d, v, clock.now() + 300_000, opts);
    expect(again.resolved).toEqual([]);
    expect(again.skipped).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("cancels the stops of ours no open position holds: a closed position's leftover beside the symbol's new position, and a sell-stop that is not reduce-only", async () => {
    const { v } = venue('paper-strays');
    // What a trail leaves when it places its stop after the close ran and dies before withdrawing it:
    // placement 3 of a position that is gone, resting on a symbol where a new position then opens.
    const leftover = protectiveStopClientId(entryClientOrderId('sig-btc-gone'), 3);
    await v.createOrder({ clientOrderId: leftover, symbol: BTC.symbol, side: 'sell', type: 'stop', amount: '0.06', stopPrice: '49000', reduceOnly: true });
    const btc = entryClientOrderId('sig-btc-new');
    expect((await executeLiveSignal(signal('btc-new', BTC, 50_000, clock.now()), d, v)).status).toBe('filled');
    const own = ((await d.db.doc(`active_positions/${btc}`).get()).get('protectiveStop') as { clientOrderId: string }).clientOrderId;
    expect(own.startsWith('cs-')).toBe(true);
    // A sell-stop as a spot account holds one (a spot venue has no reduce-only), its position gone.
    const spotStyle = protectiveStopClientId(entryClientOrderId('sig-eth-gone'), 1);
    await v.createOrder({ clientOrderId: spotStyle, symbol: ETH.symbol, side: 'sell', type: 'stop', amount: '1', stopPrice: '2400' });

    const r = await reconcile(d, v, clock.now());
    expect(r.failures).toEqual([]);
    expect(r.resolved.map((x) => [x.kind, x.symbol]).sort()).toEqual([
      ['stale_stop_canceled', BTC.symbol],
      ['stale_stop_canceled', ETH.symbol],
    ]);
    // The new position's own stop stays; both strays are cancelled.
    expect((await v.fetchOpenOrders(BTC.symbol)).map((o) => o.clientOrderId)).toEqual([own]);
    expect((await v.fetchOrderByClientId(BTC.symbol, leftover))?.status).toBe('canceled');
    expect(await v.fetchOpenOrders(ETH.symbol)).toEqual([]);
    const actions = (await d.db.collection('reconciliations').where('venueId', '==', 'paper-strays').get()).docs.map((x) => x.get('action') as string).sort();
    expect(actions).toEqual([
      `cancelled reduce-only sell stop 0.06 @ 49000: no open position of ours on ${BTC.symbol} holds it`,
      `cancelled sell stop 1 @ 2400: no position of ours on ${ETH.symbol}`,
    ]);
    // A second run finds nothing to do.
    expect((await reconcile(d, v, clock.now() + 60_000)).resolved).toEqual([]);

    // A stop the venue listed but no longer has when it is cancelled (it filled, or a trail replacing it
    // cancelled it between the two reads): nothing to do, no failure, nothing recorded.
    const gone = protectiveStopClientId(entryClientOrderId('sig-eth-gone'), 2);
    await v.createOrder({ clientOrderId: gone, symbol: ETH.symbol, side: 'sell', type: 'stop', amount: '1', stopPrice: '2400' });
    const listed = await v.fetchOpenOrders();
    await v.cancelOrder(ETH.symbol, gone);
    const fetchOpenOrders = v.fetchOpenOrders.bind(v);
    v.fetchOpenOrders = async () => listed;
    const late = await reconcile(d, v, clock.now() + 120_000);
    v.fetchOpenOrders = fetchOpenOrders;
    expect(late.failures).toEqual([]);
    expect(late.resolved).toEqual([]);
    expect((await d.db.collection('reconciliations').where('clientOrderId', '==', gone).get()).size).toBe(0);
  });

  it('a venue that cannot be read is alerted as a reconciliation system.error and fails the job', async () => {
    const { v } = venue('paper-down');
    v.fetchPositions = async () => {
      throw new ccxt.ExchangeNotAvailable('paper-down GET /fapi/v2/positionRisk 503 Service Unavailable');
    };
    const job = reconciliationJob(d, () => [v]);
    await expect(job(clock.now())).rejects.toThrow('reconciliation failed on paper-down');
    const alertEv = bus.sent.filter((e) => e.type === 'system.error').at(-1);
    expect(alertEv?.payload).toMatchObject({ component: 'reconciliation', critical: true });
    expect(String(alertEv?.payload.error)).toContain('503 Service Unavailable');
    expect((await d.db.collection('reconciliations').where('venueId', '==', 'paper-down').get()).size).toBe(0);
  });
});
