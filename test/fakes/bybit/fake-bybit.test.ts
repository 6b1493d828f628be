import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_BYBIT_KEY, FAKE_BYBIT_SECRET, type FakeBybit, bybitClientForFake, startFakeBybit } from './index.js';

const BTC = 'BTC/USDT:USDT';
const POST_CREATE = { method: 'POST', path: '/v5/order/create' } as const;

/** A private request signed as docs/v5/guide says: HMAC-SHA256(secret, timestamp + key + recvWindow + payload), hex. */
async function signedGet(fake: FakeBybit, path: string, query: string, opts: { secret?: string; timestamp?: number } = {}): Promise<{ status: number; body: { retCode: number; retMsg: string; result: unknown } }> {
  const ts = String(opts.timestamp ?? Date.now());
  const sign = createHmac('sha256', opts.secret ?? FAKE_BYBIT_SECRET).update(`${ts}${FAKE_BYBIT_KEY}5000${query}`).digest('hex');
  const res = await fetch(`${fake.httpBase}${path}?${query}`, { headers: { 'X-BAPI-API-KEY': FAKE_BYBIT_KEY, 'X-BAPI-TIMESTAMP': ts, 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN': sign } });
  return { status: res.status, body: (await res.json()) as { retCode: number; retMsg: string; result: unknown } };
}

// The fake's contract, driven through the real ccxt bybit client (its signing, parsing and error table).
describe('fake Bybit v5 (real ccxt bybit client)', () => {
  let fake: FakeBybit;
  beforeEach(async () => {
    fake = await startFakeBybit();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves instruments-info so ccxt derives the documented precisions; the perp client loads only the linear category', async () => {
    const perp = bybitClientForFake(fake, 'perp');
    const linear = await perp.loadMarkets();
    // Bybit BTCUSDT perp: tickSize 0.10, qtyStep 0.001; ETHUSDT perp: tickSize 0.01, qtyStep 0.01; min value 5 USDT.
    expect(linear[BTC]).toMatchObject({ id: 'BTCUSDT', swap: true, linear: true, settle: 'USDT', precision: { price: 0.1, amount: 0.001 }, limits: { amount: { min: 0.001 }, cost: { min: 5 } } });
    expect(linear['ETH/USDT:USDT']?.precision).toEqual({ price: 0.01, amount: 0.01 });
    expect(linear['BTC/USDT']).toBeUndefined();
    const spot = bybitClientForFake(fake, 'spot');
    const spots = await spot.loadMarkets();
    // Spot BTCUSDT: basePrecision 0.000001, tickSize 0.01, minOrderAmt 1.
    expect(spots['BTC/USDT']).toMatchObject({ spot: true, precision: { price: 0.01, amount: 0.000001 }, limits: { cost: { min: 1 } } });
    expect(fake.requestLines.filter((l) => l.startsWith('GET /v5/market/instruments-info'))).toEqual([
      'GET /v5/market/instruments-info?category=linear&limit=1000',
      'GET /v5/market/instruments-info?category=linear&limit=1000&status=PreLaunch',
      'GET /v5/market/instruments-info?category=spot',
    ]);
    expect(fake.unhandled).toEqual([]);
  });

  it('checks the HMAC sign: the doc formula is accepted, a wrong secret is 10004 (ccxt AuthenticationError), a stale timestamp 10002', async () => {
    const ok = await signedGet(fake, '/v5/account/wallet-balance', 'accountType=UNIFIED');
    expect(ok).toMatchObject({ status: 200, body: { retCode: 0, retMsg: 'OK' } });
    const badSign = await signedGet(fake, '/v5/account/wallet-balance', 'accountType=UNIFIED', { secret: 'not-the-secret' });
    expect(badSign).toMatchObject({ status: 401, body: { retCode: 10004 } });
    // server_time - recv_window <= timestamp: 6 s old with a 5 s window is out.
    const stale = await signedGet(fake, '/v5/account/wallet-balance', 'accountType=UNIFIED', { timestamp: Date.now() - 6_000 });
    expect(stale.body.retCode).toBe(10002);

    const wrong = bybitClientForFake(fake, 'perp', { secret: 'not-the-secret' });
    // ccxt's loadMarkets already signs one call (fetchCurrencies → /v5/asset/coin/query-info).
    await expect(wrong.loadMarkets()).rejects.toMatchObject({ name: 'AuthenticationError' });
    await expect(wrong.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'sig-1' })).rejects.toMatchObject({ name: 'AuthenticationError' });
    expect(fake.orders()).toEqual([]);
    expect(fake.requests.filter((r) => r.retCode === 10004).length).toBeGreaterThanOrEqual(1);
  });

  it('orderLinkId is always unique: a filled order\'s id is refused with 110072, and found by id though no longer open', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'link-1' });
    await expect(ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'link-1' })).rejects.toThrow(/"retCode":110072/);
    expect(fake.orders()).toHaveLength(1);
    // openOnly is ignored when querying by orderLinkId (docs/v5/order/open-order); a plain query lists open orders only.
    const byLink = await ex.fetchOpenOrders(BTC, undefined, undefined, { orderLinkId: 'link-1' });
    // fee 0.01 × 60,000 × 0.055 % = 0.33 USDT
    expect(byLink.map((o) => [o.clientOrderId, o.status, o.filled, o.average, o.fee?.cost])).toEqual([['link-1', 'closed', 0.01, 60000, 0.33]]);
    expect(await ex.fetchOpenOrders(BTC)).toEqual([]);
    expect(fake.walletBalance('USDT')).toBe('9999.67');
  });

  it('a reduce-only conditional stop rests Untriggered, refuses the wrong side of the price, fires when the price falls through it and closes the position', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.setLeverage(5, BTC);
    await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'entry-1' });
    // isolated-style estimate: 60,000 × (1 − 1/5 + 0.005) = 48,300
    expect(fake.position('BTCUSDT')).toEqual({ side: 'Buy', size: '0.01', avgPrice: '60000', liqPrice: '48300', leverage: '5' });
    // A falling trigger above the last price would fire at once: 110093.
    await expect(ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'stop-0', stopLossPrice: 60100, reduceOnly: true })).rejects.toThrow(/"retCode":110093/);
    await ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'stop-1', stopLossPrice: 59700, reduceOnly: true });
    expect(fake.requests.filter((r) => r.path === '/v5/order/create').at(-1)?.params).toMatchObject({ category: 'linear', side: 'Sell', orderType: 'Market', qty: '0.01', triggerPrice: '59700', triggerDirection: 2, reduceOnly: true, orderLinkId: 'stop-1' });
    const [open] = await ex.fetchOpenOrders(BTC);
    expect(open).toMatchObject({ clientOrderId: 'stop-1', status: 'open', triggerPrice: 59700, stopLossPrice: 59700, reduceOnly: true });

    fake.setPrice('BTCUSDT', '59750');
    expect(fake.position('BTCUSDT').size).toBe('0.01');
    fake.setPrice('BTCUSDT', '59650');
    expect(fake.position('BTCUSDT')).toMatchObject({ side: '', size: '0' });
    expect(fake.orders().find((o) => o.orderLinkId === 'stop-1')).toMatchObject({ orderStatus: 'Filled', cumExecQty: '0.01' });
    // 10,000 − 0.33 (entry fee) + (59,650 − 60,000) × 0.01 − 0.01 × 59,650 × 0.055 % = 10,000 − 0.33 − 3.5 − 0.328075
    expect(fake.walletBalance('USDT')).toBe('9995.841925');
    const [closed] = await ex.fetchClosedOrders(BTC, undefined, undefined, { orderLinkId: 'stop-1' });
    expect(closed).toMatchObject({ status: 'closed', average: 59650 });
  });

  it('a triggered reduce-only stop with no position left is cancelled (CancelByReduceOnly), never opening one', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'entry-2' });
    await ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'stop-2', stopLossPrice: 59700, reduceOnly: true });
    await ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'exit-2', reduceOnly: true });
    fake.setPrice('BTCUSDT', '59000');
    expect(fake.position('BTCUSDT').size).toBe('0');
    expect(fake.orders().find((o) => o.orderLinkId === 'stop-2')?.orderStatus).toBe('Cancelled');
    // A plain reduce-only order with nothing to reduce: 110017.
    await expect(ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'exit-3', reduceOnly: true })).rejects.toThrow(/"retCode":110017/);
  });

  it('cancels a stop by orderLinkId (Deactivated); cancelling it again is 110001 (ccxt OrderNotFound)', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'entry-4' });
    await ex.createOrder(BTC, 'market', 'sell', 0.01, undefined, { clientOrderId: 'stop-4', stopLossPrice: 59700, reduceOnly: true });
    await ex.cancelOrder(undefined as unknown as string, BTC, { orderLinkId: 'stop-4' });
    expect(fake.orders().find((o) => o.orderLinkId === 'stop-4')?.orderStatus).toBe('Deactivated');
    await expect(ex.cancelOrder(undefined as unknown as string, BTC, { orderLinkId: 'stop-4' })).rejects.toMatchObject({ name: 'OrderNotFound' });
    fake.setPrice('BTCUSDT', '59000');
    expect(fake.position('BTCUSDT').size).toBe('0.01');
  });

  it('a lost response: the order is applied and the answer dropped (ccxt NetworkError); it is there by orderLinkId', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.loadMarkets();
    fake.injectFault(POST_CREATE, { kind: 'lost' });
    await expect(ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'lost-1' })).rejects.toMatchObject({ name: expect.stringMatching(/NetworkError|RequestTimeout|ExchangeNotAvailable/) });
    expect(fake.orders().map((o) => [o.orderLinkId, o.orderStatus])).toEqual([['lost-1', 'Filled']]);
  });

  it('a late landing: held until the client gave up, then applied; a landing after a retry under the same id is refused 110072', async () => {
    const ex = bybitClientForFake(fake, 'perp', { timeoutMs: 200 });
    await ex.loadMarkets();
    fake.injectFault(POST_CREATE, { kind: 'late' });
    await expect(ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'late-1' })).rejects.toMatchObject({ name: 'RequestTimeout' });
    expect(fake.orders()).toEqual([]);
    await ex.createOrder(BTC, 'market', 'buy', 0.01, undefined, { clientOrderId: 'late-1' });
    expect(fake.landLate()).toEqual([110072]);
    expect(fake.orders()).toHaveLength(1);
    expect(fake.position('BTCUSDT').size).toBe('0.01');
  });

  it('reports the unified wallet and the position as ccxt reads them', async () => {
    const ex = bybitClientForFake(fake, 'perp');
    await ex.setLeverage(4, BTC);
    await ex.createOrder(BTC, 'market', 'buy', 0.02, undefined, { clientOrderId: 'bal-1' });
    fake.setPrice('BTCUSDT', '61000');
    // wallet 10,000 − 0.02 × 60,000 × 0.055 % (0.66) = 9,999.34; IM 1,200 / 4 = 300; ccxt: used = IM, free = total − used
    expect((await ex.fetchBalance()).USDT).toMatchObject({ total: 9999.34, used: 300, free: 9699.34 });
    const [p] = await ex.fetchPositions([BTC]);
    // unrealised (61,000 − 60,000) × 0.02 = 20; liq 60,000 × (1 − 0.25 + 0.005) = 45,300
    expect(p).toMatchObject({ side: 'long', contracts: 0.02, entryPrice: 60000, unrealizedPnl: 20, liquidationPrice: 45300, leverage: 4 });
  });
});
