import type { DocumentReference, DocumentSnapshot, Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { DecimalString, MarketSpecSchema, type ValueOf, derivedId, exitClientOrderId } from '@cascade/core';
import { protectiveStopClientId } from '../venues/ccxt/protective-stop.js';
import { readDoc, readField } from '../firestore/stored-doc.js';

/**
 * The documents of live execution. `orders/{clientOrderId}` is written twice: first as the intent
 * (`submitting`, everything needed to place it again), then with the venue's answer. The position
 * slot `position_slots/{venue}:{symbol}` is the one-position-per-symbol lock every entry, adoption
 * and close goes through in its transaction.
 */

export const LiveOrderStatus = {
  /** Written before the venue call: a crash from here on is recovered by client order id. */
  Submitting: 'submitting',
  /** The venue holds it unfilled (a market order not yet matched). */
  Open: 'open',
  Filled: 'filled',
  Rejected: 'rejected',
} as const;
export type LiveOrderStatus = ValueOf<typeof LiveOrderStatus>;

export const IN_FLIGHT: readonly LiveOrderStatus[] = [LiveOrderStatus.Submitting, LiveOrderStatus.Open];

/** The `status` of any `orders/` document (paper orders are written `filled` or `rejected`). */
export const LiveOrderStatusSchema = z.enum([LiveOrderStatus.Submitting, LiveOrderStatus.Open, LiveOrderStatus.Filled, LiveOrderStatus.Rejected]);

/** An order document's status, read on its own: recorded orders are not re-parsed whole to learn they are done. */
export const readOrderStatus = (snap: DocumentSnapshot): LiveOrderStatus => readField(LiveOrderStatusSchema, snap, 'status');

const Envelope = z.object({ correlationId: z.string(), causationId: z.string().nullable(), tsEvent: z.number() });

/** What an entry needs to open the position once it fills (from the signal and the chain's intents). */
const EntryContext = z.object({
  signalId: z.string(),
  market: MarketSpecSchema,
  side: z.enum(['long', 'short']),
  score: z.number(),
  trailingStopPct: z.number(),
  initialStopPct: z.number().nullable(),
  maxHoldMs: z.number(),
  triggerPublishedAt: z.number(),
  referencePrice: DecimalString,
});

const ExitContext = z.object({
  reason: z.string(),
  detail: z.string(),
  values: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
});

export const LiveOrderDocSchema = z.object({
  clientOrderId: z.string(),
  venueId: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  intent: z.enum(['open', 'close']),
  positionId: z.string(),
  status: LiveOrderStatusSchema,
  request: z.object({
    clientOrderId: z.string(),
    symbol: z.string(),
    side: z.enum(['buy', 'sell']),
    type: z.literal('market'),
    amount: DecimalString,
    reduceOnly: z.boolean(),
  }),
  /** Set on the venue before (re)placing an entry on a leveraged market. */
  leverage: z.number().nullable(),
  /** Wall-clock ms of the latest place attempt: recovery re-places only once it is older than the safety window. */
  submittingAt: z.number(),
  placeAttempts: z.number().int(),
  envelope: Envelope,
  entry: EntryContext.nullable(),
  exit: ExitContext.nullable(),
});
export type LiveOrderDoc = z.infer<typeof LiveOrderDocSchema>;

export const LivePositionDocSchema = z.object({
  positionId: z.string(),
  signalId: z.string().nullable(),
  venueId: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  market: MarketSpecSchema,
  side: z.enum(['long', 'short']),
  entryPrice: DecimalString,
  amount: DecimalString,
  entryFee: DecimalString,
  margin: DecimalString,
  openedAt: z.number(),
  trailingStopPct: z.number(),
  initialStopPrice: DecimalString.nullable(),
  maxHoldMs: z.number(),
  /**
   * The exchange-held stop (issue 5 item 4): `{ clientOrderId, … }` once placed, else a string saying
   * why there is none (`pending`, `unsupported: …`).
   */
  protectiveStop: z.unknown(),
  origin: z.enum(['signal', 'reconciled_adopted']),
});
export type LivePositionDoc = z.infer<typeof LivePositionDocSchema>;

/**
 * `position_slots/{venue}:{symbol}`: who holds the symbol — an entry being placed (`entering`), or
 * an open position (`open`), by client order id or position id.
 */
export const PositionSlotSchema = z.object({
  venueId: z.string(),
  symbol: z.string(),
  holder: z.string(),
  state: z.enum(['entering', 'open']),
  since: z.number(),
});
export type PositionSlot = z.infer<typeof PositionSlotSchema>;

/** The slot's holder, null when the symbol is free. */
export const slotHolder = (snap: DocumentSnapshot): string | null => readDoc(PositionSlotSchema, snap)?.holder ?? null;

/** The resting protective stop's client order id, when the position records one. */
export function protectiveStopId(p: Pick<LivePositionDoc, 'protectiveStop'>): string | null {
  const s = p.protectiveStop;
  if (typeof s === 'object' && s !== null && 'clientOrderId' in s && typeof s.clientOrderId === 'string') return s.clientOrderId;
  return null;
}

/**
 * The id the position's next stop placement will carry (its record's `placements`), or null when no
 * manager has written a record. A close cancels it beside the recorded stop: a trail may be placing it.
 */
export function nextProtectiveStopId(p: Pick<LivePositionDoc, 'positionId' | 'protectiveStop'>): string | null {
  const s = p.protectiveStop;
  if (typeof s !== 'object' || s === null || !('placements' in s) || typeof s.placements !== 'number') return null;
  return protectiveStopClientId(p.positionId, s.placements);
}

/**
 * The stop ids a closed position may still have on the venue beside its resting one: the record's
 * orphans (placements whose answer was lost, cancels that failed) and its next placement's id.
 */
export function strayStopIds(p: Pick<LivePositionDoc, 'positionId' | 'protectiveStop'>): string[] {
  const s = p.protectiveStop;
  const orphans = typeof s === 'object' && s !== null && 'orphans' in s && Array.isArray(s.orphans) ? s.orphans.filter((id): id is string => typeof id === 'string') : [];
  const next = nextProtectiveStopId(p);
  return next === null ? orphans : [...orphans, next];
}

/**
 * Client order id of close attempt `n` of a position: attempt 0 is `exitClientOrderId(positionId)`
 * (however many exit requests arrive, one closing order), each later one derived from it. An attempt
 * starts only after the previous one settled (refused, or filled in part) with the position still open.
 */
export function closeAttemptId(positionId: string, n: number): string {
  const first = exitClientOrderId(positionId);
  return n === 0 ? first : derivedId('cx', first, 'attempt', String(n));
}

export const orderRef = (db: Firestore, cid: string): DocumentReference => db.collection('orders').doc(cid);
export const positionRef = (db: Firestore, id: string): DocumentReference => db.collection('active_positions').doc(id);

/** Document ids cannot hold `/`: `BTC/USDT:USDT` → `BTC-USDT:USDT`. */
export function slotRef(db: Firestore, venueId: string, symbol: string): DocumentReference {
  return db.collection('position_slots').doc(`${venueId}:${symbol}`.replace(/\//g, '-'));
}
