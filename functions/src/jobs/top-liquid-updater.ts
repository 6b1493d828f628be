import type { Firestore } from 'firebase-admin/firestore';
import { MarketConfigSchema, type WatchlistEntry, WatchlistEntrySchema, WatchlistSource, watchlistSymbolKey } from '@cascade/core';
import { type VenueMarketType, type VenueMarkets, isVenueMarketType } from '@cascade/adapters/venues/ccxt';
import { HOUR_MS, symbolsCollection } from '../watchlist-api/watchlist-store.js';
import { type RankedMarket, rankLiquidity, topLiquidPriority } from './liquidity-rank.js';

/** §5.3 / §2.2.7: the top 15 pairs are always monitored. */
export const TOP_N = 15;
/**
 * A pair that falls out of the top set becomes a manual entry expiring in 24 h instead of vanishing:
 * a position opened on it keeps its data feed, and the operator can renew it like any manual entry.
 */
export const DEMOTION_GRACE_MS = 24 * HOUR_MS;
export const UPDATER_ID = 'top-liquid-updater';

export interface Venue {
  readonly exchange: string;
  readonly marketType: VenueMarketType;
}

export interface TopLiquidResult {
  readonly venue: Venue;
  readonly ranked: readonly RankedMarket[];
  /** New to the watchlist, or promoted from manual. */
  readonly added: readonly string[];
  readonly refreshed: readonly string[];
  readonly demoted: readonly string[];
}

/** The venues to rank: every enabled `market_configs` document of a spot or perp market (invalid ones skipped). */
export async function topLiquidVenues(db: Firestore): Promise<Venue[]> {
  const out: Venue[] = [];
  for (const d of (await db.collection('market_configs').get()).docs) {
    const r = MarketConfigSchema.safeParse(d.data());
    if (r.success && r.data.enabled && isVenueMarketType(r.data.marketType)) out.push({ exchange: r.data.exchange, marketType: r.data.marketType });
  }
  return out;
}

/**
 * Ranks the venue's markets from `fetchTickers` (see `rankLiquidity`) and rewrites its top-liquid set
 * in one transaction: the top N become permanent `top_liquid` entries carrying their ranking inputs
 * (a manual entry for the same pair is promoted, keeping its priority if that is more urgent); former
 * top-liquid entries not in the new set are demoted to manual with a 24 h expiry. Running it twice
 * changes nothing the second time except the liquidity figures.
 */
export async function updateTopLiquid(d: { db: Firestore; markets: VenueMarkets; now: () => number }, venue: Venue, topN = TOP_N): Promise<TopLiquidResult> {
  const ranked = rankLiquidity(await d.markets.tickers(venue.exchange, venue.marketType), { topN });
  // An empty answer is a venue or parsing fault, not a market where nothing trades: keep the set.
  if (ranked.length === 0) throw new Error(`${venue.exchange} ${venue.marketType}: no eligible markets in fetchTickers; top-liquid set left unchanged`);
  const coll = symbolsCollection(d.db, venue.exchange, venue.marketType);
  return d.db.runTransaction(async (tx) => {
    const now = d.now();
    const current = new Map<string, WatchlistEntry>();
    for (const doc of (await tx.get(coll)).docs) {
      const r = WatchlistEntrySchema.safeParse(doc.data());
      if (r.success) current.set(doc.id, r.data);
    }
    const added: string[] = [];
    const refreshed: string[] = [];
    const demoted: string[] = [];
    const top = new Set<string>();
    for (const m of ranked) {
      const key = watchlistSymbolKey(m.symbol);
      top.add(key);
      const prev = current.get(key);
      const rankPriority = topLiquidPriority(m.rank);
      const entry: WatchlistEntry = {
        exchange: venue.exchange,
        marketType: venue.marketType,
        symbol: m.symbol,
        source: WatchlistSource.TopLiquid,
        priority: prev && prev.source === WatchlistSource.Manual ? Math.min(prev.priority, rankPriority) : rankPriority,
        addedAt: prev?.source === WatchlistSource.TopLiquid ? prev.addedAt : now,
        expiresAt: null,
        addedBy: UPDATER_ID,
        liquidity: { quoteVolume24h: m.quoteVolume24h, trades24h: m.trades24h, spreadBps: m.spreadBps, rank: m.rank },
      };
      tx.set(coll.doc(key), WatchlistEntrySchema.parse(entry));
      (prev?.source === WatchlistSource.TopLiquid ? refreshed : added).push(m.symbol);
    }
    for (const [key, prev] of current) {
      if (prev.source !== WatchlistSource.TopLiquid || top.has(key)) continue;
      const { liquidity: _dropped, ...rest } = prev;
      tx.set(coll.doc(key), WatchlistEntrySchema.parse({ ...rest, source: WatchlistSource.Manual, expiresAt: now + DEMOTION_GRACE_MS, addedBy: UPDATER_ID }));
      demoted.push(prev.symbol);
    }
    return { venue, ranked, added, refreshed, demoted };
  });
}
