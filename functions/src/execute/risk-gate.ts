import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { MarketType, type OrderRejected, type RiskState, RiskStateSchema, type SignalGenerated, type SystemError, Topic, derivedId, entryClientOrderId, referenceOrTrigger } from '@cascade/core';
import { type Deps, type StoredEvent, loadStrategyConfig, publishAll } from '@cascade/adapters/firestore';

/** The portfolio risk manager's state, written by the analytics service (run-services/src/analytics/risk/). */
export const RISK_STATE_PATH = 'risk_state/current';
/** The handler named on an entry the risk gate refuses (`order.rejected`, the order document). */
export const RISK_GATE_HANDLER = 'risk';
const TTL_MS = 2_000;

export type RiskGateVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** A BlockReason, or a GateFault (`risk_state_missing`, `risk_state_stale`, `risk_state_invalid`). */
      readonly reason: string;
      readonly detail: string;
      readonly numbers: Readonly<Record<string, number | string | null>>;
    };
export type RiskRefusal = Extract<RiskGateVerdict, { allowed: false }>;

/** What a read of `risk_state/current` found: a valid state, none, or a document that fails its schema. */
export type RiskStateRead = { readonly ok: true; readonly state: RiskState | null } | { readonly ok: false; readonly error: string };
let cache: { at: number; read: RiskStateRead } | null = null;

const ALLOWED: RiskGateVerdict = Object.freeze({ allowed: true });

/** Why the gate refuses when it cannot trust what it read: these alert (a dead or broken risk service). */
export const GateFault = { Missing: 'risk_state_missing', Stale: 'risk_state_stale', Invalid: 'risk_state_invalid' } as const;
const GATE_FAULTS: readonly string[] = Object.values(GateFault);

/**
 * Entries are refused while `risk_state/current` says so: every market while the breaker, a
 * critical drawdown or a health score under 70 blocks them, forex markets while the forex session
 * is closed. The gate fails closed (issue 11, defect 2): no document, a document that fails its
 * schema, or one whose writer has not refreshed it for `maxAgeMs` of wall clock (`writtenAt`, the
 * risk service's heartbeat; a document without one cannot show its age) refuses. The decision flags
 * are trusted as they are: in replays risk runs on tape time, so only the heartbeat is compared
 * with this function's clock.
 */
export function riskGateVerdict(read: RiskStateRead, marketType: MarketType, now: number, maxAgeMs: number): RiskGateVerdict {
  if (!read.ok) return { allowed: false, reason: GateFault.Invalid, detail: `${RISK_STATE_PATH} is not a valid risk state: ${read.error}`, numbers: {} };
  const s = read.state;
  if (!s) return { allowed: false, reason: GateFault.Missing, detail: `no ${RISK_STATE_PATH}: the portfolio risk service (analytics) has not written one, so entries wait until it runs`, numbers: { maxAgeMs } };
  if (s.writtenAt === undefined || now - s.writtenAt > maxAgeMs) {
    const age = s.writtenAt === undefined ? 'has no writtenAt heartbeat' : `was last written ${Math.round((now - s.writtenAt) / 1000)} s ago`;
    return { allowed: false, reason: GateFault.Stale, detail: `${RISK_STATE_PATH} ${age} (limit ${maxAgeMs / 1000} s): is the analytics risk service running?`, numbers: { writtenAt: s.writtenAt ?? null, maxAgeMs } };
  }
  const numbers = { drawdownPct: s.drawdown.pct, drawdownLevel: s.drawdown.level, healthScore: s.health.score, breakerResetsAt: s.breaker.resetsAt, stateUpdatedAt: s.updatedAt };
  if (s.entries.blocked) {
    const reason = s.entries.reason ?? s.entries.reasons[0] ?? 'blocked';
    const why = s.breaker.tripped
      ? `circuit breaker tripped at daily drawdown ${pct(s.breaker.drawdownPct ?? s.drawdown.pct)}${s.breaker.resetsAt === null ? '' : `, until ${new Date(s.breaker.resetsAt).toISOString()}`}`
      : `daily drawdown ${pct(s.drawdown.pct)} (${s.drawdown.level}), health ${s.health.score === null ? 'not scored' : s.health.score.toFixed(1)}`;
    return { allowed: false, reason, detail: `new entries blocked by the portfolio risk manager (${s.entries.reasons.join(', ')}): ${why}`, numbers };
  }
  if (marketType === MarketType.Forex && s.entries.forexClosed) {
    const until = s.entries.forexReopensAt === null ? '' : ` until ${new Date(s.entries.forexReopensAt).toISOString()}`;
    return { allowed: false, reason: 'forex_session_closed', detail: `forex session closed (Friday 23:30 GMT)${until}`, numbers: { ...numbers, forexReopensAt: s.entries.forexReopensAt } };
  }
  return ALLOWED;
}

/**
 * execute-signal's question before an entry (paper and live), answered from `risk_state/current`
 * read at most every 2 s per instance; the age limit is the strategy config's
 * `execution.riskStateMaxAgeMs`. A refusal because the state is missing, stale or invalid is alerted
 * (`system.error`, component `risk_gate`, critical; one event id per reason and minute). A read
 * error throws (transient: Pub/Sub redelivers the signal).
 */
export async function riskGate(d: Deps, marketType: MarketType, now: number): Promise<RiskGateVerdict> {
  if (!cache || now - cache.at >= TTL_MS || now < cache.at) {
    const snap = await d.db.doc(RISK_STATE_PATH).get();
    cache = { at: now, read: riskStateRead(snap.exists, snap.data()) };
  }
  const cfg = await loadStrategyConfig(d, now);
  const v = riskGateVerdict(cache.read, marketType, now, cfg.execution.riskStateMaxAgeMs);
  if (!v.allowed && GATE_FAULTS.includes(v.reason)) await alertGateFault(d, v, now);
  return v;
}

async function alertGateFault(d: Deps, v: RiskRefusal, now: number): Promise<void> {
  const eventId = derivedId('risk-gate', v.reason, String(Math.floor(now / 60_000)));
  const m: SystemError = { type: 'system.error', eventId, tsEvent: now, tsInit: now, correlationId: eventId, causationId: null, payload: { component: 'risk_gate', error: `entries refused: ${v.detail}`, critical: true } };
  try {
    await d.bus.publish(Topic.TradingEvents, m);
  } catch (e) {
    // The refusal stands either way; the next refused signal alerts again.
    d.log(`risk gate alert not published: ${(e as Error).message}`);
  }
}

/**
 * The gate at the door of execute-signal, for every route (paper and live venues alike): a signal
 * the gate refuses is recorded as a refused entry (`orders/{cid}`, handler `risk`) and announced, and
 * true is returned — nothing is placed. A signal whose order document already exists is left to its
 * route (a redelivery re-announces what was recorded, whatever the gate says now).
 */
export async function refuseIfGated(signal: SignalGenerated, d: Deps): Promise<boolean> {
  const p = signal.payload;
  const now = d.clock.now();
  const gate = await riskGate(d, p.market.marketType, now);
  if (gate.allowed) return false;
  const cid = entryClientOrderId(p.signalId);
  const orderRef = d.db.collection('orders').doc(cid);
  const tsEvent = referenceOrTrigger(p.fillReference, p.reference).ts;
  const events = await d.db.runTransaction(async (tx) => ((await tx.get(orderRef)).exists ? null : refuseEntry(tx, orderRef, signal, cid, tsEvent, now, gate)));
  if (events === null) return false;
  await publishAll(d, events);
  return true;
}

/**
 * `risk_state/current` as the gate reads it: absent, a state valid under the schema its writer (the
 * analytics risk service) uses, or the reason it is not — every bad field by its dotted path.
 */
export function riskStateRead(exists: boolean, data: unknown): RiskStateRead {
  if (!exists) return { ok: true, state: null };
  const parsed = RiskStateSchema.safeParse(data);
  return parsed.success ? { ok: true, state: parsed.data } : { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`).join('; ') };
}

/** Tests change the state between signals in one process. */
export function resetRiskGateCache(): void {
  cache = null;
}

/**
 * A refused entry inside execute-signal's transaction, like the chain's own refusals: the order
 * document (status `rejected`, handler `risk`, the numbers) keyed by the client order id, so a
 * redelivered signal finds it and only re-announces, and the `order.rejected` event to announce.
 */
export function refuseEntry(tx: Transaction, orderRef: DocumentReference, signal: SignalGenerated, cid: string, tsEvent: number, now: number, v: RiskRefusal): StoredEvent[] {
  const p = signal.payload;
  const ev: OrderRejected = {
    type: 'order.rejected',
    eventId: derivedId('evt', cid, 'rejected'),
    tsEvent,
    tsInit: now,
    correlationId: signal.correlationId,
    causationId: signal.eventId,
    payload: { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, handler: RISK_GATE_HANDLER, reason: v.detail },
  };
  const evs: StoredEvent[] = [{ topic: Topic.TradingEvents, message: ev }];
  tx.create(orderRef, { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, exchange: p.market.exchange, intent: 'open', status: 'rejected', handler: RISK_GATE_HANDLER, reason: v.detail, riskReason: v.reason, numbers: v.numbers, chain: [], createdAt: now, events: evs });
  return evs;
}

function pct(f: number): string {
  return `${(f * 100).toFixed(2)} %`;
}
