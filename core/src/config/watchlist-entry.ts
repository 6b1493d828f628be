import { z } from 'zod';

export const WatchlistSource = { TopLiquid: 'top_liquid', Manual: 'manual' } as const;

/**
 * `watchlists/{exchange_market}/symbols/{symbolKey}`: a symbol the streamers follow. Top-liquid entries
 * are permanent (refreshed daily); manual ones expire (§5.3: 24 h default, renewable).
 */
export const WatchlistEntrySchema = z.strictObject({
  exchange: z.string().min(1),
  marketType: z.enum(['spot', 'perp', 'forex', 'dex']),
  /** Unified ccxt symbol, e.g. `BTC/USDT` or `BTC/USDT:USDT`. */
  symbol: z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+(:[A-Z0-9]+)?$/, 'expected a unified symbol like BTC/USDT or BTC/USDT:USDT'),
  source: z.enum([WatchlistSource.TopLiquid, WatchlistSource.Manual]),
  /** 1 (highest) … 5; the streamer subscribes in priority order when a venue limits streams. */
  priority: z.number().int().min(1).max(5).default(3),
  addedAt: z.number().int().nonnegative(),
  /** UTC ms; null for permanent (top-liquid) entries. */
  expiresAt: z.number().int().nonnegative().nullable(),
  addedBy: z.string().default('system'),
  /** Ranking inputs for top-liquid entries (24 h quote volume, trades, spread in bps). */
  liquidity: z.strictObject({ quoteVolume24h: z.number().nonnegative(), trades24h: z.number().nonnegative().nullable(), spreadBps: z.number().nonnegative().nullable(), rank: z.number().int().positive() }).optional(),
});
export type WatchlistEntry = z.infer<typeof WatchlistEntrySchema>;

/** Document id for a symbol: `/` is a path separator in Firestore. */
export function watchlistSymbolKey(symbol: string): string {
  return symbol.replaceAll('/', '-').replaceAll(':', '_');
}

export function watchlistCollectionKey(exchange: string, marketType: string): string {
  return `${exchange}_${marketType}`;
}
