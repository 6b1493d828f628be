import { z } from 'zod';
import { MarketSpecSchema, type VenuePort } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { readField } from '../firestore/stored-doc.js';
import { type LiveVenue, liveVenueEntries } from './live-venues.js';

const TTL_MS = 60_000;
let cache: { at: number; venues: Promise<LiveVenue[]> } | null = null;

/** The live venues of this instance, re-read from `modules` at most once a minute (a console switch to live takes ≤ 1 min). */
function entries(d: Deps): Promise<LiveVenue[]> {
  const now = d.clock.now();
  if (!cache || now - cache.at >= TTL_MS) cache = { at: now, venues: liveVenueEntries(d) };
  return cache.venues;
}

const kindOf = (marketType: string): string => (marketType === 'perp' ? 'perp' : 'spot');

/** The live venue a signal on this market goes to, or null: the paper venue. */
export async function liveVenueForMarket(d: Deps, exchange: string, marketType: string): Promise<VenuePort | null> {
  return (await entries(d)).find((v) => v.key === `${exchange}_${kindOf(marketType)}`)?.venue ?? null;
}

/**
 * The live venue holding a position, from its `active_positions` document: live positions record the
 * venue id and their market; paper positions record neither a venue id nor anything but `paper`.
 */
export async function liveVenueForPosition(d: Deps, positionId: string): Promise<VenuePort | null> {
  const snap = await d.db.collection('active_positions').doc(positionId).get();
  if (!snap.exists) return null;
  const venueId = readField(z.string().optional(), snap, 'venueId');
  if (venueId === undefined || venueId === 'paper') return null;
  const marketType = readField(MarketSpecSchema.shape.marketType.optional(), snap, 'market.marketType') ?? 'spot';
  return (await entries(d)).find((v) => v.key === `${venueId}_${kindOf(marketType)}`)?.venue ?? null;
}

/** Tests switch modules between runs in one process. */
export function resetLiveRouting(): void {
  cache = null;
}
