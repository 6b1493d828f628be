import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type MarketSpec, PortfolioRiskManager, RiskStateSchema } from '@cascade/core';
import { waitFor } from '../support/stack-harness.js';
import { BTC_SPOT, type LiveStack, entryId, exitRequest, liveSignal, perp, publishExit, publishSignal, settledOrder, startLiveStack } from './live/live-stack.js';

/**
 * Issue 11, defect 2, through the deployed route (functions on functions-framework behind the emulated
 * Pub/Sub, a `live` module in Firestore, the Binance fake): portfolio risk must stop live entries as it
 * stops paper ones, and the gate must fail closed — no `risk_state/current`, or one nobody has
 * refreshed for longer than the configured age (default 30 s), blocks entries and alerts. Exits are
 * always allowed.
 *
 * The analytics service (the writer of `risk_state/current`) is killed first: the test writes the
 * state by hand, and a dead writer is exactly the case the age check exists for.
 */
let s: LiveStack;
/** The paper route: no live module names kraken. */
const PAPER: MarketSpec = { ...BTC_SPOT, exchange: 'kraken' };
/** The function instances cache the state for 2 s (risk-gate.ts TTL_MS): wait that out after each change. */
const cacheLapse = (): Promise<void> => new Promise((r) => setTimeout(r, 2_300));

/** A state made by the real manager: equity 10,000 → `equity` one hour later (9,450 = 5.5 %: breaker). */
function riskState(equity: string, extra: Record<string, unknown>): Record<string, unknown> {
  const at = Date.now() - 3_600_000;
  const m = new PortfolioRiskManager(new ManualClock(at), { healthScore: { enabled: false } });
  m.onEquity('10000', at);
  m.onEquity(equity, at + 3_600_000);
  const st = JSON.parse(JSON.stringify(RiskStateSchema.parse(m.state(at + 3_600_000)))) as Record<string, unknown>;
  return { ...st, ...extra };
}

async function setRiskState(doc: Record<string, unknown> | null): Promise<void> {
  if (doc === null) await s.db.doc('risk_state/current').delete();
  else await s.db.doc('risk_state/current').set(doc);
  await cacheLapse();
}

const ordersOn = (symbol: string) => s.fake.orders('perp').filter((o) => o.symbol === symbol && !o.reduceOnly);

beforeAll(async () => {
  s = await startLiveStack('risk-gate-live', { riskStandIn: false });
  const analytics = s.h.stack.processes.find((p) => p.name === 'analytics');
  if (analytics?.child.pid !== undefined) process.kill(-analytics.child.pid, 'SIGKILL');
  await analytics?.exited;
});
afterAll(async () => {
  await s?.stop();
});

describe('risk gates that fail closed, on live and paper (issue 11 #2)', () => {
  it('a tripped breaker in a fresh risk_state/current refuses a live entry: nothing reaches the venue', async () => {
    await setRiskState(riskState('9450', { writtenAt: Date.now() }));
    const cid = entryId('rg-breaker');
    await publishSignal(s, liveSignal('rg-breaker', perp('SOL'), '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'circuit_breaker' });
    expect(ordersOn('SOLUSDT')).toEqual([]);
  });

  it('no risk_state/current blocks paper and live entries, and alerts', async () => {
    await setRiskState(null);
    const alerts = s.h.monitor.count('system.error');
    await publishSignal(s, liveSignal('rg-missing-live', perp('XRP'), '3000'));
    await publishSignal(s, liveSignal('rg-missing-paper', PAPER, '60000'));
    expect(await settledOrder(s, entryId('rg-missing-live'))).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'risk_state_missing' });
    expect(await settledOrder(s, entryId('rg-missing-paper'))).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'risk_state_missing' });
    expect(ordersOn('XRPUSDT')).toEqual([]);
    await waitFor('a system.error alert from the risk gate', async () => s.h.monitor.count('system.error') > alerts);
  });

  it('a risk_state/current not refreshed for over 30 s blocks entries (60 s old; and one that never said when it was written)', async () => {
    const stale = Date.now() - 60_000;
    await setRiskState(riskState('9900', { updatedAt: stale, writtenAt: stale }));
    await publishSignal(s, liveSignal('rg-stale-live', perp('ADA'), '3000'));
    expect(await settledOrder(s, entryId('rg-stale-live'))).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'risk_state_stale' });
    expect(ordersOn('ADAUSDT')).toEqual([]);
    // A document from before the heartbeat field: its age cannot be told, so it is stale.
    await setRiskState(riskState('9900', { updatedAt: stale }));
    await publishSignal(s, liveSignal('rg-stale-paper', PAPER, '60000', { side: 'long' }));
    expect(await settledOrder(s, entryId('rg-stale-paper'))).toMatchObject({ status: 'rejected', handler: 'risk', riskReason: 'risk_state_stale' });
  });

  it('exits are always allowed: a live position opened under a fresh state closes with no state at all', async () => {
    await setRiskState(riskState('9900', { writtenAt: Date.now() }));
    const cid = entryId('rg-exit');
    await publishSignal(s, liveSignal('rg-exit', perp('DOGE'), '3000'));
    expect(await settledOrder(s, cid)).toMatchObject({ status: 'filled' });
    await setRiskState(null);
    await publishExit(s, exitRequest(cid, perp('DOGE').symbol, 3000));
    await waitFor('the DOGE trade history', async () => (await s.db.doc(`trade_history/${cid}`).get()).exists);
    expect(s.fake.position('DOGEUSDT')).toBe('0');
  });
});
