import type { DocumentReference, Transaction } from 'firebase-admin/firestore';
import { MarketType, type OrderRejected, type RiskState, RiskStateSchema, type SignalGenerated, Topic, derivedId } from '@cascade/core';
import type { Deps, StoredEvent } from '@cascade/adapters/firestore';

/** The portfolio risk manager's state, written by the analytics service (run-services/src/analytics/risk/). */
export const RISK_STATE_PATH = 'risk_state/current';
/** The handler named on an entry the risk gate refuses (`order.rejected`, the order document). */
export const RISK_GATE_HANDLER = 'risk';
const TTL_MS = 2_000;

export type RiskGateVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** A BlockReason, or `risk_state_invalid`. */
      readonly reason: string;
      readonly detail: string;
      readonly numbers: Readonly<Record<string, number | string | null>>;
    };
export type RiskRefusal = Extract<RiskGateVerdict, { allowed: false }>;

/** What a read of `risk_state/current` found: a valid state, none, or a document that fails its schema. */
export type RiskStateRead = { readonly ok: true; readonly state: RiskState | null } | { readonly ok: false; readonly error: string };
let cache: { at: number; read: RiskStateRead } | null = null;

const ALLOWED: RiskGateVerdict = Object.freeze({ allowed: true });

/**
 * Entries are refused while `risk_state/current` says so: every market while the breaker, a
 * critical drawdown or a health score under 70 blocks them, forex markets while the forex session
 * is closed. No document (no risk service has run) allows; a document that fails its schema refuses
 * (fail closed: money is at stake and the console shows why). The stored flags are trusted as they
 * are — no comparison with this function's clock — because in replays risk runs on tape time.
 */
export function riskGateVerdict(read: RiskStateRead, marketType: MarketType): RiskGateVerdict {
  if (!read.ok) return { allowed: false, reason: 'risk_state_invalid', detail: `${RISK_STATE_PATH} is not a valid risk state: ${read.error}`, numbers: {} };
  const s = read.state;
  if (!s) return ALLOWED;
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
 * execute-signal's question before an entry, answered from `risk_state/current` read at most every
 * 2 s per instance. A read error throws (transient: Pub/Sub redelivers the signal).
 */
export async function riskGate(d: Deps, marketType: MarketType, now: number): Promise<RiskGateVerdict> {
  if (!cache || now - cache.at >= TTL_MS || now < cache.at) {
    const snap = await d.db.doc(RISK_STATE_PATH).get();
    cache = { at: now, read: riskStateRead(snap.exists, snap.data()) };
  }
  return riskGateVerdict(cache.read, marketType);
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
