import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeBinance, startFakeBinance } from './index.js';

// The fake's own contract: what the tests that use it rely on, checked against Binance's documentation.
describe('fake Binance (one server: market data, streams, spot and USDⓈ-M)', () => {
  let fake: FakeBinance;
  beforeEach(async () => {
    fake = await startFakeBinance();
  });
  afterEach(async () => {
    await fake.close();
  });

  const get = async (pathAndQuery: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fake.httpBase}${pathAndQuery}`, { headers });
    const body: unknown = await res.json();
    return { status: res.status, body };
  };

  it('lists one symbol model in both markets: BTCUSDT tick 0.10 and step 0.001 on /api/v3 and /fapi/v1', async () => {
    const spot = await get('/api/v3/exchangeInfo');
    const perp = await get('/fapi/v1/exchangeInfo');
    const ExchangeInfo = z.object({ symbols: z.array(z.object({ symbol: z.string(), filters: z.array(z.record(z.string(), z.unknown())) })) });
    const filtersOf = (body: unknown, type: string) =>
      ExchangeInfo.parse(body).symbols.find((s) => s.symbol === 'BTCUSDT')?.filters.find((f) => f.filterType === type);
    expect(filtersOf(spot.body, 'PRICE_FILTER')).toMatchObject({ tickSize: '0.10' });
    expect(filtersOf(perp.body, 'PRICE_FILTER')).toMatchObject({ tickSize: '0.10' });
    expect(filtersOf(spot.body, 'LOT_SIZE')).toMatchObject({ stepSize: '0.001', minQty: '0.001' });
    expect(filtersOf(perp.body, 'LOT_SIZE')).toMatchObject({ stepSize: '0.001', minQty: '0.001' });
  });

  it('logs each request parsed and as sent; an unknown path is a 404 recorded in unhandled', async () => {
    expect((await get('/api/v3/depth?symbol=BTCUSDT')).status).toBe(404);
    expect(fake.requestLines).toEqual(['GET /api/v3/depth?symbol=BTCUSDT']);
    expect(fake.requests).toEqual([{ method: 'GET', path: '/api/v3/depth', params: { symbol: 'BTCUSDT' } }]);
    expect(fake.unhandled).toEqual(['GET /api/v3/depth?symbol=BTCUSDT']);
  });

  it('answers SIGNED endpoints without an API key with -2014, as Binance documents', async () => {
    expect(await get(`/api/v3/account?timestamp=${Date.now()}&signature=x`)).toEqual({ status: 401, body: { code: -2014, msg: 'API-key format invalid.' } });
    expect(await get(`/api/v3/account?timestamp=${Date.now() - 60_000}&signature=x`, { 'X-MBX-APIKEY': 'k' })).toMatchObject({ status: 400, body: { code: -1021 } });
  });

  it('keeps a trade-history fault until cleared, and serves the tape again after', async () => {
    fake.recordTrade({ symbol: 'BTCUSDT', id: 7, price: '60000.10', qty: '0.002', time: 1_000, buyerIsMaker: true });
    fake.failTradeHistory({ status: 429, code: -1003, msg: 'Too many requests.' });
    expect(await get('/api/v3/trades?symbol=BTCUSDT')).toEqual({ status: 429, body: { code: -1003, msg: 'Too many requests.' } });
    expect((await get('/api/v3/historicalTrades?symbol=BTCUSDT&fromId=7')).status).toBe(429);
    fake.failTradeHistory(null);
    // quoteQty 60000.10 × 0.002 = 120.0002; isBuyerMaker true: the aggressor sold.
    expect(await get('/api/v3/historicalTrades?symbol=BTCUSDT&fromId=7')).toEqual({
      status: 200,
      body: [{ id: 7, price: '60000.10', qty: '0.002', quoteQty: '120.00020000', time: 1_000, isBuyerMaker: true, isBestMatch: true }],
    });
    expect(await get('/api/v3/trades?symbol=XRPUSDT')).toEqual({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
  });
});

// Issue 11 #9: a request the venue applies after the client gave up, unless its recvWindow has passed by then.
describe('fake Binance late-landing fault', () => {
  let fake: FakeBinance;
  let offset = 0;
  beforeEach(async () => {
    offset = 0;
    fake = await startFakeBinance({ now: () => Date.now() + offset });
  });
  afterEach(async () => {
    await fake.close();
  });

  const order = (cid: string) => {
    const q = new URLSearchParams({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.010', newClientOrderId: cid, recvWindow: '10000', timestamp: String(Date.now()), signature: 'x' });
    return fetch(`${fake.httpBase}/fapi/v1/order`, { method: 'POST', headers: { 'X-MBX-APIKEY': 'k', 'content-type': 'application/x-www-form-urlencoded' }, body: q.toString() });
  };
  const landed = async () => {
    while (fake.lateLandings[0]?.outcome === null) await new Promise((r) => setTimeout(r, 10));
    return fake.lateLandings[0]?.outcome;
  };

  it('drops the connection at once and applies the order later, inside its recvWindow', async () => {
    fake.injectFault({ method: 'POST', path: '/fapi/v1/order' }, { kind: 'late_landing', landAfterMs: 50 });
    await expect(order('cx-late-1')).rejects.toThrow();
    expect(fake.orders('perp')).toEqual([]);
    expect((await landed())?.status).toBe(200);
    expect(fake.orders('perp')).toMatchObject([{ clientOrderId: 'cx-late-1', status: 'FILLED', executedQty: '0.01' }]);
  });

  it('makes no order when it lands after its recvWindow (-4188, the matching engine check)', async () => {
    fake.injectFault({ method: 'POST', path: '/fapi/v1/order' }, { kind: 'late_landing', landAfterMs: 50 });
    await expect(order('cx-late-2')).rejects.toThrow();
    offset = 10_001; // the venue's clock passes the 10 000 ms recvWindow before the request lands
    expect(await landed()).toMatchObject({ status: 400, body: { code: -4188 } });
    expect(fake.orders('perp')).toEqual([]);
  });
});
