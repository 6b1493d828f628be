import { z } from 'zod';

/**
 * What the services publish to Firestore for the dashboard's live views (issue 13): the streamer's
 * health per venue and each market's level funnel. The writer and the dashboard parse with these.
 * Written every few seconds while the service runs; `updatedAt` (wall ms) says how fresh it is.
 */
export const StatusCollection = { Streams: 'stream_status', Funnels: 'funnels' } as const;

export const SymbolStreamSchema = z.object({
  symbol: z.string(),
  state: z.string(),
  lastTradeAt: z.number().nullable(),
  reconnects: z.number().int().nonnegative(),
  gapsOpen: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type SymbolStream = z.infer<typeof SymbolStreamSchema>;

/** `stream_status/{exchange}`. */
export const StreamStatusDocSchema = z.object({
  exchange: z.string(),
  mode: z.enum(['replay', 'live']),
  state: z.string(),
  updatedAt: z.number().int().nonnegative(),
  tradesPublished: z.number().int().nonnegative(),
  tradesPerSec: z.number().nonnegative(),
  symbols: z.array(SymbolStreamSchema),
});
export type StreamStatusDoc = z.infer<typeof StreamStatusDocSchema>;

export const FunnelStageSchema = z.object({
  evaluated: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  stopped: z.number().int().nonnegative(),
  reasons: z.record(z.string(), z.number()),
});

/** `funnels/{exchange}_{symbol}` (symbol with `/` and `:` as `-`): one market's level funnel, in funnel order. */
export const FunnelDocSchema = z.object({
  market: z.string(),
  updatedAt: z.number().int().nonnegative(),
  stages: z.array(FunnelStageSchema.extend({ level: z.string() })),
});
export type FunnelDoc = z.infer<typeof FunnelDocSchema>;

/** A document id for a market key (`binance:ETH/USDT` → `binance_ETH-USDT`): Firestore ids have no `/`. */
export function statusDocId(key: string): string {
  return key.replace(/[/:]/g, '-').replace(/^([^-]+)-/, '$1_');
}

/** The position's view the exit monitor holds, on `active_positions/{id}.mark` (about once a second). */
export const PositionMarkSchema = z.object({ price: z.number(), trailStop: z.number().nullable(), at: z.number().int().nonnegative() });
export type PositionMark = z.infer<typeof PositionMarkSchema>;
