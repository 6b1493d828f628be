import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrailingStop, type VenueFill } from '@cascade/core';
import { ProtectionStatus, ProtectiveStopManager, StopMode } from '../../../adapters/src/venues/ccxt/protective-stop.js';
import { type FakeBybit, startFakeBybit } from '../../fakes/bybit/index.js';
import { bybitVenue } from '../../fakes/bybit/venue-harness.js';
import { realSleeper } from '../../fakes/ccxt/venue-harness.js';

const BTC = 'BTC/USDT:USDT';
const ETH = 'ETH/USDT:USDT';
const CREATE = { method: 'POST', path: '/v5/order/create' } as const;
const creates = (fake: FakeBybit) => fake.requests.filter((r) => r.method === CREATE.method && r.path === CREATE.path);
const entry = (clientOrderId: string, amount = '0.010') => ({ clientOrderId, symbol: BTC, side: 'buy', type: 'market', amount }) as const;

// Cascade's CcxtVenue with the Bybit profile, through the real ccxt bybit client, against the local Bybit v5 fake.
describe('CcxtVenue · Bybit v5 linear perpetuals (real ccxt client, local fake)', () => {
  let fake: FakeBybit;
  beforeEach(async () => {
    fake = await startFakeBybit();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('takes market precision from instruments-info: BTC tick 0.10 / step 0.001, ETH step 0.01 (amounts cut to it)', async () => {
    const { venue } = bybitVenue(fake, 'perp');
    expect(await venue.market(BTC)).toMatchObject({ exchange: 'bybit', marketType: 'perp', pricePrecision: 1, amountPrecision: 3, minNotional: '5' });
    expect(await venue.market(ETH)).toMatchObject({ pricePrecision: 2, amountPrecision: 2 });
    // 0.127 ETH on a 0.01 step → 0.12 sent.
    await venue.createOrder({ clientOrderId: 'cx-eth-0000000001', symbol: ETH, side: 'buy', type: 'market', amount: '0.127' });
    expect(creates(fake).at(-1)?.params).toMatchObject({ symbol: 'ETHUSDT', qty: '0.12', orderLinkId: 'cx-eth-0000000001' });
    expect(fake.unhandled).toEqual([]);
  });

  it('spot account: precision from the spot instruments (base precision 0.000001 BTC, tick 0.01, min value 1 USDT)', async () => {
    const { venue } = bybitVenue(fake, 'spot');
    expect(await venue.market('BTC/USDT')).toMatchObject({ marketType: 'spot', pricePrecision: 2, amountPrecision: 6, minNotional: '1' });
  });

  it('a lost response after Bybit applied the entry: the retry finds it by orderLinkId, no second order', async () => {
    const h = bybitVenue(fake, 'perp');
    await h.venue.market(BTC);
    fake.injectFault(CREATE, { kind: 'lost' });
    const o = await h.venue.createOrder(entry('cx-lost-000000001'));
    expect(o).toMatchObject({ clientOrderId: 'cx-lost-000000001', status: 'closed', filled: '0.010', average: '60000' });
    expect(creates(fake)).toHaveLength(1);
    expect(fake.orders()).toHaveLength(1);
    expect(h.events).toContainEqual({ type: 'recovered_order', clientOrderId: 'cx-lost-000000001', via: 'lookup_after_unknown_outcome' });
    // The lookup is /v5/order/realtime by orderLinkId, which finds filled orders too.
    expect(fake.requests.some((r) => r.path === '/v5/order/realtime' && r.params.orderLinkId === 'cx-lost-000000001')).toBe(true);
  });

  it('a late landing (applied after the client timed out and re-placed): Bybit refuses the reused orderLinkId (110072), one order', async () => {
    const h = bybitVenue(fake, 'perp', { timeoutMs: 300 });
    await h.venue.market(BTC);
    fake.injectFault(CREATE, { kind: 'late' });
    const o = await h.venue.createOrder(entry('cx-late-000000001'));
    expect(o.clientOrderId).toBe('cx-late-000000001');
    expect(h.events.find((e) => e.type === 'retry')).toMatchObject({ fault: 'timeout' });
    expect(fake.heldRequests).toBe(1);
    expect(fake.landLate()).toEqual([110072]);
    expect(fake.orders()).toHaveLength(1);
    expect(fake.position('BTCUSDT')).toMatchObject({ side: 'Buy', size: '0.01' });
  });

  it('placing a client order id again returns the order already there (110072 → lookup), without a second fill', async () => {
    const h = bybitVenue(fake, 'perp');
    const first = await h.venue.createOrder(entry('cx-dup-0000000001'));
    const again = await h.venue.createOrder(entry('cx-dup-0000000001'));
    expect(again).toMatchObject({ id: first.id, status: 'closed' });
    expect(creates(fake).map((r) => r.retCode)).toEqual([0, 110072]);
    expect(h.events).toContainEqual({ type: 'recovered_order', clientOrderId: 'cx-dup-0000000001', via: 'duplicate_rejection' });
    expect(fake.position('BTCUSDT').size).toBe('0.01');
  });

  it('leverage, margin mode, position and balance as Bybit reports them', async () => {
    const { venue } = bybitVenue(fake, 'perp');
    await venue.setLeverage(BTC, 5);
    await venue.setLeverage(BTC, 5); // 110043 "Set leverage has not been modified." counts as done
    await venue.setMarginMode(BTC, 'isolated');
    expect([fake.leverage('BTCUSDT'), fake.marginMode()]).toEqual(['5', 'ISOLATED_MARGIN']);
    await venue.createOrder(entry('cx-pos-0000000001'));
    expect(await venue.fetchPositions()).toEqual([{ symbol: BTC, side: 'long', amount: '0.010', entryPrice: '60000', leverage: 5, marginMode: null, unrealizedPnl: null }]);
    // fee 0.010 × 60,000 × 0.055 % = 0.33 → wallet 9,999.67; margin 600 / 5 = 120; free 9,879.67
    expect(await venue.fetchBalance()).toEqual({ currency: 'USDT', total: '9999.67', free: '9879.67', used: '120' });
  });

  it('rests the reduce-only protective stop as a Bybit conditional order, trails it, and the venue closes the position when we are gone', async () => {
    const h = bybitVenue(fake, 'perp');
    await h.venue.createOrder(entry('cx-stop-000000001'));
    const mgr = new ProtectiveStopManager({ venue: h.venue, clock: h.clock, config: { minMoveIntervalMs: 5_000, minMoveTicks: 5 } });
    const pos = { positionId: 'pos-bybit-1', symbol: BTC, side: 'long', amount: '0.010' } as const;
    const trail = new TrailingStop('long', 60_000, 0.005);

    // 60,000 × 0.995 = 59,700.0: a Sell Market conditional, falling trigger (2), reduce-only.
    let r = await mgr.update(pos, trail.stop, 60_000);
    expect(r).toMatchObject({ status: ProtectionStatus.Resting, mode: StopMode.ReduceOnly, stopPrice: '59700.0' });
    expect(fake.orders().filter((o) => o.triggerDirection !== 0)).toEqual([
      expect.objectContaining({ side: 'Sell', orderType: 'Market', orderStatus: 'Untriggered', triggerPrice: '59700', triggerDirection: 2, reduceOnly: true, qty: '0.01' }),
    ]);
    expect(await h.venue.fetchOrderByClientId(BTC, r.clientOrderId as string)).toMatchObject({ status: 'open', stopPrice: '59700', reduceOnly: true });

    // 60,500 × 0.995 = 60,197.5, 5 s after placing: new stop first, then the old one cancelled (Deactivated).
    h.clock.advance(5_000);
    fake.setPrice('BTCUSDT', '60500');
    trail.update(60_500);
    r = await mgr.update(pos, trail.stop, 60_500);
    expect(r.stopPrice).toBe('60197.5');
    expect(fake.orders().filter((o) => o.triggerDirection !== 0).map((o) => [o.triggerPrice, o.orderStatus])).toEqual([['59700', 'Deactivated'], ['60197.5', 'Untriggered']]);
    expect((await h.venue.fetchOpenOrders(BTC)).map((o) => o.clientOrderId)).toEqual([r.clientOrderId]);
    // Reconciliation asks without a symbol: ccxt sends settleCoin=USDT, which Bybit requires for linear.
    expect((await h.venue.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual([r.clientOrderId]);

    // Nothing of ours runs any more; the price falls through the stop and Bybit closes the position.
    fake.setPrice('BTCUSDT', '60150');
    expect(fake.position('BTCUSDT')).toMatchObject({ side: '', size: '0' });
    expect(fake.orders().find((o) => o.orderLinkId === r.clientOrderId)).toMatchObject({ orderStatus: 'Filled', cumExecQty: '0.01' });
    expect(await h.venue.fetchPositions()).toEqual([]);
  });

  it('release() cancels the resting stop by orderLinkId; a second release finds nothing to cancel and is not an error', async () => {
    const h = bybitVenue(fake, 'perp');
    await h.venue.createOrder(entry('cx-rel-0000000001'));
    const mgr = new ProtectiveStopManager({ venue: h.venue, clock: h.clock });
    await mgr.update({ positionId: 'pos-bybit-2', symbol: BTC, side: 'long', amount: '0.010' }, 59_700, 60_000);
    expect(await mgr.release('pos-bybit-2')).toMatchObject({ status: ProtectionStatus.Released, orphans: [] });
    expect(fake.orders().find((o) => o.triggerDirection !== 0)?.orderStatus).toBe('Deactivated');
    expect(fake.requests.filter((r) => r.path === '/v5/order/cancel').map((r) => [r.params.orderLinkId, r.retCode])).toEqual([[expect.stringMatching(/^cs-/), 0]]);
    await h.venue.cancelOrder(BTC, 'cs-never-placed-0001');
    expect(fake.requests.filter((r) => r.path === '/v5/order/cancel').at(-1)?.retCode).toBe(110001);
    fake.setPrice('BTCUSDT', '59000');
    expect(fake.position('BTCUSDT').size).toBe('0.01');
  });

  it('polls fills from /v5/execution/list (websocket off), each with our client order id and the fee Bybit charged', async () => {
    const h = bybitVenue(fake, 'perp', { extra: { pollSleeper: realSleeper, fills: { websocket: false, pollIntervalMs: 20 } } });
    await h.venue.createOrder(entry('cx-fill-000000001'));
    const fills: VenueFill[] = [];
    const stop = h.venue.watchFills((f) => fills.push(f));
    await until(() => fills.length >= 1);
    await stop();
    // fee 0.010 × 60,000 × 0.055 % = 0.33 USDT
    expect(fills).toEqual([expect.objectContaining({ clientOrderId: 'cx-fill-000000001', symbol: BTC, side: 'buy', price: '60000', amount: '0.010', fee: { cost: '0.33', currency: 'USDT' } })]);
    expect(fake.requests.some((r) => r.path === '/v5/execution/list')).toBe(true);
  });
});

describe('CcxtVenue · Bybit v5 spot (real ccxt client, local fake)', () => {
  let fake: FakeBybit;
  beforeEach(async () => {
    fake = await startFakeBybit({ wallet: { USDT: '1000' } });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('a market buy by base quantity (marketUnit baseCoin); the fee comes out of the BTC received, as on Binance spot', async () => {
    const h = bybitVenue(fake, 'spot');
    await h.venue.createOrder({ clientOrderId: 'cx-spot-000000001', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: '0.001000' });
    expect(fake.requests.find((r) => r.path === '/v5/order/create')?.params).toMatchObject({ category: 'spot', marketUnit: 'baseCoin', qty: '0.001', orderLinkId: 'cx-spot-000000001' });
    const o = await h.venue.fetchOrderByClientId('BTC/USDT', 'cx-spot-000000001');
    // fee 0.1 % of 0.001 BTC = 0.000001 BTC: 0.000999 BTC held; 1,000 − 0.001 × 60,000 = 940 USDT
    expect(o).toMatchObject({ status: 'closed', filled: '0.001000', fee: { cost: '0.000001', currency: 'BTC' } });
    expect([fake.walletBalance('BTC'), fake.walletBalance('USDT')]).toEqual(['0.000999', '940']);
    // Selling the gross 0.001 is more than the wallet holds: 170131.
    await expect(h.venue.createOrder({ clientOrderId: 'cx-spot-000000002', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.001000' })).rejects.toThrow(/170131/);
  });
});

async function until(cond: () => boolean, tries = 500): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not met');
}
