import { z } from 'zod';
import type { Deps } from '../firestore/deps.js';
import { requireDoc } from '../firestore/stored-doc.js';
import { closeLivePosition } from './execute-live-exit.js';
import { LivePositionDocSchema, positionRef } from './live-docs.js';
import { VenueUse, liveVenueEntries } from './live-venues.js';
import { errorText } from './venue-errors.js';

export type FlattenScope = { readonly all: true } | { readonly module: string };

export interface FlattenReport {
  readonly closed: readonly string[];
  readonly failed: readonly { readonly positionId: string; readonly reason: string }[];
}

/** A close refused or partly filled is tried again with what the venue holds, this many times in all. */
const MAX_ATTEMPTS = 3;

const kindOf = (marketType: string): string => (marketType === 'perp' ? 'perp' : 'spot');

/**
 * `cli flatten`: every open live position (or those on one module's venues) closed at market through
 * `closeLivePosition` — the exit function's exactly-once path, so a concurrent exit or a second run
 * never closes twice. Positions of disabled or paper-switched modules close too (their venue comes
 * from any module still naming it).
 */
export async function flattenLivePositions(d: Deps, scope: FlattenScope, progress: (line: string) => void = () => undefined): Promise<FlattenReport> {
  const venues = await liveVenueEntries(d, VenueUse.Exits);
  let keys: ReadonlySet<string> | null = null;
  if ('module' in scope) {
    const m = await d.db.doc(`modules/${scope.module}`).get();
    if (!m.exists) throw new Error(`modules/${scope.module} does not exist: name a module from the console's Modules page, or use --all`);
    const named = z.object({ venues: z.array(z.string()).default([]) }).parse(m.data());
    keys = new Set(named.venues.map((v) => { const [ex, mk] = v.split('_') as [string, string]; return `${ex}_${kindOf(mk)}`; }));
  }
  const snap = await d.db.collection('active_positions').where('live', '==', true).get();
  const closed: string[] = [];
  const failed: { positionId: string; reason: string }[] = [];
  for (const doc of snap.docs) {
    const pos = requireDoc(LivePositionDocSchema, doc);
    const key = `${pos.venueId}_${kindOf(pos.market.marketType)}`;
    if (keys !== null && !keys.has(key)) continue;
    const venue = venues.find((v) => v.key === key)?.venue;
    if (venue === undefined) {
      failed.push({ positionId: pos.positionId, reason: `no module names ${key} with credentials` });
      continue;
    }
    progress(`closing ${pos.positionId}: ${pos.side} ${pos.amount} ${pos.symbol} on ${key}…`);
    try {
      let status = '';
      for (let i = 0; i < MAX_ATTEMPTS && (await positionRef(d.db, pos.positionId).get()).exists; i += 1) {
        const now = d.clock.now();
        status = (await closeLivePosition(d, venue, { positionId: pos.positionId, reason: 'flatten', detail: 'operator flatten (cli)', values: {}, correlationId: `flatten-${pos.positionId}`, causationId: null })).status;
        if (status === 'pending' || status === 'open') break;
        d.log(`flatten ${pos.positionId}: attempt ${i + 1} ${status} at ${now}`);
      }
      if ((await positionRef(d.db, pos.positionId).get()).exists) failed.push({ positionId: pos.positionId, reason: `still open (last close ${status}); the engine and reconciliation keep trying` });
      else closed.push(pos.positionId);
    } catch (e) {
      failed.push({ positionId: pos.positionId, reason: errorText(e) });
    }
  }
  return { closed, failed };
}
