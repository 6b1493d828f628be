import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ccxtTradeFeed } from '../../../adapters/src/venues/ccxt/trade-feed.js';
import { type FakeBybit, bybitProClientForFake, startFakeBybit } from './index.js';

/** The next JSON message on `ws`. */
function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}

// The public trade stream through ccxt.pro bybit and Cascade's trade feed adapter.
describe('fake Bybit v5 public WebSocket (publicTrade.<symbol>)', () => {
  let fake: FakeBybit;
  beforeEach(async () => {
    fake = await startFakeBybit();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('ccxt.pro subscribes to publicTrade.BTCUSDT on /v5/public/linear and parses the pushed trade', async () => {
    const feed = ccxtTradeFeed(await bybitProClientForFake(fake, 'perp'));
    const markets = await feed.loadMarkets();
    expect(markets.spec('BTC/USDT:USDT')).toMatchObject({ pricePrecision: 1, amountPrecision: 3 });
    const next = feed.watchTrades('BTC/USDT:USDT');
    await fake.untilSubscribed('linear', 'publicTrade.BTCUSDT');
    expect(fake.wsRequests).toEqual([expect.objectContaining({ op: 'subscribe', args: ['publicTrade.BTCUSDT'] })]);
    const sent = fake.pushTrade('linear', { symbol: 'BTCUSDT', id: '20f43950-d8dd-5b31-9112-a178eb6023af', price: '60012.5', qty: '0.004', side: 'Sell', time: 1_700_000_000_123 });
    expect(sent).toBe(1);
    const trades = await next;
    expect(trades.map((t) => [t.id, t.symbol, t.side, t.price, t.amount, t.timestamp])).toEqual([['20f43950-d8dd-5b31-9112-a178eb6023af', 'BTC/USDT:USDT', 'sell', 60012.5, 0.004, 1_700_000_000_123]]);
    await feed.close();
  });

  it('answers ping with pong, refuses an unknown topic, and 404s a path it does not serve', async () => {
    const ws = new WebSocket(fake.ccxtUrls.api.ws.public.linear);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ op: 'ping', req_id: 'p1' }));
    expect(await nextMessage(ws)).toMatchObject({ success: true, ret_msg: 'pong', op: 'ping', req_id: 'p1' });
    ws.send(JSON.stringify({ op: 'subscribe', args: ['publicTrade.DOGEUSDT'], req_id: 's1' }));
    expect(await nextMessage(ws)).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:publicTrade.DOGEUSDT', op: 'subscribe' });
    ws.close();
    const bad = new WebSocket(fake.ccxtUrls.api.ws.public.inverse);
    const err = await new Promise<Error>((resolve) => bad.once('error', resolve));
    expect(err.message).toMatch(/404/);
  });
});
