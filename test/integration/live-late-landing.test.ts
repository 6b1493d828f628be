import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/stack-harness.js';
import { BTC_PERP, type LiveStack, entryId, liveSignal, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11 defect 9, through the deployed route. The fake's `late_landing` fault: the entry's
 * `POST /fapi/v1/order` reaches Binance, the connection drops before any answer (the client gave up,
 * outcome unknown), and the order is applied 8 s later — inside ccxt's 10 s recvWindow, so the
 * matching engine still accepts it. Binance refuses a duplicate client order id only while the first
 * order is open; a filled market order's id can be used again. Whatever re-places the order before the
 * late request has landed or expired doubles it.
 */
let s: LiveStack;
beforeAll(async () => {
  s = await startLiveStack('live-late', { venues: ['binance_perp'] });
});
afterAll(async () => {
  await s?.stop();
});

describe('exactly once when a request lands after the client gave up (issue 11 #9)', () => {
  it('an entry whose request lands late is one order on the venue', async () => {
    const cid = entryId('late-btc');
    s.fake.injectFault({ method: 'POST', path: '/fapi/v1/order' }, { kind: 'late_landing', landAfterMs: 8_000 }, 1);
    await publishSignal(s, liveSignal('late-btc', BTC_PERP, '60000'));
    const order = await settledOrder(s, cid, 200_000);
    await waitFor('the late request to land', async () => s.fake.lateLandings[0]?.outcome ?? null, 30_000);
    // The late request became an order (it landed inside its recvWindow).
    expect(s.fake.lateLandings[0]?.outcome?.status).toBe(200);
    const onVenue = s.fake.orders('perp').filter((o) => o.clientOrderId === cid);
    expect(onVenue.map((o) => `${o.type} ${o.status} ${o.executedQty}`)).toEqual([`MARKET FILLED ${String(order.amount)}`]);
    expect(s.fake.position('BTCUSDT')).toBe(String(order.amount));
  }, 240_000);
});
