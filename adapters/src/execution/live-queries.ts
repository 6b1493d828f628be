import type { Firestore } from 'firebase-admin/firestore';
import { requireDoc } from '../firestore/stored-doc.js';
import { IN_FLIGHT, type LiveOrderDoc, LiveOrderDocSchema, type LivePositionDoc, LivePositionDocSchema } from './live-docs.js';

/** Our open positions on one venue (`active_positions` written by live execution or reconciliation). */
export async function localPositions(db: Firestore, venueId: string): Promise<LivePositionDoc[]> {
  const snap = await db.collection('active_positions').where('venueId', '==', venueId).get();
  return snap.docs.map((s) => requireDoc(LivePositionDocSchema, s));
}

/**
 * Orders on one venue whose outcome is not recorded yet (`submitting`, `open`). Queried by status
 * alone — a single-field index — and filtered by venue here: there are only ever a handful.
 */
export async function inFlightOrders(db: Firestore, venueId: string): Promise<LiveOrderDoc[]> {
  const snap = await db.collection('orders').where('status', 'in', [...IN_FLIGHT]).get();
  return snap.docs.filter((s) => s.get('venueId') === venueId).map((s) => requireDoc(LiveOrderDocSchema, s));
}
