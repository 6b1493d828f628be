import { z } from 'zod';
import { StatusCollection, type StreamStatusDoc, StreamStatusDocSchema, SymbolStreamSchema } from '@cascade/core';

/** What both /status readers (replay and live) may hold; only these fields go to the dashboard. */
const StatusReadSchema = z.object({
  state: z.string(),
  published: z.number().optional(),
  tradesPerSec: z.number().optional(),
  symbol: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  streams: z.object({ symbols: z.array(SymbolStreamSchema.passthrough()) }).optional(),
}).passthrough();

/**
 * `stream_status/{exchange}` from the streamer's /status: per symbol its stream state, last trade,
 * reconnects and open gaps (live), or the replay's state as one row (replay).
 */
export function streamStatusDoc(read: unknown, o: { exchange: string; mode: 'replay' | 'live'; at: number }): StreamStatusDoc {
  const s = StatusReadSchema.parse(read);
  const symbols = s.streams
    ? s.streams.symbols.map((x) => ({ symbol: x.symbol, state: x.state, lastTradeAt: x.lastTradeAt, reconnects: x.reconnects, gapsOpen: x.gapsOpen, lastError: x.lastError }))
    : s.symbol ? [{ symbol: s.symbol, state: s.state, lastTradeAt: null, reconnects: 0, gapsOpen: 0, lastError: s.error ?? null }] : [];
  return StreamStatusDocSchema.parse({ exchange: o.exchange, mode: o.mode, state: s.state, updatedAt: o.at, tradesPublished: Math.max(0, Math.round(s.published ?? 0)), tradesPerSec: Math.max(0, s.tradesPerSec ?? 0), symbols });
}

export interface StatusDocWriter {
  doc(path: string): { set(data: StreamStatusDoc): Promise<unknown> };
}

export interface StreamStatusDocWriter {
  /** Write the current status now (a replay's last word: `done`). */
  flush(): Promise<void>;
  stop(): void;
}

/** Writes the document at once and then every `everyMs` (the dashboard listens); a failed write is logged and retried. */
export function startStreamStatusDoc(db: StatusDocWriter, read: () => unknown, o: { exchange: string; mode: 'replay' | 'live'; everyMs: number; now: () => number; log: (line: string) => void }): StreamStatusDocWriter {
  const flush = async (): Promise<void> => {
    let doc: StreamStatusDoc;
    try {
      doc = streamStatusDoc(read(), { exchange: o.exchange, mode: o.mode, at: o.now() });
    } catch (e) {
      o.log(`streamer: status not understood for the dashboard: ${(e as Error).message}`);
      return;
    }
    await db.doc(`${StatusCollection.Streams}/${o.exchange}`).set(doc).then(
      () => undefined,
      (e: unknown) => o.log(`streamer: stream status not written (retried): ${(e as Error).message}`),
    );
  };
  void flush();
  const t = setInterval(() => void flush(), o.everyMs);
  t.unref();
  return { flush, stop: () => clearInterval(t) };
}
