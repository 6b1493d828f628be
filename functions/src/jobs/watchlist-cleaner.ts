import type { Firestore } from 'firebase-admin/firestore';
import { type WatchlistEntry, WatchlistSource, checkConfig, derivedId, watchlistCollectionKey, watchlistSymbolKey } from '@cascade/core';

export interface SweepOptions {
  /** Delete manual entries whose expiry has passed (the 00:00 UTC cleaner); false only reports. */
  readonly remove: boolean;
  /** Report manual entries expiring within this window after `now` (§5.4 `watchlist_expiring`: 1 h). */
  readonly expiringWithinMs: number;
}

export interface SweepResult {
  readonly removed: readonly WatchlistEntry[];
  readonly expiring: readonly WatchlistEntry[];
  /** Paths of documents in the window that fail the schema: left alone, for the operator to fix. */
  readonly invalid: readonly string[];
  /** Expired entries that changed (a renewal) between the read and the delete, so were kept. */
  readonly raced: number;
}

/**
 * Expired manual entries across every `watchlists/{exchange_market}/symbols` collection. Top-liquid
 * entries are permanent and never touched. Each delete is conditional on the document being the
 * version that was read, so a renewal that lands in between wins.
 *
 * Per venue the query is one range on `expiresAt` (null — permanent — never matches a range), which
 * the automatic single-field index serves: no composite or collection-group index is needed.
 */
export async function sweepWatchlists(db: Firestore, now: number, opts: SweepOptions): Promise<SweepResult> {
  const removed: WatchlistEntry[] = [];
  const expiring: WatchlistEntry[] = [];
  const invalid: string[] = [];
  let raced = 0;
  // listDocuments also returns venue documents that exist only as parents of `symbols`.
  for (const venue of await db.collection('watchlists').listDocuments()) {
    const snap = await venue.collection('symbols').where('expiresAt', '<=', now + opts.expiringWithinMs).get();
    for (const d of snap.docs) {
      const r = checkConfig('symbols', d.data());
      if (!r.ok) {
        invalid.push(d.ref.path);
        continue;
      }
      const e = r.value;
      if (e.source !== WatchlistSource.Manual || e.expiresAt === null) continue;
      if (e.expiresAt > now) {
        expiring.push(e);
        continue;
      }
      if (!opts.remove) continue;
      try {
        await d.ref.delete({ lastUpdateTime: d.updateTime });
        removed.push(e);
      } catch (err) {
        // FAILED_PRECONDITION (9): the document changed since it was read.
        if ((err as { code?: unknown }).code === 9) raced += 1;
        else throw err;
      }
    }
  }
  return { removed, expiring, invalid, raced };
}

export type ExpiringNotifier = (entries: readonly WatchlistEntry[]) => Promise<void>;

/**
 * Records one `watchlist_notices/{id}` per entry and expiry instant and passes only the new ones to
 * `notify`, so the hourly run and the midnight run never announce the same expiry twice.
 */
export async function announceExpiring(db: Firestore, entries: readonly WatchlistEntry[], now: number, notify: ExpiringNotifier): Promise<WatchlistEntry[]> {
  const fresh: WatchlistEntry[] = [];
  const ids: string[] = [];
  for (const e of entries) {
    const id = derivedId('wlexp', watchlistCollectionKey(e.exchange, e.marketType), watchlistSymbolKey(e.symbol), String(e.expiresAt));
    try {
      await db.collection('watchlist_notices').doc(id).create({ type: 'watchlist_expiring', exchange: e.exchange, marketType: e.marketType, symbol: e.symbol, expiresAt: e.expiresAt, recordedAt: now });
      fresh.push(e);
      ids.push(id);
    } catch (err) {
      // ALREADY_EXISTS (6): announced by an earlier run.
      if ((err as { code?: unknown }).code !== 6) throw err;
    }
  }
  if (fresh.length === 0) return fresh;
  try {
    await notify(fresh);
  } catch (err) {
    // Not announced after all: the next run tries again.
    await Promise.all(ids.map((id) => db.collection('watchlist_notices').doc(id).delete()));
    throw err;
  }
  return fresh;
}
