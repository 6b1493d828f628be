import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type VenueFill, TrailingStop } from '@cascade/core';
import { ProtectionStatus, ProtectiveStopManager, StopMode } from './protective-stop.js';
import { binanceVenue, realSleeper } from '../../../../test/fakes/ccxt/venue-harness.js';
import { type FakeBinance, startFakeBinance } from '../../../../test/fakes/binance/index.js';

const BTC = 'BTC/USDT:USDT';

// The real ccxt binance client against the local fake of Binance's USDⓈ-M REST API.
describe('CcxtVenue · Binance USDⓈ-M perpetuals (real ccxt client, local fake)', () => {
  let fake: FakeBinance;
  beforeEach(async () => {
    fake = await startFakeBinance({ futuresWallet: '10000' });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('refuses leverage above the 10× cap before calling the venue, and sets 5×', async () => {
    const { venue } = await binanceVenue(fake, 'perp');
    await expect(venue.setLeverage(BTC, 11)).rejects.toThrow(/outside 1–10×/);
    await expect(venue.setLeverage(BTC, 2.5)).rejects.toThrow(/outside/);
    expect(fake.requests.filter((r) => r.path === '/fapi/v1/leverage')).toEqual([]);
    await venue.setLeverage(BTC, 5);
    expect(fake.requests.filter((r) => r.path === '/fapi/v1/leverage').map((r) => r.params)).toEqual([expect.objectContaining({ symbol: 'BTCUSDT', leverage: '5' })]);
    expect(fake.leverage('BTCUSDT')).toBe(5);
  });

  it('a lower maxLeverage option caps tighter still', async () => {
    const { venue } = await binanceVenue(fake, 'perp', { extra: { maxLeverage: 3 } });
    await expect(venue.setLeverage(BTC, 4)).rejects.toThrow(/outside 1–3×/);
  });

  it('sets isolated margin; "No need to change margin type." (-4046) counts as done', async () => {
    const { venue } = await binanceVenue(fake, 'perp');
    await venue.setMarginMode(BTC, 'isolated');
    await venue.setMarginMode(BTC, 'isolated');
    expect(fake.marginType('BTCUSDT')).toBe('ISOLATED');
    const calls = fake.requests.filter((r) => r.path === '/fapi/v1/marginType');
    expect(calls.map((r) => r.params.marginType)).toEqual(['ISOLATED', 'ISOLATED']);
  });

  it('opens a position and reports it and the balance exactly', async () => {
    const { venue } = await binanceVenue(fake, 'perp');
    await venue.setLeverage(BTC, 5);
    await venue.setMarginMode(BTC, 'isolated');
    const o = await venue.createOrder({ clientOrderId: 'cx-0000000000aaaaaaaaaa', symbol: BTC, side: 'buy', type: 'market', amount: '0.010' });
    expect(o).toMatchObject({ status: 'closed', filled: '0.010', average: '60000', reduceOnly: false });
    expect(await venue.fetchPositions()).toEqual([{ symbol: BTC, side: 'long', amount: '0.010', entryPrice: '60000', leverage: 5, marginMode: 'isolated', unrealizedPnl: '0' }]);
    // fee 0.010 × 60,000 × 0.04 % = 0.24 → wallet 9,999.76; margin 600 / 5 = 120 used; free 9,879.76
    expect(await venue.fetchBalance()).toEqual({ currency: 'USDT', total: '9999.76', free: '9879.76', used: '120' });
    const again = await venue.fetchOrderByClientId(BTC, 'cx-0000000000aaaaaaaaaa');
    expect(again).toMatchObject({ id: o.id, status: 'closed' });
  });

  it('places a reduce-only STOP_MARKET through the Algo Service and cancels it by client id', async () => {
    const { venue } = await binanceVenue(fake, 'perp');
    await venue.createOrder({ clientOrderId: 'cx-0000000000bbbbbbbbbb', symbol: BTC, side: 'buy', type: 'market', amount: '0.010' });
    const stop = await venue.createOrder({ clientOrderId: 'cs-0000000000bbbbbbbbbb', symbol: BTC, side: 'sell', type: 'stop', amount: '0.010', stopPrice: '59700.0', reduceOnly: true });
    expect(stop).toMatchObject({ clientOrderId: 'cs-0000000000bbbbbbbbbb', status: 'open', stopPrice: '59700', reduceOnly: true });
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path === '/fapi/v1/algoOrder');
    expect(sent?.params).toMatchObject({ algoType: 'CONDITIONAL', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: '0.01', triggerPrice: '59700', reduceOnly: 'true', clientAlgoId: 'cs-0000000000bbbbbbbbbb' });
    expect((await venue.fetchOpenOrders(BTC)).map((o) => o.clientOrderId)).toEqual(['cs-0000000000bbbbbbbbbb']);
    expect(await venue.fetchOrderByClientId(BTC, 'cs-0000000000bbbbbbbbbb')).toMatchObject({ status: 'open', stopPrice: '59700' });
    await venue.cancelOrder(BTC, 'cs-0000000000bbbbbbbbbb');
    expect(fake.algoOrders().map((a) => a.algoStatus)).toEqual(['CANCELED']);
    expect(await venue.fetchOpenOrders(BTC)).toEqual([]);
  });

  it('no retry on -2019 "Margin is insufficient." (InsufficientFunds): one request, the error surfaces', async () => {
    const { venue, sleeper } = await binanceVenue(fake, 'perp');
    await expect(venue.createOrder({ clientOrderId: 'cx-0000000000cccccccccc', symbol: BTC, side: 'buy', type: 'market', amount: '10.000' })).rejects.toMatchObject({ name: 'InsufficientFunds' });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/fapi/v1/order')).toHaveLength(1);
    expect(sleeper.waits).toEqual([]);
  });

  it('moves the exchange stop with the trail: never looser, ≥ 5 ticks, one move per 5 s; the venue fires it when we are gone', async () => {
    const h = await binanceVenue(fake, 'perp');
    await h.venue.createOrder({ clientOrderId: 'cx-0000000000dddddddddd', symbol: BTC, side: 'buy', type: 'market', amount: '0.010' });
    const records: string[] = [];
    const mgr = new ProtectiveStopManager({ venue: h.venue, clock: h.clock, config: { minMoveIntervalMs: 5_000, minMoveTicks: 5 }, onChange: (r) => records.push(`${r.status} ${r.stopPrice}`) });
    const pos = { positionId: 'pos-1', symbol: BTC, side: 'long', amount: '0.010' } as const;
    const trail = new TrailingStop('long', 60_000, 0.005);

    // 60,000 × 0.995 = 59,700.0
    let r = await mgr.update(pos, trail.stop, 60_000);
    expect(r).toMatchObject({ status: ProtectionStatus.Resting, stopPrice: '59700.0' });
    expect(fake.algoOrders()).toEqual([expect.objectContaining({ side: 'SELL', orderType: 'STOP_MARKET', triggerPrice: '59700', reduceOnly: true, algoStatus: 'NEW', quantity: '0.01' })]);

    // 60,500 × 0.995 = 60,197.5: 4,975 ticks tighter, but only 1 s after placing → held
    h.clock.advance(1_000);
    fake.setPrice('BTCUSDT', '60500');
    trail.update(60_500);
    r = await mgr.update(pos, trail.stop, 60_500);
    expect(r.stopPrice).toBe('59700.0');
    expect(fake.algoOrders()).toHaveLength(1);

    // 5 s after placing → moved: new stop first, then the old one cancelled
    h.clock.advance(4_000);
    r = await mgr.update(pos, trail.stop, 60_500);
    expect(r.stopPrice).toBe('60197.5');
    expect(fake.algoOrders().map((a) => [a.triggerPrice, a.algoStatus])).toEqual([['59700', 'CANCELED'], ['60197.5', 'NEW']]);

    // a looser level (the trail never offers one, but a stale caller might) and a 3-tick move: no calls
    h.clock.advance(10_000);
    const before = fake.requests.length;
    expect((await mgr.update(pos, 60_000, 60_500)).stopPrice).toBe('60197.5');
    expect((await mgr.update(pos, 60_197.8, 60_500)).stopPrice).toBe('60197.5');
    expect(fake.requests.length).toBe(before);

    // We stop updating (services down); the price falls through the stop and the venue closes the position.
    fake.setPrice('BTCUSDT', '60190');
    expect(fake.position('BTCUSDT')).toBe('0');
    expect(fake.algoOrders().map((a) => a.algoStatus)).toEqual(['CANCELED', 'FINISHED']);
    expect(records).toEqual(['resting 59700.0', 'resting 60197.5']);
  });

  it('release() cancels the resting stop when the client closes the position first', async () => {
    const h = await binanceVenue(fake, 'perp');
    await h.venue.createOrder({ clientOrderId: 'cx-0000000000eeeeeeeeee', symbol: BTC, side: 'buy', type: 'market', amount: '0.010' });
    const mgr = new ProtectiveStopManager({ venue: h.venue, clock: h.clock });
    const pos = { positionId: 'pos-2', symbol: BTC, side: 'long', amount: '0.010' } as const;
    await mgr.update(pos, 59_700, 60_000);
    const released = await mgr.release('pos-2');
    expect(released).toMatchObject({ status: ProtectionStatus.Released, clientOrderId: null, orphans: [] });
    expect(fake.algoOrders().map((a) => a.algoStatus)).toEqual(['CANCELED']);
    expect(mgr.record('pos-2')?.mode).toBe(StopMode.ReduceOnly);
  });

  it('falls back to REST polling (fetchMyTrades → /fapi/v1/userTrades) when the user-data stream cannot start', async () => {
    const h = await binanceVenue(fake, 'perp', { pro: true, extra: { pollSleeper: realSleeper, fills: { pollIntervalMs: 20, websocketRetryMs: 3_600_000 } } });
    const fills: VenueFill[] = [];
    const errors: unknown[] = [];
    await h.venue.createOrder({ clientOrderId: 'cx-0000000000ffffffffff', symbol: BTC, side: 'buy', type: 'market', amount: '0.010' });
    const stop = h.venue.watchFills((f) => fills.push(f), (e) => errors.push(e));
    await until(() => fills.length >= 1);
    await stop();
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(h.events.filter((e) => e.type === 'fills_mode').map((e) => (e.type === 'fills_mode' ? e.mode : ''))).toEqual(['websocket', 'polling']);
    // fee 0.010 × 60,000 × 0.04 % = 0.24 USDT
    expect(fills).toEqual([expect.objectContaining({ clientOrderId: 'cx-0000000000ffffffffff', symbol: BTC, side: 'buy', price: '60000', amount: '0.010', fee: { cost: '0.24', currency: 'USDT' } })]);
    expect(fake.requests.some((r) => r.path === '/fapi/v1/userTrades')).toBe(true);
  });
});

async function until(cond: () => boolean, tries = 500): Promise<void> {
  for (let i = 0; i < tries && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error('condition not met');
}
