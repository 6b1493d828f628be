import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { deleteApp, initializeApp, type App } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { type ExitRequested, ManualClock, PortfolioRiskManager, RiskStateSchema, type SignalGenerated, Topic, entryClientOrderId, marketFromTape } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import type { VenueMarkets } from '@cascade/adapters/venues/ccxt';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { executeSignal } from '../../functions/src/execute/execute-signal.js';
import { executeExit } from '../../functions/src/execute/execute-exit.js';
import { type JobContext, JobName } from '../../functions/src/jobs/definitions.js';
import { paperFundingHandler } from '../../functions/src/jobs/paper-funding.js';
import { uniqueProjectId } from '../support/stack-harness.js';

// A ccxt perp symbol: Binance USDⓈ-M defaults (taker 0.05 %, MMR 0.4 %, funding 0.0001), price to 0.1, size to 0.001.
const BTC = marketFromTape('binance', 'BTC/USDT:USDT', { pricePrecision: 1, amountPrecision: 3 });
const OPEN = Date.UTC(2024, 0, 3, 10, 0);
const F16 = Date.UTC(2024, 0, 3, 16, 0);
const F00 = Date.UTC(2024, 0, 4, 0, 0);

function shortSignal(id: string, price: number, ts: number): SignalGenerated {
  return {
    type: 'signal.generated',
    eventId: `evt-sig-${id}`,
    tsEvent: ts,
    tsInit: ts,
    correlationId: `corr-${id}`,
    causationId: `setup-${id}`,
    payload: { signalId: `sig-${id}`, setupEventId: `setup-${id}`, market: BTC, side: 'short', score: 6, strength: 'strong', explanation: [], reference: { tradeId: `ref-${id}`, ts, price }, triggerPublishedAt: ts, fillReference: { tradeId: `ref-${id}`, ts, price, recentVolume: '1000' }, trailingStopPct: 0.005, initialStopPct: null, maxHoldMs: 1_800_000 },
  };
}

let app: App;
let d: Deps;
const clock = new ManualClock(OPEN);
const logs: string[] = [];

beforeAll(async () => {
  const projectId = uniqueProjectId('perp');
  app = initializeApp({ projectId }, projectId);
  const pubsub = new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true });
  await pubsub.createTopic(Topic.TradingEvents);
  d = { db: getFirestore(app), bus: new BusPublisher(pubsub), clock, log: (l) => logs.push(l) };
  // The risk gate fails closed without a fresh risk_state/current: a healthy one, written "now" on the test clock.
  const m = new PortfolioRiskManager(new ManualClock(OPEN), { healthScore: { enabled: false } });
  m.onEquity('10000', OPEN);
  await d.db.doc('risk_state/current').set({ ...JSON.parse(JSON.stringify(RiskStateSchema.parse(m.state(OPEN)))), writtenAt: OPEN });
});
afterAll(async () => {
  if (app) await deleteApp(app);
});

const job = (scheduledTime: number): JobContext => ({ ...d, job: JobName.PaperFunding, scheduledTime, markets: {} as unknown as VenueMarkets });

describe('paper functions on a perpetual (emulators): short, isolated margin, liquidation price, funding job', () => {
  const cid = entryClientOrderId('sig-perp-short');
  const account = () => d.db.doc('paper_accounts/binance:USDT');

  it('a short perp signal opens a short paper position with its margin and liquidation price stored', async () => {
    await executeSignal(shortSignal('perp-short', 50_000, OPEN), d);
    const pos = (await d.db.doc(`active_positions/${cid}`).get()).data() as Record<string, unknown>;
    expect(pos).toMatchObject({ side: 'short', leverage: 3, marginMode: 'isolated', funding: '0', market: { marketType: 'perp', symbol: 'BTC/USDT:USDT' } });
    const [q, ep, wb] = [new Big(pos.amount as string), new Big(pos.entryPrice as string), new Big(pos.margin as string)];
    // Sold near 50 000 (2 bps + impact below it); margin = notional / 3, rounded up at 4 places.
    expect(ep.lt(50_000) && ep.gt(49_980)).toBe(true);
    expect(wb.eq(q.times(ep).div(3).round(4, Big.roundUp))).toBe(true);
    // Binance isolated short: LP = (Q·EP + WB + 0) / (Q × (1 + 0.004)), down to the 0.1 tick; ≈ 50 000 × (4/3) / 1.004 ≈ 66 400.
    const lp = q.times(ep).plus(wb).div(q.times('1.004')).round(1, Big.roundDown);
    expect(pos.liquidationPrice).toBe(lp.toFixed());
    expect(lp.gt(66_000) && lp.lt(66_500)).toBe(true);
    // The paper account's copy and the position.opened event carry it too (the exit monitor tracks it from there).
    expect((await account().get()).get(`positions.${cid}.liquidationPrice`)).toBe(lp.toFixed());
    const events = (await d.db.doc(`orders/${cid}`).get()).get('events') as { message: { type: string; payload: Record<string, unknown> } }[];
    expect(events.find((e) => e.message.type === 'position.opened')?.message.payload.liquidationPrice).toBe(lp.toFixed());
  });

  it('the funding job credits the short Q × mark × 0.0001 once per funding time, however often it runs', async () => {
    const pos = (await d.db.doc(`active_positions/${cid}`).get()).data() as Record<string, string>;
    // No rate feed and no market config: the market's constant 0.0001 at the entry price as mark.
    const perTime = new Big(pos.amount!).times(pos.entryPrice!).times('0.0001');
    const cash0 = new Big((await account().get()).get('cash') as string);
    await paperFundingHandler(job(F16));
    await paperFundingHandler(job(F16 + 30_000)); // a redelivered run for the same funding time
    expect(new Big((await account().get()).get('cash') as string).minus(cash0).toFixed()).toBe(perTime.toFixed());
    await paperFundingHandler(job(F00));
    expect(new Big((await account().get()).get('cash') as string).minus(cash0).toFixed()).toBe(perTime.times(2).toFixed());
    const after = (await d.db.doc(`active_positions/${cid}`).get()).data() as Record<string, unknown>;
    expect([after.funding, after.fundedUntil]).toEqual([perTime.times(2).toFixed(), F00]);
  });

  it('an exit with reason liquidation closes at the liquidation price: P&L = −margin − entry fee + funding received', async () => {
    const pos = (await d.db.doc(`active_positions/${cid}`).get()).data() as Record<string, string>;
    const req: ExitRequested = { type: 'exit.requested', eventId: 'evt-liq', tsEvent: F00 + 60_000, tsInit: F00 + 60_000, correlationId: 'corr-liq', causationId: null, payload: { positionId: cid, symbol: BTC.symbol, reason: 'liquidation', detail: 'test', values: {}, trigger: { tradeId: 't-liq', ts: F00 + 60_000, price: 70_000 }, fillReference: null } };
    await executeExit(req, d);
    const th = (await d.db.doc(`trade_history/${cid}`).get()).data() as Record<string, unknown>;
    expect([th.reason, th.exitPrice, th.funding]).toEqual(['liquidation', pos.liquidationPrice, pos.funding]);
    expect(th.pnl).toBe(new Big(pos.margin!).plus(pos.entryFee!).neg().plus(pos.funding!).toFixed());
    expect((await d.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
  });
});
