import { z } from 'zod';
import { MarketSpecSchema, type VenuePort } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { readField } from '../firestore/stored-doc.js';
import { type LiveVenue, VenueUse, liveVenueEntries } from './live-venues.js';

const TTL_MS = 60_000;
const cache = new Map<VenueUse, { at: number; venues: Promise<LiveVenue[]> }>();

/** The live venues of this instance, re-read from `modules` at most once a minute (a console switch to live takes ≤ 1 min). */
function entries(d: Deps, use: VenueUse = VenueUse.Entries): Promise<LiveVenue[]> {
  const now = d.clock.now();
  const hit = cache.get(use);
  if (hit && now - hit.at < TTL_MS) return hit.venues;
  const venues = liveVenueEntries(d, use);
  // A failed read (a secret not resolvable yet) is not cached: the next message tries again.
  venues.catch(() => cache.delete(use));
  cache.set(use, { at: now, venues });
  return venues;
}

const kindOf = (marketType: string): string => (marketType === 'perp' ? 'perp' : 'spot');

/** The live venue a signal on this market goes to, or null: the paper venue. */
export async function liveVenueForMarket(d: Deps, exchange: string, marketType: string): Promise<VenuePort | null> {
  return (await entries(d)).find((v) => v.key === `${exchange}_${kindOf(marketType)}`)?.venue ?? null;
}

/**
 * The live venue holding a position, from its `active_positions` document: live positions record the
 * venue id and their market; paper positions record neither a venue id nor anything but `paper`.
 * The venue comes from any module still naming it (enabled or not): a live position always closes
 * where it is. A live position whose venue no module names any more is an error, never the paper path.
 */
export async function liveVenueForPosition(d: Deps, positionId: string): Promise<VenuePort | null> {
  const snap = await d.db.collection('active_positions').doc(positionId).get();
  if (!snap.exists) return null;
  const venueId = readField(z.string().optional(), snap, 'venueId');
  if (venueId === undefined || venueId === 'paper') return null;
  const marketType = readField(MarketSpecSchema.shape.marketType.optional(), snap, 'market.marketType') ?? 'spot';
  const key = `${venueId}_${kindOf(marketType)}`;
  const venue = (await entries(d, VenueUse.Exits)).find((v) => v.key === key)?.venue;
  if (venue === undefined) throw new Error(`position ${positionId} is open on ${key}, but no module in modules/ names ${key} with credentials: restore that module (it may stay disabled) so the position can be closed there`);
  return venue;
}

/** Tests switch modules between runs in one process. */
export function resetLiveRouting(): void {
  cache.clear();
}
