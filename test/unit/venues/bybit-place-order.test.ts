import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeOrder } from '../../../adapters/src/execution/place-order.js';
import type { LiveOrderDoc } from '../../../adapters/src/execution/live-docs.js';
import { type FakeBybit, startFakeBybit } from '../../fakes/bybit/index.js';
import { bybitVenue } from '../../fakes/bybit/venue-harness.js';

const BTC = 'BTC/USDT:USDT';

/**
 * The fields of an order document placeOrder reads (leverage, request, symbol, client id); the rest
 * (envelope, entry context) belongs to the Firestore path the integration tests cover.
 */
function entryDoc(clientOrderId: string, leverage: number | null): LiveOrderDoc {
  const doc: Pick<LiveOrderDoc, 'clientOrderId' | 'symbol' | 'leverage' | 'request'> = {
    clientOrderId, symbol: BTC, leverage,
    request: { clientOrderId, symbol: BTC, side: 'buy', type: 'market', amount: '0.010', reduceOnly: false },
  };
  return doc as LiveOrderDoc;
}

const noWait = { sleep: async () => undefined };

// The live placement path (adapters/src/execution/place-order.ts) on the second venue.
describe('placeOrder on Bybit v5 (real ccxt client, local fake)', () => {
  let fake: FakeBybit;
  beforeEach(async () => {
    fake = await startFakeBybit();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('Bybit answers a placement with ids only: the adapter reports it open, and settle() reads the fill by orderLinkId', async () => {
    const { venue } = bybitVenue(fake, 'perp');
    const unsettled = await placeOrder(venue, entryDoc('cx-place-00000001', 5), { settle: { attempts: 0, intervalMs: 0 }, ...noWait });
    expect(unsettled).toMatchObject({ order: { clientOrderId: 'cx-place-00000001', status: 'open', filled: '0.000' } });
    const settled = await placeOrder(venue, entryDoc('cx-place-00000002', 5), { settle: { attempts: 3, intervalMs: 0 }, ...noWait });
    expect(settled).toMatchObject({ order: { clientOrderId: 'cx-place-00000002', status: 'closed', filled: '0.010', average: '60000' } });
    expect(fake.leverage('BTCUSDT')).toBe('5');
    expect(fake.position('BTCUSDT').size).toBe('0.02');
  });

  it('a lost answer with retries spent: placeOrder asks Bybit by orderLinkId and records the one order there', async () => {
    const { venue } = bybitVenue(fake, 'perp', { retry: { maxAttempts: 1 } });
    await venue.market(BTC);
    fake.injectFault({ method: 'POST', path: '/v5/order/create' }, { kind: 'lost' });
    const out = await placeOrder(venue, entryDoc('cx-place-00000003', null), { settle: { attempts: 1, intervalMs: 0 }, ...noWait });
    expect(out).toMatchObject({ order: { clientOrderId: 'cx-place-00000003', status: 'closed', filled: '0.010' } });
    expect(fake.orders()).toHaveLength(1);
  });

  it('a refusal Bybit never turned into an order (110007 Available balance is insufficient) is a refusal', async () => {
    const { venue } = bybitVenue(fake, 'perp');
    const big = entryDoc('cx-place-00000004', null);
    const out = await placeOrder(venue, { ...big, request: { ...big.request, amount: '5.000' } }, { settle: { attempts: 1, intervalMs: 0 }, ...noWait });
    expect(out).toMatchObject({ refused: expect.stringMatching(/110007/) });
    expect(fake.orders()).toEqual([]);
  });
});
