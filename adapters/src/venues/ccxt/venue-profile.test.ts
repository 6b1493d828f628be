import { describe, expect, it } from 'vitest';
import { ClockSleeper, ManualClock, SeededRandom } from '@cascade/core';
import { CcxtVenue } from './ccxt-venue.js';
import { type RecordingClient, recordingClient } from '../../../../test/fakes/ccxt/recording-client.js';
import { type AccountKind, type VenueId, venueProfiles } from './venue-profile.js';

// Offline: real ccxt clients with hand-made markets; network methods recorded, never called.
// Each order also goes through ccxt's own request builder (createOrderRequest / createOrdersRequest),
// so the assertions are on the venue's documented wire fields.
function venueOn(id: VenueId, kind: AccountKind = 'perp'): { venue: CcxtVenue; rec: RecordingClient } {
  const rec = recordingClient(id, venueProfiles[id].ccxtOptions(kind));
  const clock = new ManualClock(1_700_000_000_000);
  const venue = new CcxtVenue({ profile: venueProfiles[id], kind, client: rec.client, clock, sleeper: new ClockSleeper(clock), random: new SeededRandom(1) });
  return { venue, rec };
}
const last = (rec: RecordingClient, method: string) => [...rec.calls].reverse().find((c) => c.method === method)?.args;

describe('venue profiles: what ccxt is called with, and what it would send', () => {
  describe('binance', () => {
    it('perp stop: STOP_MARKET, triggerPrice, reduceOnly, our id as clientAlgoId (Algo Service)', async () => {
      const { venue, rec } = venueOn('binance');
      await venue.createOrder({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'stop', amount: '0.010', stopPrice: '59700.0', reduceOnly: true });
      expect(last(rec, 'createOrder')).toEqual(['BTC/USDT:USDT', 'market', 'sell', 0.01, undefined, { clientOrderId: 'cs-00112233445566778899', stopLossPrice: '59700.0', reduceOnly: true }]);
      // ccxt prints decimals without trailing zeros
      expect(rec.wire[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: '0.01', triggerPrice: '59700', reduceOnly: true, clientAlgoId: 'cs-00112233445566778899' });
    });

    it('spot: no reduceOnly on the wire (spot has none), a stop is a STOP_LOSS sell', async () => {
      const { venue, rec } = venueOn('binance', 'spot');
      await venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDT', side: 'sell', type: 'market', amount: '0.01000', reduceOnly: true });
      expect(rec.wire[0]).toMatchObject({ type: 'MARKET', newClientOrderId: 'cx-00112233445566778899' });
      expect(rec.wire[0]).not.toHaveProperty('reduceOnly');
      await venue.createOrder({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDT', side: 'sell', type: 'stop', amount: '0.01000', stopPrice: '59000.00' });
      expect(rec.wire[1]).toMatchObject({ type: 'STOP_LOSS', stopPrice: '59000', quantity: '0.01', newClientOrderId: 'cs-00112233445566778899' });
      await expect(venue.createOrder({ clientOrderId: 'cs-aa112233445566778899', symbol: 'BTC/USDT', side: 'buy', type: 'stop', amount: '0.01000', stopPrice: '61000.00' })).rejects.toThrow(/can only sell/);
    });

    it('finds a perp order by client id among plain orders, then among algo orders', async () => {
      const { venue, rec } = venueOn('binance');
      expect(await venue.fetchOrderByClientId('BTC/USDT:USDT', 'cx-00112233445566778899')).toBeNull();
      expect(rec.calls.filter((c) => c.method === 'fetchOrder').map((c) => c.args.slice(1))).toEqual([
        ['BTC/USDT:USDT', { clientOrderId: 'cx-00112233445566778899' }],
        ['BTC/USDT:USDT', { clientOrderId: 'cx-00112233445566778899', trigger: true }],
      ]);
    });
  });

  describe('bybit (v5, one-way mode)', () => {
    it('entry: orderLinkId = our id, category linear, qty in base', async () => {
      const { venue, rec } = venueOn('bybit');
      await venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.010' });
      expect(rec.wire[0]).toEqual({ symbol: 'BTCUSDT', side: 'Buy', orderType: 'Market', orderLinkId: 'cx-00112233445566778899', category: 'linear', qty: '0.01' });
    });

    it('stop: conditional market order, triggerDirection 2 (falling) for a sell, reduceOnly', async () => {
      const { venue, rec } = venueOn('bybit');
      await venue.createOrder({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'stop', amount: '0.010', stopPrice: '59700.0', reduceOnly: true });
      expect(rec.wire[0]).toMatchObject({ side: 'Sell', orderType: 'Market', orderLinkId: 'cs-00112233445566778899', triggerDirection: 2, triggerPrice: '59700', reduceOnly: true, qty: '0.01' });
      await venue.createOrder({ clientOrderId: 'cs-aa112233445566778899', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'stop', amount: '0.010', stopPrice: '60300.0', reduceOnly: true });
      expect(rec.wire[1]).toMatchObject({ side: 'Buy', triggerDirection: 1, triggerPrice: '60300' });
    });

    it('cancels and looks up by orderLinkId; leverage and margin calls carry what bybit needs', async () => {
      const { venue, rec } = venueOn('bybit');
      await venue.cancelOrder('BTC/USDT:USDT', 'cs-00112233445566778899');
      expect(last(rec, 'cancelOrder')).toEqual([undefined, 'BTC/USDT:USDT', { orderLinkId: 'cs-00112233445566778899' }]);
      const request = (rec.client as unknown as { cancelOrderRequest: (...a: unknown[]) => unknown }).cancelOrderRequest(undefined, 'BTC/USDT:USDT', { orderLinkId: 'cs-00112233445566778899' });
      expect(request).toEqual({ symbol: 'BTCUSDT', category: 'linear', orderLinkId: 'cs-00112233445566778899' });
      await venue.fetchOrderByClientId('BTC/USDT:USDT', 'cx-00112233445566778899');
      expect(rec.calls.filter((c) => c.method === 'fetchOpenOrders' || c.method === 'fetchClosedOrders').map((c) => [c.method, c.args[3]])).toEqual([
        ['fetchOpenOrders', { orderLinkId: 'cx-00112233445566778899' }],
        ['fetchClosedOrders', { orderLinkId: 'cx-00112233445566778899' }],
      ]);
      await venue.setLeverage('BTC/USDT:USDT', 4);
      await venue.setMarginMode('BTC/USDT:USDT', 'isolated');
      expect(last(rec, 'setLeverage')).toEqual([4, 'BTC/USDT:USDT', {}]);
      expect(last(rec, 'setMarginMode')).toEqual(['isolated', 'BTC/USDT:USDT', { leverage: '4' }]);
    });
  });

  describe('okx (v5, net mode)', () => {
    it('entry: amount in contracts (0.010 BTC / ctVal 0.01 = 1), clOrdId without the dash, tdMode on the order', async () => {
      const { venue, rec } = venueOn('okx');
      await venue.setMarginMode('BTC/USDT:USDT', 'isolated');
      const o = await venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.010' });
      expect(last(rec, 'createOrder')?.[3]).toBe(1);
      expect(rec.wire[0]).toEqual({ instId: 'BTC-USDT-SWAP', side: 'buy', ordType: 'market', sz: '1', tdMode: 'isolated', clOrdId: 'cx00112233445566778899' });
      expect(o).toMatchObject({ clientOrderId: 'cx-00112233445566778899', amount: '0.0100' });
      expect(last(rec, 'setMarginMode')).toEqual(['isolated', 'BTC/USDT:USDT', { lever: 3 }]);
    });

    it('stop: conditional algo order, slOrdPx -1 (market), reduceOnly, our id as algoClOrdId', async () => {
      const { venue, rec } = venueOn('okx', 'perp');
      await venue.createOrder({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDT:USDT', side: 'sell', type: 'stop', amount: '0.020', stopPrice: '59700.0', reduceOnly: true });
      expect(rec.wire[0]).toMatchObject({ instId: 'BTC-USDT-SWAP', side: 'sell', ordType: 'conditional', sz: '2', slTriggerPx: '59700', slOrdPx: '-1', reduceOnly: true, algoClOrdId: 'cs00112233445566778899', tdMode: 'isolated' });
      // ccxt still adds its broker clOrdId/tag when no clientOrderId is passed; our id rides in algoClOrdId.
      expect(rec.wire[0]?.clOrdId).not.toBe('cs00112233445566778899');
    });

    it('positions: contracts × ctVal = base amount; leverage goes with mgnMode', async () => {
      const { venue, rec } = venueOn('okx');
      rec.positions = [{ symbol: 'BTC/USDT:USDT', side: 'short', contracts: 3, contractSize: 0.01, entryPrice: 60123.4, leverage: 3, marginMode: 'isolated', unrealizedPnl: -1.5, info: {} }];
      expect(await venue.fetchPositions()).toEqual([{ symbol: 'BTC/USDT:USDT', side: 'short', amount: '0.0300', entryPrice: '60123.4', leverage: 3, marginMode: 'isolated', unrealizedPnl: '-1.5' }]);
      await venue.setLeverage('BTC/USDT:USDT', 5);
      expect(last(rec, 'setLeverage')).toEqual([5, 'BTC/USDT:USDT', { marginMode: 'isolated' }]);
    });
  });

  describe('hyperliquid (perps)', () => {
    it('entry: cloid packs our id, the market order is an IOC limit 5 % through the reference price', async () => {
      const { venue, rec } = venueOn('hyperliquid');
      await expect(venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDC:USDC', side: 'buy', type: 'market', amount: '0.01' })).rejects.toThrow(/referencePrice/);
      await venue.createOrder({ clientOrderId: 'cx-00112233445566778899', symbol: 'BTC/USDC:USDC', side: 'buy', type: 'market', amount: '0.01', referencePrice: '60000' });
      // 'cx' = 0x6378, left-padded to 6 bytes, then the 10 hash bytes
      const order = ((rec.wire[0]?.action as { orders: unknown[] }).orders)[0];
      expect(order).toEqual({ a: 0, b: true, p: '63000', s: '0.01', r: false, t: { limit: { tif: 'Ioc' } }, c: '0x00000000637800112233445566778899' });
    });

    it('stop: trigger {isMarket, tpsl: sl}, reduce-only, price cut to 5 significant digits away from the market', async () => {
      const { venue, rec } = venueOn('hyperliquid');
      // 60,197.5 has 6 significant digits; ccxt would round it up to 60,198 (tighter); we send 60,197.
      await venue.createOrder({ clientOrderId: 'cs-00112233445566778899', symbol: 'BTC/USDC:USDC', side: 'sell', type: 'stop', amount: '0.01', stopPrice: '60197.5', reduceOnly: true });
      const order = ((rec.wire[0]?.action as { orders: Record<string, unknown>[] }).orders)[0];
      expect(order).toMatchObject({ b: false, s: '0.01', r: true, t: { trigger: { isMarket: true, triggerPx: '60197', tpsl: 'sl' } }, c: '0x00000000637300112233445566778899' });
      await venue.createOrder({ clientOrderId: 'cs-aa112233445566778899', symbol: 'BTC/USDC:USDC', side: 'buy', type: 'stop', amount: '0.01', stopPrice: '60197.5', reduceOnly: true });
      const buy = ((rec.wire[1]?.action as { orders: Record<string, unknown>[] }).orders)[0];
      expect(buy).toMatchObject({ b: true, t: { trigger: { triggerPx: '60198' } } });
    });

    it('leverage carries the margin mode (updateLeverage isCross); margin mode carries the leverage', async () => {
      const { venue, rec } = venueOn('hyperliquid');
      await venue.setLeverage('BTC/USDC:USDC', 3);
      await venue.setMarginMode('BTC/USDC:USDC', 'cross');
      expect(last(rec, 'setLeverage')).toEqual([3, 'BTC/USDC:USDC', { marginMode: 'isolated' }]);
      expect(last(rec, 'setMarginMode')).toEqual(['cross', 'BTC/USDC:USDC', { leverage: 3 }]);
      expect(venue.capabilities).toEqual({ reduceOnlyStop: true, amendStop: false, clientOrderIdMaxLength: 27 });
    });
  });

  it('capabilities: reduce-only stops on every perp account, none on spot (Binance spot offers a sell-stop instead)', () => {
    for (const id of ['binance', 'bybit', 'okx', 'hyperliquid'] as const) expect(venueOn(id).venue.capabilities.reduceOnlyStop).toBe(true);
    for (const id of ['binance', 'bybit', 'okx'] as const) expect(venueOn(id, 'spot').venue.capabilities.reduceOnlyStop).toBe(false);
    expect(venueOn('binance', 'spot').venue.stopSupport).toBe('sell_stop');
    expect(() => venueOn('hyperliquid', 'spot')).toThrow(/no spot account/);
  });
});

describe('createCcxtClient', () => {
  it('builds the ccxt.pro class of the profile with its options, offline', async () => {
    const { createCcxtClient } = await import('./ccxt-client.js');
    const c = createCcxtClient(venueProfiles.binance, 'perp', { credentials: { apiKey: 'k', secret: 's' }, timeoutMs: 2_000 });
    expect(c.id).toBe('binance');
    expect(c.has.watchMyTrades).toBe(true);
    expect(c.timeout).toBe(2_000);
    expect(c.options).toMatchObject({ defaultType: 'swap', fetchCurrencies: false, fetchMarkets: { types: ['linear'] } });
    expect(createCcxtClient(venueProfiles.okx, 'spot', { credentials: {}, pro: false }).has.watchMyTrades).not.toBe(true);
  });
});
