import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { type ExitRequested, type MarketSpec, type TradesReceived, Topic, exitClientOrderId, exitEventId } from '@cascade/core';
import { waitFor } from '../support/stack-harness.js';
import { type ServiceProcess, startAnalytics } from '../support/service-process.js';
import { type LiveStack, entryId, liveSignal, perp, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11, defect 11: two analytics instances on one shard split its ordered trades and each watched
 * positions whose trades it never saw. Now one instance owns the shard through a Firestore lease
 * (`analytics_leases/{shard}`, renewed, fenced by a token); a second one stands by, takes over once the
 * first is killed and its lease lapses, and an exit request still carrying the old token is refused
 * by executeExit. Through the deployed route: services as processes, functions on functions-framework
 * behind the emulated Pub/Sub, a `live` module, the Binance fake.
 */
const LEASE_MS = '3000';
/** The analytics entry point under test (a path, so the same test can be pointed at an older main). */
const MAIN = process.env.H8B_ANALYTICS_MAIN ?? 'run-services/src/analytics/main.ts';
let s: LiveStack;
let a: ServiceProcess | null = null;
let b: ServiceProcess | null = null;
let alerts: Subscription | null = null;
const systemErrors: { component: string; error: string }[] = [];
const ADA: MarketSpec = perp('ADA');

interface Status {
  role?: string;
  fencingToken?: number | null;
  trades: number;
  positionsTracked: number;
}
const status = async (p: ServiceProcess | null): Promise<Status | null> => (p ? p.status<Status>() : null);

let batchSeq = 0;
/** Trade times only move forward across batches (the validator drops a trade older than the last). */
let lastTradeTs = 0;
const epoch = Date.now();
function adaBatch(prices: readonly number[]): TradesReceived {
  batchSeq += 1;
  const t0 = Math.max(Date.now(), lastTradeTs + 1_000);
  lastTradeTs = t0 + (prices.length - 1) * 1_000;
  const trades = prices.map((price, i) => ({ id: String(batchSeq * 1_000 + i), ts: t0 + i * 1_000, price, amount: 0.5, side: 'sell' as const, sideInferred: false }));
  const eventId = `lease-batch-${epoch}-${batchSeq}`;
  return { type: 'trades.received', eventId, tsEvent: t0, tsInit: t0, correlationId: eventId, causationId: null, payload: { market: ADA, seq: batchSeq, epoch, source: 'live', trades } };
}
const publishTrades = (prices: readonly number[]) => s.bus.publish(Topic.MarketTrades, adaBatch(prices), 'binance:perp:ADA/USDT:USDT');

beforeAll(async () => {
  s = await startLiveStack('analytics-lease');
  // The stack's own analytics makes way: the two instances of this test are started with a short lease.
  // SIGTERM, so it closes its streams: the Pub/Sub emulator refuses new streaming pulls on the ordered
  // trades subscription once two of its subscribers died with kill -9 (code 2, repeatedly), and this
  // test needs its one kill -9 for instance A.
  const first = s.h.stack.processes.find((p) => p.name === 'analytics');
  if (first?.child.pid !== undefined) process.kill(first.child.pid, 'SIGTERM');
  await first?.exited;
  // A graceful stop lets the lease lapse at once (renewedAt 0, token kept) rather than after 15 s.
  expect((await s.db.doc('analytics_leases/default').get()).data()).toMatchObject({ token: 1, renewedAt: 0 });
  const [sub] = await s.h.stack.pubsub.topic(Topic.TradingEvents).createSubscription(`test.lease.events.${Date.now()}`);
  alerts = sub;
  sub.on('message', (m: Message) => {
    const e = JSON.parse(m.data.toString()) as { type: string; payload: { component?: string; error?: string } };
    if (e.type === 'system.error') systemErrors.push({ component: e.payload.component ?? '', error: e.payload.error ?? '' });
    m.ack();
  });
}, 180_000);
afterAll(async () => {
  await alerts?.close();
  await a?.kill();
  await b?.kill();
  await s?.stop();
});

describe('one analytics owner per shard (issue 11 #11)', () => {
  it('a second instance for the same shard stays idle while the first holds the lease', async () => {
    a = await startAnalytics(s.h, 'analytics-a', { CASCADE_ANALYTICS_LEASE_MS: LEASE_MS }, MAIN);
    await waitFor('instance A to own the shard', async () => (await status(a))?.role === 'active', 60_000);
    b = await startAnalytics(s.h, 'analytics-b', { CASCADE_ANALYTICS_LEASE_MS: LEASE_MS }, MAIN);
    expect((await status(b))?.role).toBe('standby');
    for (let i = 0; i < 4; i++) await publishTrades([3000, 3000.5, 3000, 3000.5]);
    await waitFor('instance A to take all 16 trades', async () => (await status(a))?.trades === 16, 30_000);
    expect(await status(b)).toMatchObject({ role: 'standby', trades: 0 });
  });

  it('takes over when the first is killed and its lease lapses, and refuses an exit fenced with the old token', async () => {
    const cid = entryId('lease-ada');
    await publishSignal(s, liveSignal('lease-ada', ADA, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    await waitFor('instance A to watch the position', async () => (await status(a))?.positionsTracked === 1);
    const oldToken = (await status(a))?.fencingToken;
    expect(typeof oldToken).toBe('number');

    await a?.kill();
    a = null;
    await waitFor('instance B to take the shard over and watch the position', async () => {
      const st = await status(b);
      return st?.role === 'active' && st.positionsTracked === 1;
    }, 30_000);
    expect((await status(b))?.fencingToken).toBe((oldToken as number) + 1);

    // The dead owner's last word, delivered late: an exit fenced with its token.
    const stale: ExitRequested = {
      type: 'exit.requested', eventId: exitEventId(cid), tsEvent: Date.now(), tsInit: Date.now(), correlationId: cid, causationId: null,
      payload: { positionId: cid, symbol: ADA.symbol, reason: 'trailing_stop', detail: 'stale owner', values: {}, trigger: { tradeId: 'stale', ts: Date.now(), price: 2990 }, fillReference: null, fence: { shard: 'default', token: oldToken as number } },
    };
    await s.bus.publish(Topic.ExitsRequested, stale);
    await waitFor('the stale exit to be refused', async () => systemErrors.find((e) => e.component === 'exit_fence') ?? null, 30_000);
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(true);
    expect((await s.db.doc(`orders/${exitClientOrderId(cid)}`).get()).exists).toBe(false);

    // The new owner exits it when the price falls through the stop (2985).
    await publishTrades([3000, 2995, 2990, 2984, 2980]);
    await waitFor('the position to be closed by the new owner', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists, 60_000);
    const orders = s.fake.orders('perp').filter((o) => o.symbol === 'ADAUSDT' && o.type === 'MARKET');
    expect(orders.map((o) => o.clientOrderId).sort()).toEqual([cid, exitClientOrderId(cid)].sort());
  });
});
