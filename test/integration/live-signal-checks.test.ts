import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveStack, entryId, liveSignal, perp, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11 defect 8, through the deployed route (execute on functions-framework behind the emulated
 * Pub/Sub, a `live` module, the Binance fake at 3000 for every symbol but BTC).
 */
let s: LiveStack;
beforeAll(async () => {
  s = await startLiveStack('live-checks', { venues: ['binance_perp'] });
});
afterAll(async () => {
  await s?.stop();
});

const venueOrders = (symbol: string) => s.fake.orders('perp').filter((o) => o.symbol === symbol);

describe('stale and mispriced signals never reach the venue (issue 11 #8)', () => {
  it('a fresh signal at the venue price is placed (the control)', async () => {
    await publishSignal(s, liveSignal('fresh-doge', perp('DOGE'), '3000'));
    expect(await settledOrder(s, entryId('fresh-doge'))).toMatchObject({ status: 'filled' });
    expect(venueOrders('DOGEUSDT')).toHaveLength(1);
  });

  it('a signal older than 5 s is refused by default (maxSignalAgeMs on, 5000 ms)', async () => {
    // Reference trade 10 s old: 10000 ms > the 5000 ms default.
    await publishSignal(s, liveSignal('stale-xrp', perp('XRP'), '3000', { ageMs: 10_000 }));
    const order = await settledOrder(s, entryId('stale-xrp'));
    expect(order).toMatchObject({ status: 'rejected', handler: 'sanity' });
    expect(String(order.reason)).toMatch(/signal is \d+ ms old \(max 5000 ms\)/);
    expect(venueOrders('XRPUSDT')).toHaveLength(0);
  });

  it("the fat-finger check compares the signal's price with the venue's current price", async () => {
    // The signal saw 3300; the venue trades at 3000: 300 / 3000 = 10 % off, outside the 1 % band.
    await publishSignal(s, liveSignal('fat-ada', perp('ADA'), '3300'));
    const order = await settledOrder(s, entryId('fat-ada'));
    expect(order).toMatchObject({ status: 'rejected', handler: 'sanity' });
    expect(String(order.reason)).toContain('3300 is 10 % from the last trade 3000');
    expect(venueOrders('ADAUSDT')).toHaveLength(0);
  });
});
