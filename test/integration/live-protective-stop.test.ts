import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topic, exitClientOrderId } from '@cascade/core';
import { waitFor } from '../support/stack-harness.js';
import { protectiveStopClientId } from '../../adapters/src/venues/ccxt/protective-stop.js';
import { BTC_PERP, BTC_SPOT, ETH_PERP, type LiveStack, entryId, exitRequest, liveSignal, perp, publishExit, publishSignal, settledOrder, startLiveStack, trailRequest } from './live/live-stack.js';

/**
 * Issue 11 defect 1, through the deployed route: signals and exits published on the emulated Pub/Sub,
 * the execute functions on functions-framework, a `live` module in Firestore, the Binance fake.
 * Prices are the fake's: BTCUSDT 60000, every other symbol 3000; market orders fill at that price.
 */
let s: LiveStack;
beforeAll(async () => {
  s = await startLiveStack('live-stop', { scheduler: true });
});
afterAll(async () => {
  await s?.stop();
});

const algoOf = (symbol: string) => s.fake.algoOrders().filter((a) => a.symbol === symbol);

/** DELETE /fapi/v1/algoOrder as someone else would (the stop vanished: cancelled by hand, expired). */
async function cancelOnVenue(symbol: string, clientAlgoId: string): Promise<void> {
  const q = new URLSearchParams({ symbol, clientAlgoId, timestamp: String(Date.now()), signature: 'x' });
  const res = await fetch(`${s.fake.httpBase}/fapi/v1/algoOrder?${q}`, { method: 'DELETE', headers: { 'X-MBX-APIKEY': 'fake-key' } });
  expect(res.status).toBe(200);
}

describe('the exchange-held stop of a live position (issue 11 #1)', () => {
  it('every live entry rests a reduce-only stop at the initial stop before the entry is reported filled', async () => {
    const cid = entryId('stop-btc');
    await publishSignal(s, liveSignal('stop-btc', BTC_PERP, '60000'));
    const order = await settledOrder(s, cid);
    expect(order).toMatchObject({ status: 'filled', price: '60000' });
    // The stop is recorded in the same transaction as the fill: whoever sees the fill sees the stop.
    const pos = (await s.db.doc(`active_positions/${cid}`).get()).data();
    // Initial stop: 60000 × (1 − 0.005) = 59700 (on the 0.1 tick).
    const algos = algoOf('BTCUSDT');
    expect(algos).toHaveLength(1);
    expect(algos[0]).toMatchObject({ orderType: 'STOP_MARKET', side: 'SELL', reduceOnly: true, triggerPrice: '59700', quantity: String(pos?.amount), algoStatus: 'NEW' });
    expect(pos?.protectiveStop).toMatchObject({ status: 'resting', clientOrderId: algos[0]?.clientAlgoId, stopPrice: '59700' });
  });

  it('is cancelled when the position exits', async () => {
    const cid = entryId('stop-eth');
    await publishSignal(s, liveSignal('stop-eth', ETH_PERP, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    expect(algoOf('ETHUSDT')).toMatchObject([{ algoStatus: 'NEW', triggerPrice: '2985' }]);
    await publishExit(s, exitRequest(cid, ETH_PERP.symbol, 3000));
    await waitFor('ETH trade history', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists);
    expect(s.fake.position('ETHUSDT')).toBe('0');
    await waitFor('ETH stop cancelled', async () => algoOf('ETHUSDT')[0]?.algoStatus === 'CANCELED');
  });

  it('reconciliation re-places a missing stop and alerts', async () => {
    const cid = entryId('stop-sol');
    const sol = perp('SOL');
    await publishSignal(s, liveSignal('stop-sol', sol, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    const first = algoOf('SOLUSDT')[0];
    expect(first?.algoStatus).toBe('NEW');
    await cancelOnVenue('SOLUSDT', first?.clientAlgoId ?? '');
    const alertsBefore = s.h.monitor.count('system.error');
    const res = await fetch(`http://127.0.0.1:${s.h.stack.ports.jobs}/reconciliation`, { method: 'POST', headers: { 'x-cloudscheduler-jobname': 'reconciliation', 'x-cloudscheduler-scheduletime': new Date().toISOString() } });
    expect(res.status).toBe(200);
    const resting = algoOf('SOLUSDT').filter((a) => a.algoStatus === 'NEW');
    expect(resting).toMatchObject([{ orderType: 'STOP_MARKET', side: 'SELL', reduceOnly: true, triggerPrice: '2985' }]);
    expect((await s.db.doc(`active_positions/${cid}`).get()).get('protectiveStop')).toMatchObject({ status: 'resting', clientOrderId: resting[0]?.clientAlgoId, stopPrice: '2985' });
    await waitFor('a system.error alert', async () => s.h.monitor.count('system.error') > alertsBefore);
  });

  it("trails with the monitor's trailing stop: tighter by ≥ 5 ticks moves it, never looser, at most once per 5 s", async () => {
    const cid = entryId('stop-btc');
    const trail = (level: string, last: string) => s.bus.publish(Topic.ExitsRequested, trailRequest(cid, BTC_PERP.symbol, level, last));
    const stopOf = async () => (await s.db.doc(`active_positions/${cid}`).get()).get('protectiveStop') as { clientOrderId: string; stopPrice: string; placedAt: number };
    const before = await stopOf();
    s.fake.setPrice('BTCUSDT', '60500');
    // The monitor's trail at 60500 × 0.995 = 60197.5: 4975 ticks tighter than 59700 → moved (new stop first, then the old cancelled).
    await trail('60197.5', '60500');
    const moved = await waitFor('the stop moved', async () => ((await stopOf()).stopPrice === '60197.5' ? stopOf() : null));
    expect(moved.clientOrderId).not.toBe(before.clientOrderId);
    await waitFor('the old stop cancelled', async () => algoOf('BTCUSDT').find((a) => a.clientAlgoId === before.clientOrderId)?.algoStatus === 'CANCELED');
    expect(algoOf('BTCUSDT').filter((a) => a.algoStatus === 'NEW')).toMatchObject([{ clientAlgoId: moved.clientOrderId, triggerPrice: '60197.5', reduceOnly: true }]);
    // Looser (60000 < 60197.5), then 0.3 tighter (3 ticks < 5), then tighter by 50 ticks but within 5 s of the move: all held.
    await trail('60000', '60500');
    await trail('60197.8', '60500');
    const requestsBefore = s.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder' && r.method === 'POST').length;
    await trail('60202.5', '60505');
    await waitFor('the three requests handled', async () => s.h.monitor.count('stop.trail_requested') >= 4);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(s.fake.requests.filter((r) => r.path === '/fapi/v1/algoOrder' && r.method === 'POST').length).toBe(requestsBefore);
    expect((await stopOf()).stopPrice).toBe('60197.5');
  });

  it('a spot position whose close never completed gets its sell-stop back from reconciliation', async () => {
    const ethSpot = { ...BTC_SPOT, symbol: 'ETH/USDT', base: 'ETH', pricePrecision: 2 };
    const cid = entryId('spot-eth-stop');
    await publishSignal(s, liveSignal('spot-eth-stop', ethSpot, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    const stopOf = async () => (await s.db.doc(`active_positions/${cid}`).get()).get('protectiveStop') as { status: string; mode: string; stopPrice: string | null };
    const spotStops = () => s.fake.orders('spot').filter((o) => o.symbol === 'ETHUSDT' && o.type === 'STOP_LOSS' && o.status === 'NEW');
    // A spot sell-stop at 3000 × 0.995 = 2985: it locks the coins, so a close must cancel it first.
    expect(await stopOf()).toMatchObject({ status: 'resting', mode: 'sell_stop', stopPrice: '2985' });
    expect(spotStops()).toHaveLength(1);
    // Every market close is refused (-2010) while stop orders still go through; the exit is retried until
    // it dead-letters: the first attempt released the stop, and the position is open with nothing on the venue.
    s.fake.injectFault({ method: 'POST', path: '/api/v3/order', params: { type: 'MARKET' } }, { kind: 'error', status: 400, code: -2010, msg: 'Account has insufficient balance for requested action.' }, Infinity);
    await publishExit(s, exitRequest(cid, 'ETH/USDT', 3000));
    await waitFor('five refused close attempts', async () => {
      const q = await s.db.collection('orders').where('positionId', '==', cid).where('intent', '==', 'close').get();
      return q.docs.filter((d) => d.get('status') === 'rejected').length >= 5 ? true : null;
    }, 120_000);
    expect(await stopOf()).toMatchObject({ status: 'released' });
    expect(spotStops()).toEqual([]);
    // Reconciliation (nothing in flight on the symbol) puts the stop back at the initial stop and alerts.
    const alertsBefore = s.h.monitor.count('system.error');
    const res = await fetch(`http://127.0.0.1:${s.h.stack.ports.jobs}/reconciliation`, { method: 'POST', headers: { 'x-cloudscheduler-jobname': 'reconciliation', 'x-cloudscheduler-scheduletime': new Date().toISOString() } });
    expect(res.status).toBe(200);
    expect(await stopOf()).toMatchObject({ status: 'resting', mode: 'sell_stop', stopPrice: '2985' });
    expect(spotStops()).toMatchObject([{ side: 'SELL' }]);
    await waitFor('a system.error alert', async () => s.h.monitor.count('system.error') > alertsBefore);
    // Reconciliation read the spot position from the ETH wallet (spot has no positions): still held.
    // Now the price falls through the stop: the venue sells, the wallet is empty, and the next
    // reconciliation books the position closed on the venue.
    s.fake.setPrice('ETHUSDT', '2980');
    expect(Number(s.fake.spotBalance('ETH').free) + Number(s.fake.spotBalance('ETH').locked)).toBeLessThan(0.001);
    const again = await fetch(`http://127.0.0.1:${s.h.stack.ports.jobs}/reconciliation`, { method: 'POST', headers: { 'x-cloudscheduler-jobname': 'reconciliation', 'x-cloudscheduler-scheduletime': new Date().toISOString() } });
    expect(again.status).toBe(200);
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
    s.fake.clearFaults(['/api/v3/order']);
  });

  it('a trail racing the close leaves no stop resting once the position is closed (perp)', async () => {
    const xrp = perp('XRP');
    const cid = entryId('race-xrp');
    await publishSignal(s, liveSignal('race-xrp', xrp, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    const resting = () => algoOf('XRPUSDT').filter((a) => a.algoStatus === 'NEW');
    const first = await waitFor('the entry stop', async () => resting()[0] ?? null);
    expect(first.triggerPrice).toBe('2985');
    // A stop moves at most once per 5 s: let the entry's stop age first.
    await new Promise((r) => setTimeout(r, 5_200));
    s.fake.setPrice('XRPUSDT', '3030');
    // The trail's new stop reaches the venue at once but its answer takes 4 s. Meanwhile the close fills
    // and cancels the stop the position records (the entry's), and the position document goes. When the
    // answer arrives the trail finds the position gone: the stop it placed must not stay behind (it would
    // sit under the next XRP position at a stale level).
    s.fake.injectFault({ method: 'POST', path: '/fapi/v1/algoOrder' }, { kind: 'delay', ms: 4_000, apply: true }, 1);
    await s.bus.publish(Topic.ExitsRequested, trailRequest(cid, xrp.symbol, '3014.85', '3030'));
    const placed = await waitFor('the trail placed its stop on the venue', async () => resting().find((a) => a.clientAlgoId !== first.clientAlgoId) ?? null);
    expect(placed.triggerPrice).toBe('3014.85');
    await publishExit(s, exitRequest(cid, xrp.symbol, 3030));
    await waitFor('XRP trade history', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists);
    expect(s.fake.position('XRPUSDT')).toBe('0');
    await waitFor('no XRP stop resting', async () => (resting().length === 0 ? true : null), 30_000);
    expect(algoOf('XRPUSDT').find((a) => a.clientAlgoId === placed.clientAlgoId)?.algoStatus).toBe('CANCELED');
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
  });

  it('a trail racing the close of a spot position: the close sells on its first attempt and no sell-stop stays', async () => {
    const ltcSpot = { ...BTC_SPOT, symbol: 'LTC/USDT', base: 'LTC', pricePrecision: 2 };
    const cid = entryId('race-ltc');
    await publishSignal(s, liveSignal('race-ltc', ltcSpot, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    const stops = () => s.fake.orders('spot').filter((o) => o.symbol === 'LTCUSDT' && o.type === 'STOP_LOSS' && o.status === 'NEW');
    const first = await waitFor('the entry sell-stop', async () => stops()[0] ?? null);
    await new Promise((r) => setTimeout(r, 5_200));
    s.fake.setPrice('LTCUSDT', '3030');
    // A spot stop moves by cancel, then place (it locks the coins). The trail's new sell-stop locks the
    // coins at once but its answer takes 4 s; meanwhile the close releases the stop the record names
    // (already cancelled by the trail) and sells. The close must also cancel the stop being placed, or its
    // market sell meets locked coins and is refused (the next attempt would then sell).
    s.fake.injectFault({ method: 'POST', path: '/api/v3/order', params: { type: 'STOP_LOSS' } }, { kind: 'delay', ms: 4_000, apply: true }, 1);
    await s.bus.publish(Topic.ExitsRequested, trailRequest(cid, ltcSpot.symbol, '3014.85', '3030'));
    await waitFor('the trail placed its sell-stop', async () => stops().find((o) => o.clientOrderId !== first.clientOrderId) ?? null);
    await publishExit(s, exitRequest(cid, ltcSpot.symbol, 3030));
    await waitFor('LTC trade history', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists);
    expect(await settledOrder(s, exitClientOrderId(cid))).toMatchObject({ status: 'filled' });
    await waitFor('no LTC sell-stop resting', async () => (stops().length === 0 ? true : null), 30_000);
    expect(Number(s.fake.spotBalance('LTC').free) + Number(s.fake.spotBalance('LTC').locked)).toBeLessThan(0.001);
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
  });

  it("reconciliation cancels a sell-stop of ours that a closed spot position left (a trail that died placing it), and leaves the user's own orders", async () => {
    const solSpot = { ...BTC_SPOT, symbol: 'SOL/USDT', base: 'SOL', pricePrecision: 2 };
    const cid = entryId('spot-sol-left');
    await publishSignal(s, liveSignal('spot-sol-left', solSpot, '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    const stopOf = async () => (await s.db.doc(`active_positions/${cid}`).get()).get('protectiveStop') as { placements: number };
    const placements = (await stopOf()).placements;
    await publishExit(s, exitRequest(cid, solSpot.symbol, 3000));
    await waitFor('SOL trade history', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists);
    // What our close could not sell (under one amount step of the base-asset fee) stays in the wallet.
    const dust = Number(s.fake.spotBalance('SOL').free);
    expect(dust).toBeLessThan(0.001);
    // The user buys 0.2 SOL of their own in the venue's app, and rests a stop of their own on half of it.
    const order = async (params: Record<string, string>) => {
      const q = new URLSearchParams({ symbol: 'SOLUSDT', ...params, timestamp: String(Date.now()), signature: 'x' });
      const res = await fetch(`${s.fake.httpBase}/api/v3/order?${q}`, { method: 'POST', headers: { 'X-MBX-APIKEY': 'fake-key' } });
      expect(res.status).toBe(200);
    };
    await order({ side: 'BUY', type: 'MARKET', quantity: '0.2', newClientOrderId: 'manual-sol-buy' });
    await order({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.1', stopPrice: '2900', newClientOrderId: 'manual-sol-stop' });
    // What a trail leaves when it places its sell-stop after the close ran and dies before withdrawing
    // it: the position's next placement, resting on the user's coins (a spot stop is not reduce-only).
    const leftover = protectiveStopClientId(cid, placements);
    await order({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.1', stopPrice: '2950', newClientOrderId: leftover });
    const solStops = () => s.fake.orders('spot').filter((o) => o.symbol === 'SOLUSDT' && o.type === 'STOP_LOSS' && o.status === 'NEW');
    expect(solStops().map((o) => o.clientOrderId).sort()).toEqual([leftover, 'manual-sol-stop'].sort());
    const res = await fetch(`http://127.0.0.1:${s.h.stack.ports.jobs}/reconciliation`, { method: 'POST', headers: { 'x-cloudscheduler-jobname': 'reconciliation', 'x-cloudscheduler-scheduletime': new Date().toISOString() } });
    expect(res.status).toBe(200);
    // Ours is cancelled and its coins unlocked; the user's stop and coins stay as they were.
    expect(solStops().map((o) => o.clientOrderId)).toEqual(['manual-sol-stop']);
    const sol = s.fake.spotBalance('SOL');
    expect(Number(sol.locked)).toBe(0.1);
    // Free: the 0.2 bought less its 0.1 % fee taken in SOL (0.1998), less the user's 0.1 on their stop, plus our dust.
    expect(Number(sol.free)).toBeCloseTo(dust + 0.0998, 9);
    const rec = await s.db.collection('reconciliations').where('clientOrderId', '==', leftover).get();
    expect(rec.docs.map((d) => [d.get('kind'), d.get('action')])).toEqual([['stale_stop_canceled', 'cancelled sell stop 0.100 @ 2950: no position of ours on SOL/USDT']]);
  });

  it('with every process of the stack killed, the venue closes the position at its stop', async () => {
    const cid = entryId('stop-btc');
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(true);
    const held = s.fake.position('BTCUSDT');
    expect(Number(held)).toBeGreaterThan(0);
    await s.killStack();
    for (const p of s.h.stack.processes) expect(p.child.exitCode !== null || p.child.signalCode !== null).toBe(true);
    // Through the trailed stop at 60197.5: the venue sells, nothing of ours runs.
    s.fake.setPrice('BTCUSDT', '60100');
    expect(s.fake.position('BTCUSDT')).toBe('0');
    expect(algoOf('BTCUSDT').filter((a) => a.algoStatus === 'FINISHED')).toMatchObject([{ triggerPrice: '60197.5', reduceOnly: true }]);
    expect(algoOf('BTCUSDT').filter((a) => a.algoStatus === 'NEW')).toEqual([]);
  });
});
