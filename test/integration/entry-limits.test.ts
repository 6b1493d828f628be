import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/stack-harness.js';
import { type LiveStack, entryId, liveSignal, perp, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11, defect 7, through the deployed route (functions on functions-framework behind the emulated
 * Pub/Sub, a `live` module, the Binance fake): the execution chain counted positions and exposure from
 * a snapshot taken before the transaction that claims the symbol's slot, so two entries on different
 * symbols delivered at once both passed `maxOpenPositions` / `maxExposurePct`. The fake holds each new
 * order's answer 1.5 s (applied first), so both signals are surely past the chain before either
 * position is recorded.
 */
let s: LiveStack;
beforeAll(async () => {
  s = await startLiveStack('entry-limits');
});
afterAll(async () => {
  await s?.stop();
});

const entries = (symbols: readonly string[]) => s.fake.orders('perp').filter((o) => symbols.includes(o.symbol) && o.type === 'MARKET' && !o.reduceOnly);

async function configure(execution: Record<string, unknown>): Promise<void> {
  await s.db.doc('strategy_configs/default').set({ execution });
  // The functions re-read the strategy config at most every 5 s (adapters/src/firestore/strategy-config.ts).
  await new Promise((r) => setTimeout(r, 5_500));
}

async function concurrentEntries(ids: readonly [string, string], bases: readonly [string, string]): Promise<Record<string, unknown>[]> {
  s.fake.injectFault({ method: 'POST', path: '/fapi/v1/order' }, { kind: 'delay', ms: 1_500, apply: true }, 2);
  await Promise.all(ids.map((id, i) => publishSignal(s, liveSignal(id, perp(bases[i] as string), '3000'))));
  return Promise.all(ids.map((id) => settledOrder(s, entryId(id))));
}

describe('position and exposure limits hold under concurrent entries (issue 11 #7)', () => {
  it('maxOpenPositions 1: of two entries on different symbols at once, one fills and one is refused', async () => {
    await configure({ maxOpenPositions: 1 });
    const orders = await concurrentEntries(['lim-sol', 'lim-xrp'], ['SOL', 'XRP']);
    expect(orders.map((o) => o.status).sort()).toEqual(['filled', 'rejected']);
    expect(orders.find((o) => o.status === 'rejected')).toMatchObject({ handler: 'position_limit' });
    expect(entries(['SOLUSDT', 'XRPUSDT'])).toHaveLength(1);
  });

  it('maxExposurePct: with one position open, of two more entries at once only the one that fits fills', async () => {
    // Each entry is 30 % of equity in notional (10 % margin × 3×, the sizing cap); 70 % holds two, not three.
    await configure({ maxOpenPositions: 5, maxExposurePct: 0.7 });
    const orders = await concurrentEntries(['lim-ada', 'lim-doge'], ['ADA', 'DOGE']);
    expect(orders.map((o) => o.status).sort()).toEqual(['filled', 'rejected']);
    expect(orders.find((o) => o.status === 'rejected')).toMatchObject({ handler: 'exposure' });
    expect(entries(['ADAUSDT', 'DOGEUSDT'])).toHaveLength(1);
    await waitFor('two open positions', async () => (await s.db.collection('active_positions').get()).size === 2);
  });
});
