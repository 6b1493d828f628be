import type { Exchange, OHLCV } from 'ccxt';
import { type Candle, type Timeframe, isCcxtError, timeframeMs } from '@cascade/core';

/**
 * Closed candles loaded per timeframe at start, by default: what the indicators need (issue 3 item 6)
 * and what the store retains (store/retention.ts) — 1m 120 (settled RSI needs 78), 5m 48 (what
 * analytics keeps), 15m 120 (mean reversion needs 20 + 100 − 1 = 119, persistence 100, settled ADX 91).
 */
export const DEFAULT_WARMUP_CANDLES: Readonly<Record<Timeframe, number>> = { '1m': 120, '5m': 48, '15m': 120 };

/** Binance spot's most klines per request; other venues answer with fewer and the loop asks again. */
export const DEFAULT_OHLCV_PAGE = 1000;

const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];

/** Where stored candles come from: the per-symbol DuckDB store (`SymbolStore`) or anything alike. */
export interface CandleHistory {
  loadRecentCandles(timeframe: Timeframe, n: number): Promise<Candle[]>;
}

export interface WarmupOptions {
  /** A ccxt REST exchange (markets are loaded by the first fetch if they are not yet). */
  readonly exchange: Pick<Exchange, 'fetchOHLCV'>;
  /** Unified symbol, e.g. `BTC/USDT`. */
  readonly symbol: string;
  /** Wall-clock time of the start (epoch ms): candles still open at this instant are left out. */
  readonly now: number;
  readonly store?: CandleHistory | null;
  /** Candles per timeframe; 0 skips one. Defaults: DEFAULT_WARMUP_CANDLES. */
  readonly candles?: Partial<Record<Timeframe, number>>;
  /** Most candles asked for per `fetchOHLCV` call. */
  readonly pageSize?: number;
}

export interface WarmupReport {
  /** Candles in the result that came from the store / from the venue. */
  readonly fromStore: number;
  readonly fromVenue: number;
  /** Stored candles the venue's OHLCV contradicted (built from part of a minute's trades), replaced by the venue's. */
  readonly replaced: number;
  /** `fetchOHLCV` calls made. */
  readonly requests: number;
  /** Why the venue gave nothing (a ccxt error); the result is then the store's candles alone. */
  readonly venueError: string | null;
  readonly storeError: string | null;
}

export interface WarmupResult {
  /** Per timeframe, the last `n` closed candles, oldest first. */
  readonly candles: Record<Timeframe, Candle[]>;
  readonly report: Record<Timeframe, WarmupReport>;
}

/**
 * True when the candle carries the aggressor split (it was built from trades). A candle from venue
 * OHLCV has `buyVolume`, `sellVolume` and the three trade counts set to NaN: unknown, not zero —
 * a zero would read as "no buying", NaN makes any sum over it visibly unknown.
 */
export function hasAggressorSplit(c: Candle): boolean {
  return !Number.isNaN(c.buyVolume);
}

/**
 * Warm-up history for one symbol: venue OHLCV (ccxt `fetchOHLCV`) merged with the store's candles.
 * Where both have a candle, the store's is kept when its OHLCV agrees with the venue's (then it is
 * complete and adds the aggressor split); otherwise the venue's wins, since the store's was built
 * from only part of the interval's trades (the service started or lost its feed mid-candle). Venue
 * candles with zero volume are dropped: the live candle builder makes no candle for an empty
 * interval, so warm and live history look alike. The timeframes are fetched concurrently.
 */
export async function warmUpCandles(opts: WarmupOptions): Promise<WarmupResult> {
  const want: Record<Timeframe, number> = { ...DEFAULT_WARMUP_CANDLES, ...opts.candles };
  for (const tf of TIMEFRAMES) {
    if (!Number.isInteger(want[tf]) || want[tf] < 0) throw new RangeError(`candles for ${tf} must be a non-negative integer, got ${want[tf]}`);
  }
  const done = await Promise.all(TIMEFRAMES.map((tf) => warmUpTimeframe(opts, tf, want[tf])));
  const candles = {} as Record<Timeframe, Candle[]>;
  const report = {} as Record<Timeframe, WarmupReport>;
  TIMEFRAMES.forEach((tf, i) => {
    const d = done[i] as { candles: Candle[]; report: WarmupReport };
    candles[tf] = d.candles;
    report[tf] = d.report;
  });
  return { candles, report };
}

async function warmUpTimeframe(opts: WarmupOptions, tf: Timeframe, n: number): Promise<{ candles: Candle[]; report: WarmupReport }> {
  const empty: WarmupReport = { fromStore: 0, fromVenue: 0, replaced: 0, requests: 0, venueError: null, storeError: null };
  if (n === 0) return { candles: [], report: empty };
  const span = timeframeMs[tf];
  const currentOpen = opts.now - (((opts.now % span) + span) % span);
  const [venue, stored] = await Promise.all([
    fetchVenue(opts, tf, currentOpen - n * span, currentOpen),
    (async () => {
      if (!opts.store) return { candles: [] as Candle[], error: null };
      try {
        return { candles: await opts.store.loadRecentCandles(tf, n), error: null };
      } catch (e) {
        return { candles: [] as Candle[], error: describe(e) };
      }
    })(),
  ]);

  const merged = new Map<number, Candle>(venue.candles.map((c) => [c.openTime, c]));
  const fromStore = new Set<Candle>();
  let replaced = 0;
  for (const s of stored.candles) {
    if (s.openTime >= currentOpen) continue;
    const v = merged.get(s.openTime);
    if (v && !sameOhlcv(s, v)) {
      replaced += 1;
      continue;
    }
    merged.set(s.openTime, s);
    fromStore.add(s);
  }
  const candles = [...merged.values()].sort((a, b) => a.openTime - b.openTime).slice(-n);
  const storeCount = candles.filter((c) => fromStore.has(c)).length;
  return {
    candles,
    report: {
      fromStore: storeCount,
      fromVenue: candles.length - storeCount,
      replaced,
      requests: venue.requests,
      venueError: venue.error,
      storeError: stored.error,
    },
  };
}

/** Closed venue candles with open time in [start, end), paging forward from `start`. */
async function fetchVenue(opts: WarmupOptions, tf: Timeframe, start: number, end: number): Promise<{ candles: Candle[]; requests: number; error: string | null }> {
  const span = timeframeMs[tf];
  const page = opts.pageSize ?? DEFAULT_OHLCV_PAGE;
  const out = new Map<number, Candle>();
  let requests = 0;
  let since = start;
  try {
    while (since < end) {
      const limit = Math.min(page, Math.ceil((end - since) / span));
      requests += 1;
      const rows = await opts.exchange.fetchOHLCV(opts.symbol, tf, since, limit);
      let last = Number.NEGATIVE_INFINITY;
      for (const row of rows) {
        const c = fromOhlcv(tf, row);
        if (c === null) continue;
        last = Math.max(last, c.openTime);
        if (c.openTime >= start && c.openTime < end && c.volume > 0) out.set(c.openTime, c);
      }
      // Nothing at or after `since`: the venue has no more history to give.
      if (last < since) break;
      since = last + span;
    }
  } catch (e) {
    if (!isCcxtError(e)) throw e;
    return { candles: [], requests, error: describe(e) };
  }
  return { candles: [...out.values()], requests, error: null };
}

/** ccxt OHLCV `[time, open, high, low, close, volume]` → Candle with the aggressor split unknown (NaN). */
function fromOhlcv(tf: Timeframe, row: OHLCV): Candle | null {
  const [t, o, h, l, c, v] = row;
  if (t === undefined || o === undefined || h === undefined || l === undefined || c === undefined || v === undefined) return null;
  if (![t, o, h, l, c, v].every(Number.isFinite)) return null;
  return { timeframe: tf, openTime: t, open: o, high: h, low: l, close: c, volume: v, buyVolume: NaN, sellVolume: NaN, trades: NaN, buyTrades: NaN, sellTrades: NaN };
}

/**
 * Both sides parse the same venue decimals to the nearest double, so a complete stored candle
 * matches exactly; the tolerance only absorbs a last-digit difference in the stored volume.
 */
function sameOhlcv(a: Candle, b: Candle): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
  return close(a.open, b.open) && close(a.high, b.high) && close(a.low, b.low) && close(a.close, b.close) && close(a.volume, b.volume);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
