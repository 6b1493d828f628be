import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { z } from 'zod';
import { DecimalString, type Dec, type HeldSlot, dec } from '@cascade/core';
import { readDoc } from '../firestore/stored-doc.js';
import { PositionSlotSchema, positionRef } from './live-docs.js';

/** A slot as the limits read it: the claim's notional at entry (absent on slots written before it was recorded). */
const SlotWithNotional = PositionSlotSchema.extend({ notional: DecimalString.optional() });
const PositionNotional = z.object({ amount: DecimalString, entryPrice: DecimalString });

/**
 * Inside the transaction that claims a symbol's slot (issue 11, defect 7): every other slot this venue
 * holds, with its notional, read so that two claims of one venue cannot both pass the limits. The
 * query alone would not make concurrent claims conflict, so each claim also writes the venue's claim
 * marker (`position_slot_claims/{venue}`): of two claims at once, one commits first and the other is
 * retried by Firestore, and then sees the first's slot. Reads only — call `markClaim` with the writes.
 */
export async function heldSlots(tx: Transaction, db: Firestore, venueId: string, cid: string): Promise<HeldSlot[]> {
  const [, snap] = await Promise.all([tx.get(claimMarker(db, venueId)), tx.get(db.collection('position_slots').where('venueId', '==', venueId))]);
  const out: HeldSlot[] = [];
  for (const doc of snap.docs) {
    const slot = readDoc(SlotWithNotional, doc);
    if (slot === null || slot.holder === cid) continue;
    out.push({ holder: slot.holder, notional: slot.notional !== undefined ? dec(slot.notional) : await positionNotional(tx, db, slot.holder) });
  }
  return out;
}

/** The claim marker write that makes concurrent claims of one venue conflict (see `heldSlots`). */
export function markClaim(tx: Transaction, db: Firestore, venueId: string, cid: string, now: number): void {
  tx.set(claimMarker(db, venueId), { venueId, lastClaim: cid, at: now });
}

const claimMarker = (db: Firestore, venueId: string) => db.collection('position_slot_claims').doc(venueId.replace(/\//g, '-'));

/** A slot from before notionals were recorded (or an adoption): its position's amount × entry price; 0 while it has none. */
async function positionNotional(tx: Transaction, db: Firestore, holder: string): Promise<Dec> {
  const p = readDoc(PositionNotional, await tx.get(positionRef(db, holder)));
  return p === null ? dec(0) : dec(p.amount).times(dec(p.entryPrice));
}
