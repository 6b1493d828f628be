/**
 * TEST SUPPORT ONLY: the deployed live route on this machine — every function on functions-framework
 * behind the emulated Pub/Sub (tools/src/local/stack.ts), a `live` module in Firestore whose
 * credentials come from the environment, and the local Binance fake the functions reach through
 * `CASCADE_VENUE_URLS`. Tests publish signals and exit requests the way analytics does and read what
 * the functions wrote; nothing calls an inner function.
 */
import { BusPublisher } from '@cascade/adapters/pubsub';
import { type ExitRequested, ManualClock, type MarketSpec, PortfolioRiskManager, type SignalGenerated, type StopTrailRequested, Topic, entryClientOrderId } from '@cascade/core';
import { type FakeBinance, type FakeSymbol, defaultSymbols, startFakeBinance } from '../../fakes/binance/index.js';
import { type Harness, startHarness, waitFor } from '../../support/stack-harness.js';

export const MODULE_ID = 'live-binance';
const SECRET_REF = 'projects/demo-cascade/secrets/binance-live-keys/versions/latest';

/** Binance USDⓈ-M BTCUSDT as the fake lists it (tick 0.1, step 0.001, min notional 5, taker 0.04 %). */
export const BTC_PERP: MarketSpec = { exchange: 'binance', marketType: 'perp', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', pricePrecision: 1, amountPrecision: 3, takerFee: '0.0004', makerFee: '0.0002', minNotional: '5' };
export const ETH_PERP: MarketSpec = { ...BTC_PERP, symbol: 'ETH/USDT:USDT', base: 'ETH', pricePrecision: 2 };
/** Binance spot BTCUSDT (taker 0.1 %, charged in the asset received: BTC on a buy). */
export const BTC_SPOT: MarketSpec = { ...BTC_PERP, marketType: 'spot', symbol: 'BTC/USDT', takerFee: '0.001', makerFee: '0.001' };

/** Extra symbols so each test trades its own market (one position per symbol). */
export const extraSymbols: readonly FakeSymbol[] = ['SOL', 'XRP', 'ADA', 'DOGE', 'LTC'].map((base) => ({
  symbol: `${base}USDT`, baseAsset: base, quoteAsset: 'USDT',
  minPrice: '0.01', maxPrice: '1000000.00000000', tickSize: '0.01',
  minQty: '0.001', maxQty: '9000000.00000000', stepSize: '0.001',
  minNotional: '5', maxNotional: '9000000.00000000',
}));
export const perp = (base: string): MarketSpec => ({ ...BTC_PERP, symbol: `${base}/USDT:USDT`, base, pricePrecision: 2 });

export interface LiveStack {
  readonly h: Harness;
  readonly fake: FakeBinance;
  readonly bus: BusPublisher;
  readonly db: Harness['monitor']['db'];
  /** What the stack's functions got beyond the emulators (the venue fake's URLs and keys): for a restarted one. */
  readonly functionEnv: Record<string, string>;
  /** Stops every process of the stack (functions, analytics, jobs host); the fake keeps running. */
  killStack(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLiveStack(tag: string, opts: { venues?: string[]; spotBalances?: Record<string, string>; scheduler?: boolean; riskStandIn?: boolean } = {}): Promise<LiveStack> {
  const fake = await startFakeBinance({ symbols: [...defaultSymbols, ...extraSymbols], ...(opts.spotBalances ? { spotBalances: opts.spotBalances } : {}) });
  const functionEnv = {
    CASCADE_VENUE_URLS: JSON.stringify({ binance: fake.ccxtUrls }),
    CASCADE_SECRET_BINANCE_LIVE_KEYS: JSON.stringify({ apiKey: 'fake-key', secret: 'fake-secret' }),
  };
  const h = await startHarness(tag, { noStreamer: true, scheduler: opts.scheduler ?? false, env: functionEnv });
  const db = h.monitor.db;
  await db.doc(`modules/${MODULE_ID}`).set({ enabled: true, mode: 'live', strategy: 'orderflow_scalp', strategyConfigId: 'default', capitalAllocation: 1, venues: opts.venues ?? ['binance_perp', 'binance_spot'], credentialsSecretRef: SECRET_REF });
  const bus = new BusPublisher(h.stack.pubsub);
  // The portfolio risk gate fails closed without a fresh risk_state/current (issue 11 #2). No trades
  // flow here, so the risk service is stood in for: a real manager's state (no drawdown, health not
  // scored), rewritten every 5 s as the analytics risk service would.
  const writeRisk = async (): Promise<void> => {
    const now = Date.now();
    const m = new PortfolioRiskManager(new ManualClock(now), { healthScore: { enabled: false } });
    m.onEquity('10000', now);
    await db.doc('risk_state/current').set(JSON.parse(JSON.stringify({ ...m.state(now), writtenAt: now })) as Record<string, unknown>);
  };
  // `riskStandIn: false`: the test writes risk_state/current itself (the risk gate's own tests).
  const standIn = opts.riskStandIn !== false;
  if (standIn) await writeRisk();
  const riskTimer = standIn ? setInterval(() => void writeRisk().catch(() => undefined), 5_000) : undefined;
  let stopped: Promise<void> | null = null;
  const killStack = (): Promise<void> => {
    clearInterval(riskTimer);
    return (stopped ??= h.stop());
  };
  return {
    h,
    fake,
    bus,
    db,
    functionEnv,
    killStack,
    async stop() {
      await killStack();
      await fake.close();
    },
  };
}

let seq = 0;
/** A signal as analytics publishes it, its reference trade `ageMs` old at `price`. */
export function liveSignal(id: string, market: MarketSpec, price: string, opts: { side?: 'long' | 'short'; ageMs?: number; trailingStopPct?: number } = {}): SignalGenerated {
  const now = Date.now();
  const ts = now - (opts.ageMs ?? 0);
  seq += 1;
  return {
    type: 'signal.generated',
    eventId: `evt-sig-${id}-${seq}`,
    tsEvent: now,
    tsInit: now,
    correlationId: `corr-${id}`,
    causationId: `setup-${id}`,
    payload: {
      signalId: `sig-${id}`, setupEventId: `setup-${id}`, market, side: opts.side ?? 'long', score: 7, strength: 'strong', explanation: [],
      reference: { tradeId: `ref-${id}`, ts, price: Number(price) }, triggerPublishedAt: ts, fillReference: null,
      trailingStopPct: opts.trailingStopPct ?? 0.005, initialStopPct: null, maxHoldMs: 300_000,
    },
  };
}

export function exitRequest(positionId: string, symbol: string, price: number, reason: ExitRequested['payload']['reason'] = 'trailing_stop'): ExitRequested {
  const ts = Date.now();
  seq += 1;
  return { type: 'exit.requested', eventId: `evt-exit-${positionId}-${seq}`, tsEvent: ts, tsInit: ts, correlationId: `corr-exit-${positionId}`, causationId: null, payload: { positionId, symbol, reason, detail: 'test', values: {}, trigger: { tradeId: `t-${seq}`, ts, price }, fillReference: null } };
}

/** What the exit monitor publishes when a position's trailing stop tightened. */
export function trailRequest(positionId: string, symbol: string, trailLevel: string, lastPrice: string): StopTrailRequested {
  const ts = Date.now();
  seq += 1;
  return { type: 'stop.trail_requested', eventId: `evt-trail-${positionId}-${seq}`, tsEvent: ts, tsInit: ts, correlationId: `corr-trail-${positionId}`, causationId: null, payload: { positionId, symbol, trailLevel, lastPrice } };
}

export const publishSignal = (s: LiveStack, sig: SignalGenerated): Promise<void> => s.bus.publish(Topic.TradingSignals, sig);
export const publishExit = (s: LiveStack, ex: ExitRequested): Promise<void> => s.bus.publish(Topic.ExitsRequested, ex);

/** The order document once it left `submitting`/`open` (filled or rejected). */
export async function settledOrder(s: LiveStack, cid: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  return waitFor(`orders/${cid} settled`, async () => {
    const d = (await s.db.doc(`orders/${cid}`).get()).data();
    return d !== undefined && (d.status === 'filled' || d.status === 'rejected') ? d : null;
  }, timeoutMs);
}

export const entryId = (id: string): string => entryClientOrderId(`sig-${id}`);

/** Status, handler and reason of an order document: what an assertion failure should print. */
export const verdict = (o: Record<string, unknown>): { status: unknown; handler: unknown; reason: unknown } => ({ status: o.status, handler: o.handler ?? null, reason: o.reason ?? null });
