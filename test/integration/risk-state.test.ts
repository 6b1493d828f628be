import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub, type Subscription } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import {
  type BusMessage,
  type ExitRequested,
  ManualClock,
  type MarketSpec,
  type PortfolioRiskConfigInput,
  type PositionClosed,
  type PositionOpened,
  type SignalGenerated,
  type SystemError,
  Topic,
  type TradesReceived,
  entryClientOrderId,
  exitEventId,
  parseMessage,
} from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import { StoredDocumentError } from '@cascade/adapters/firestore';
import { RiskService, RiskTime, firestoreLedger, firestoreStateReader, firestoreStateWriter } from '../../run-services/src/analytics/risk/index.js';
import { refuseEntry, resetRiskGateCache, riskGate } from '../../functions/src/execute/risk-gate.js';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { eventually } from '../support/eventually.js';
import { uniqueProjectId } from '../support/stack-harness.js';

const T = Date.UTC(2024, 2, 6, 10, 0); // Wednesday
const S = 1_000;
const MIN = 60_000;
const H1 = 3_600_000;

const spec = (symbol: string): MarketSpec => ({ exchange: 'binance', marketType: 'spot', symbol, base: symbol.split('/')[0] as string, quote: 'USDT', pricePrecision: 4, amountPrecision: 4, takerFee: '0.001', makerFee: '0.001', minNotional: '5' });
const seqs = new Map<string, number>();
function batch(symbol: string, trades: readonly [ts: number, price: number][]): TradesReceived {
  const n = (seqs.get(symbol) ?? 0) + 1;
  seqs.set(symbol, n);
  return {
    type: 'trades.received',
    eventId: `b-${symbol}-${n}`,
    tsEvent: trades[0]?.[0] ?? 0,
    tsInit: 0,
    correlationId: `b-${symbol}-${n}`,
    causationId: null,
    payload: { market: spec(symbol), seq: n, source: 'live', trades: trades.map(([ts, price], i) => ({ id: `${symbol}:${ts}:${i}`, ts, price, amount: 1, side: 'sell' as const, sideInferred: false })) },
  };
}
const opened = (id: string, symbol: string, entryPrice: string, amount: string, openedAt: number): PositionOpened => ({
  type: 'position.opened',
  eventId: `o-${id}`,
  tsEvent: openedAt,
  tsInit: 0,
  correlationId: id,
  causationId: null,
  payload: { positionId: id, symbol, exchange: 'binance', side: 'long', entryPrice, amount, openedAt, trailingStopPct: 0.005, initialStopPrice: null, maxHoldMs: 1_800_000 },
});

describe('portfolio risk in the running system: risk_state/current, the entry gate, risk exits (emulators)', () => {
  let app: App;
  let db: Firestore;
  let pubsub: PubSub;
  let bus: BusPublisher;
  const subs: Subscription[] = [];
  const received: BusMessage[] = [];

  beforeAll(async () => {
    const projectId = uniqueProjectId('risk');
    app = initializeApp({ projectId }, projectId);
    db = getFirestore(app);
    pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
    bus = new BusPublisher(pubsub);
    for (const topic of [Topic.ExitsRequested, Topic.TradingEvents]) {
      const [t] = await pubsub.createTopic(topic);
      const [sub] = await t.createSubscription(`test.risk.${topic}`);
      sub.on('message', (m) => {
        const parsed = parseMessage(topic, m.data);
        if (parsed.ok) received.push(parsed.message);
        m.ack();
      });
      subs.push(sub);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(subs.map((s) => s.close()));
    await pubsub?.close();
    if (app) await deleteApp(app);
  });

  function service(clock: ManualClock, config: PortfolioRiskConfigInput, startingEquity = '10000'): RiskService {
    return new RiskService(
      { publish: (topic, m) => bus.publish(topic, m), writeState: firestoreStateWriter(db), readState: firestoreStateReader(db), ledger: firestoreLedger(db, () => undefined), clock, log: () => undefined },
      { startingEquity, time: RiskTime.Wall, autoTick: false, config },
    );
  }

  it('a drawdown crossing 5 % trips the breaker in risk_state/current, entries are blocked, and the risk gate refuses an entry', async () => {
    const clock = new ManualClock(T);
    // An open paper position, as execute-signal leaves it.
    await db.doc('active_positions/p1').set({ positionId: 'p1', symbol: 'SOL/USDT', exchange: 'binance', market: spec('SOL/USDT'), side: 'long', entryPrice: '100', amount: '11', openedAt: T, createdAt: T });
    const risk = service(clock, { healthScore: { enabled: false }, dumpDetection: { enabled: false } });
    await risk.begin(); // the ledger snapshot brings p1 back
    expect(risk.manager.openPositions).toBe(1);
    await risk.onBatch(batch('SOL/USDT', [[T, 100]]));
    await risk.tick(T + S); // equity 10,000: the day's start
    expect((await db.doc('risk_state/current').get()).get('drawdown.dayStartEquity')).toBe('10000');

    // p1 closes at 50, as execute-exit commits it: the position leaves, the day's realized P&L is −550.
    const batchWrite = db.batch();
    batchWrite.delete(db.doc('active_positions/p1'));
    batchWrite.set(db.doc('portfolio/2024-03-06'), { day: '2024-03-06', realizedPnl: '-550', fees: '0', trades: 1, wins: 0, updatedAt: T + 2 * S });
    await batchWrite.commit();
    clock.set(T + 3 * S);
    const closedEvent: PositionClosed = {
      type: 'position.closed',
      eventId: 'c-p1',
      tsEvent: T + 2 * S,
      tsInit: 0,
      correlationId: 'p1',
      causationId: null,
      payload: { positionId: 'p1', symbol: 'SOL/USDT', exchange: 'binance', side: 'long', entryPrice: '100', exitPrice: '50', amount: '11', fees: '0', pnl: '-550', pnlPct: -50, reason: 'trailing_stop', openedAt: T, closedAt: T + 2 * S },
    };
    await risk.onTradingEvent(closedEvent);
    // 10,000 − 550 = 9,450: 550 / 10,000 = 5.5 % ≥ 5 %.
    expect(risk.equity().toFixed()).toBe('9450');

    const doc = (await db.doc('risk_state/current').get()).data();
    expect(doc?.breaker).toMatchObject({ tripped: true, drawdownPct: 0.055, resetsAt: Date.UTC(2024, 2, 7) });
    expect(doc?.entries).toMatchObject({ blocked: true, reason: 'circuit_breaker', reasons: ['circuit_breaker', 'drawdown_critical'] });
    expect(doc?.drawdown).toMatchObject({ level: 'circuit_breaker', equity: '9450', dayStartEquity: '10000' });

    // The breaker's critical alert reached trading.events.
    await eventually(() => received.some((m) => m.type === 'system.error' && m.payload.component === 'risk.circuit_breaker_triggered'), 10_000, 'the circuit-breaker alert');
    const alert = received.find((m): m is SystemError => m.type === 'system.error' && m.payload.component === 'risk.circuit_breaker_triggered');
    expect(alert?.payload.critical).toBe(true);

    // execute-signal's gate, against the same emulator.
    const d: Deps = { db, bus, clock: { now: () => Date.now() }, log: () => undefined };
    resetRiskGateCache();
    // The gate judges the state's age on the clock its writer stamped it with (the test's clock).
    const verdict = await riskGate(d, 'spot', clock.now());
    expect(verdict).toMatchObject({ allowed: false, reason: 'circuit_breaker' });
    if (verdict.allowed) return;
    const signal: SignalGenerated = {
      type: 'signal.generated',
      eventId: 'sig-evt-1',
      tsEvent: T + 10 * S,
      tsInit: 0,
      correlationId: 'setup-1',
      causationId: 'setup-1',
      payload: {
        signalId: 'sig-1',
        setupEventId: 'setup-1',
        market: spec('ADA/USDT'),
        side: 'long',
        score: 80,
        strength: 'strong',
        explanation: [],
        reference: { tradeId: 't1', ts: T + 10 * S, price: 1 },
        triggerPublishedAt: T + 10 * S,
        fillReference: null,
        trailingStopPct: 0.005,
        initialStopPct: null,
        maxHoldMs: 1_800_000,
      },
    };
    const cid = entryClientOrderId('sig-1');
    const orderRef = db.collection('orders').doc(cid);
    const evs = await db.runTransaction(async (tx) => {
      const existing = await tx.get(orderRef);
      if (existing.exists) return [];
      return refuseEntry(tx, orderRef, signal, cid, T + 10 * S, Date.now(), verdict);
    });
    expect(evs.map((e) => e.message.type)).toEqual(['order.rejected']);
    const order = (await orderRef.get()).data();
    expect(order).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'circuit_breaker', intent: 'open' });
    expect(String(order?.reason)).toContain('circuit breaker tripped at daily drawdown 5.50 %');
    expect((await db.collection('active_positions').get()).size).toBe(0);

    // A restarted service restores the tripped breaker from the document.
    const again = service(new ManualClock(T + H1), { healthScore: { enabled: false } });
    await again.begin();
    expect(again.manager.canOpen({ marketType: 'spot' }, T + H1).reasons).toEqual(['circuit_breaker', 'drawdown_critical']);
    await risk.end();
    await again.end();
  });

  it('a leader dump closes a correlated long through an exit request on exits.requested', async () => {
    // A fresh ledger: this test's equity has nothing to do with the first one's breaker.
    await db.doc('risk_state/current').delete();
    await db.doc('portfolio/2024-03-06').delete();
    const clock = new ManualClock(T);
    const risk = service(clock, { healthScore: { enabled: false }, dumpDetection: { enabled: false }, correlationExit: { windowMinutes: 60, minSamples: 8 } });
    await risk.begin();
    // One trade a minute for 10 minutes; log returns (× 0.001) BTC y = 1,−1,1,−1,1,−1,2,−2 and ETH/SOL 1.5·y: correlation 1.
    const y = [1, -1, 1, -1, 1, -1, 2, -2];
    const px = (base: number, k: number, beta: number) => base * Math.exp((beta * y.slice(0, k).reduce((a, b) => a + b, 0)) / 1000);
    for (let i = 0; i <= y.length + 1; i++) {
      const k = Math.min(i, y.length);
      await risk.onBatch(batch('BTC/USDT', [[T + i * MIN + S, px(100, k, 1)]]));
      await risk.onBatch(batch('SOL/USDT', [[T + i * MIN + 2 * S, px(20, k, 1.5)]]));
    }
    expect(risk.manager.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(1, 6);
    await risk.onTradingEvent(opened('sol-long', 'SOL/USDT', '20', '5', T + 10 * MIN));
    const t = T + 11 * MIN;
    // BTC 100 → 99 → 98.5 within 5 minutes: 1.5 % under the window high.
    await risk.onBatch(batch('BTC/USDT', [[t, 100], [t + 2 * MIN, 99], [t + 4 * MIN, 98.5]]));

    await eventually(() => received.some((m) => m.type === 'exit.requested' && m.payload.positionId === 'sol-long'), 10_000, 'the risk exit request');
    const exit = received.find((m): m is ExitRequested => m.type === 'exit.requested' && m.payload.positionId === 'sol-long');
    expect(exit).toMatchObject({ eventId: exitEventId('sol-long'), payload: { reason: 'risk', symbol: 'SOL/USDT', values: { riskReason: 'correlated_dump', leader: 'BTC/USDT' } } });
    expect(exit?.payload.values.correlation).toBeCloseTo(1, 6);
    await eventually(() => received.some((m) => m.type === 'system.error' && m.payload.component === 'risk.correlated_dump_detected'), 10_000, 'the correlated-dump alert');

    clock.set(T + 20 * MIN);
    await risk.tick(T + 20 * MIN);
    const doc = (await db.doc('risk_state/current').get()).data();
    expect(doc?.positions).toEqual({ open: 1, closing: ['sol-long'] });
    expect(doc?.leaders?.[0]).toMatchObject({ symbol: 'BTC/USDT', dumpActive: true });
    await risk.end();
  });

  it('a corrupted risk_state/current is refused naming the document and the field, and the service starts fresh', async () => {
    const clock = new ManualClock(T);
    const fresh = service(clock, { healthScore: { enabled: false } });
    // A valid state with one field hand-edited to a level that does not exist.
    const stored = { ...fresh.state(), drawdown: { ...fresh.state().drawdown, level: 'sideways' } };
    await db.doc('risk_state/current').set(stored);

    const err = await firestoreStateReader(db)().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StoredDocumentError);
    expect(err).toMatchObject({ path: 'risk_state/current', fields: ['drawdown.level'] });
    expect(String(err)).toContain('risk_state/current');
    expect(String(err)).toContain('drawdown.level');

    const logs: string[] = [];
    const risk = new RiskService(
      { publish: (topic, m) => bus.publish(topic, m), writeState: firestoreStateWriter(db), readState: firestoreStateReader(db), clock, log: (l) => logs.push(l) },
      { startingEquity: '10000', time: RiskTime.Wall, autoTick: false, config: { healthScore: { enabled: false } } },
    );
    await risk.begin();
    expect(logs.find((l) => l.startsWith('could not read risk_state/current, starting fresh:'))).toContain('drawdown.level');
    expect(risk.state().breaker.tripped).toBe(false);
    await risk.end();
    await db.doc('risk_state/current').delete();
  });
});
