import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MarketSpec, type TradesReceived, Topic, exitClientOrderId } from '@cascade/core';
import { waitFor } from '../support/stack-harness.js';
import { type ServiceProcess, killAndRestartFunction, startAnalytics } from '../support/service-process.js';
import type { ManagedProcess } from '../../tools/src/local/processes.js';
import { type LiveStack, entryId, liveSignal, perp, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11, defect 3 — chaos on the emulated stack: the exit monitor learnt positions only from
 * `position.opened` in memory, so an analytics process killed mid-position came back knowing none of
 * them and never exited them. Here a live position is opened through the deployed route (signal on
 * Pub/Sub → executeSignal on functions-framework → the Binance fake), analytics is `kill -9`ed,
 * restarted, and the price then falls through the position's stop: the restarted monitor must exit
 * it, and the venue's order log must show one entry and one close — no duplicate order.
 */
let s: LiveStack;
let analytics: ServiceProcess | null = null;
const SOL: MarketSpec = perp('SOL');

interface AnalyticsStatus {
  positionsTracked: number;
  trades: number;
}

/** Trades as the streamer would publish them: one batch, `prices` one second apart from now on. */
let batchSeq = 0;
/** Trade times only move forward across batches (the validator drops a trade older than the last). */
let lastTradeTs = 0;
const epoch = Date.now();
function batchOf(market: MarketSpec, prices: readonly number[]): TradesReceived {
  batchSeq += 1;
  const t0 = Math.max(Date.now(), lastTradeTs + 1_000);
  lastTradeTs = t0 + (prices.length - 1) * 1_000;
  const trades = prices.map((price, i) => ({ id: String(batchSeq * 1_000 + i), ts: t0 + i * 1_000, price, amount: 0.5, side: 'sell' as const, sideInferred: false }));
  const eventId = `chaos-batch-${epoch}-${batchSeq}`;
  return { type: 'trades.received', eventId, tsEvent: t0, tsInit: t0, correlationId: eventId, causationId: null, payload: { market, seq: batchSeq, epoch, source: 'live', trades } };
}

async function statusOf(port: number): Promise<AnalyticsStatus | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) });
    return (await r.json()) as AnalyticsStatus;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  s = await startLiveStack('analytics-chaos');
});
afterAll(async () => {
  await analytics?.kill();
  await s?.stop();
});

describe('analytics killed mid-position (issue 11 #3)', () => {
  it('after kill -9 and a restart the position is still monitored, is exited by the monitor, and the venue saw one entry and one close', async () => {
    const cid = entryId('chaos-sol');
    // The stack's own analytics learns the position from position.opened (and acks it).
    await publishSignal(s, liveSignal('chaos-sol', SOL, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled', price: '3000' });
    await waitFor('the first analytics to watch the position', async () => (await statusOf(s.h.stack.ports.analytics))?.positionsTracked === 1);

    // kill -9: no shutdown hook, nothing flushed. Then a new process, as Cloud Run would start one.
    const first = s.h.stack.processes.find((p) => p.name === 'analytics');
    if (first?.child.pid !== undefined) process.kill(-first.child.pid, 'SIGKILL');
    await first?.exited;
    analytics = await startAnalytics(s.h, 'analytics-restarted');
    const port = analytics.port;
    await waitFor('the restarted analytics to watch the open position', async () => (await statusOf(port))?.positionsTracked === 1, 30_000);

    // The price falls through the 0.5 % trail (stop 2985): the monitor asks for the exit.
    await s.bus.publish(Topic.MarketTrades, batchOf(SOL, [3000, 2999, 2995, 2990, 2984, 2980]), 'binance:perp:SOL/USDT:USDT');
    await waitFor('the position to be closed', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists, 60_000);
    const closed = (await s.db.doc(`trade_history/${cid}`).get()).data();
    expect(['trailing_stop', 'adverse_moves', 'cascade_reversal']).toContain(closed?.reason);
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);

    const orders = s.fake.orders('perp').filter((o) => o.symbol === 'SOLUSDT' && o.type === 'MARKET');
    expect(orders.map((o) => o.clientOrderId).sort()).toEqual([cid, exitClientOrderId(cid)].sort());
    expect(orders.map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
    expect(s.fake.position('SOLUSDT')).toBe('0');
  });
});

/**
 * The brief's order of events, in a stack of its own: the emulator refuses a new streaming pull on the
 * ordered trades subscription once two subscribers of one project were killed with `kill -9` (code 2,
 * repeatedly), so each kill gets a fresh project.
 */
describe('analytics killed before an entry executes (issue 11 #3)', () => {
  let s2: LiveStack;
  let restarted: ServiceProcess | null = null;
  const fns: ManagedProcess[] = [];
  beforeAll(async () => {
    s2 = await startLiveStack('analytics-chaos2');
  });
  afterAll(async () => {
    await restarted?.kill();
    await Promise.all(fns.map((p) => p.stop()));
    await s2?.stop();
  });

  it('kill -9 analytics, the entry executes, kill -9 execute mid-position, restart them: the position is watched and exited, one entry and one close on the venue', async () => {
    const xrp = perp('XRP');
    const cid = entryId('chaos-xrp');
    const first = s2.h.stack.processes.find((p) => p.name === 'analytics');
    if (first?.child.pid !== undefined) process.kill(-first.child.pid, 'SIGKILL');
    await first?.exited;
    // Executed while no analytics runs: nobody watches the position it opens.
    await publishSignal(s2, liveSignal('chaos-xrp', xrp, '3000'));
    expect(await settledOrder(s2, cid)).toMatchObject({ status: 'filled', price: '3000' });
    // Mid-position, the execute functions die too (kill -9 of their process groups) and come back on the
    // same push endpoints, as Cloud Run replaces crashed instances. The exchange-held stop rests meanwhile.
    expect(s2.fake.algoOrders().filter((a) => a.symbol === 'XRPUSDT' && a.algoStatus === 'NEW')).toHaveLength(1);
    for (const fn of ['executeSignal', 'executeExit']) fns.push(await killAndRestartFunction(s2.h, fn, s2.functionEnv));
    restarted = await startAnalytics(s2.h, 'analytics-restarted');
    const port = restarted.port;
    await waitFor('the restarted analytics to watch the position opened while it was down', async () => (await statusOf(port))?.positionsTracked === 1, 30_000);
    await s2.bus.publish(Topic.MarketTrades, batchOf(xrp, [3000, 2999, 2995, 2990, 2984, 2980]), 'binance:perp:XRP/USDT:USDT');
    await waitFor('the XRP position to be closed', async () => (await s2.db.doc(`trade_history/${cid}`).get()).exists, 60_000);
    const orders = s2.fake.orders('perp').filter((o) => o.symbol === 'XRPUSDT' && o.type === 'MARKET');
    expect(orders.map((o) => o.clientOrderId).sort()).toEqual([cid, exitClientOrderId(cid)].sort());
    expect(s2.fake.position('XRPUSDT')).toBe('0');
  });
});
