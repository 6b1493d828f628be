import ccxt from 'ccxt';
import type { Exchange, Trade as CcxtTrade } from 'ccxt';
import { z } from 'zod';
import { type RetryPorts, type ValueOf, RetryPolicySchema, retryWithBackoff } from '@cascade/core';

/** A trade as far as paging needs it: the venue's id and time (epoch ms). */
export interface TradeCursor {
  readonly id: string;
  readonly ts: number;
}

/**
 * A venue's REST trade history in the id space of its trade stream.
 *
 * `tradesFrom` answers the trades starting AT `from` (inclusive), oldest first: the cursor trade
 * itself must come back in the page, which is how the filler proves the page joins on to what the
 * stream already delivered. A venue that has forgotten `from`, ignores the start parameter, or
 * numbers its REST trades differently from its stream never returns the cursor, and the fill stops
 * there instead of publishing trades it cannot place.
 */
export interface TradeHistory {
  /** For logs and status: which endpoint fills the gaps. */
  readonly name: string;
  /** Largest page the venue serves. */
  readonly pageLimit: number;
  /** Ids are consecutive integers per symbol (Binance spot): a jump is a gap, and no jump means none. */
  readonly contiguousIds: boolean;
  tradesFrom(symbol: string, from: TradeCursor, limit: number): Promise<CcxtTrade[]>;
}

export const GapFillConfigSchema = z.strictObject({
  /** Trades more than this after the last one delivered are not fetched: a gap longer is left open and alerted. */
  maxGapMs: z.number().int().min(0).max(86_400_000).default(600_000),
  /** At most this many trades per gap (50 pages of Binance's 1000): minutes of the busiest pair. */
  maxTrades: z.number().int().min(0).max(1_000_000).default(50_000),
  /**
   * Waits for the venue's history to catch up with its stream before the gap is declared unfillable
   * (Binance serves historicalTrades from its database, which can trail the stream briefly).
   */
  catchUpAttempts: z.number().int().min(0).max(100).default(5),
  catchUpDelayMs: z.number().int().min(0).max(60_000).default(1_000),
  /** Per page: transient REST faults are retried with backoff; the gap is left open when this gives up. */
  retry: RetryPolicySchema.default(RetryPolicySchema.parse({})),
});
export type GapFillConfig = z.infer<typeof GapFillConfigSchema>;
export const defaultGapFillConfig: GapFillConfig = GapFillConfigSchema.parse({});

export const GapOutcome = {
  /** Every trade up to the stream's trade was handed over. */
  Filled: 'filled',
  /** Stopped at `maxTrades` or `maxGapMs`. */
  Limited: 'limited',
  /** REST failed after retries, or the history did not catch up. */
  Failed: 'failed',
  /** A page did not contain the cursor trade: the history cannot be joined to the stream. */
  Broken: 'broken',
  /** The stream stopped while filling. */
  Aborted: 'aborted',
} as const;
export type GapOutcome = ValueOf<typeof GapOutcome>;

export interface GapFillReport {
  readonly symbol: string;
  /** The last trade delivered before the gap. */
  readonly from: TradeCursor;
  /** The stream trade the fill had to reach (not handed over: the stream delivers it). */
  readonly until: TradeCursor;
  readonly outcome: GapOutcome;
  /** Trades handed to `onTrade`, in order. */
  readonly handed: number;
  readonly pages: number;
  /** The last trade handed over (`from` when none). */
  readonly reached: TradeCursor;
  /** Why the fill stopped short; '' when filled. */
  readonly detail: string;
}

export interface GapFillRequest {
  readonly symbol: string;
  readonly from: TradeCursor;
  readonly until: TradeCursor;
  readonly history: TradeHistory;
  readonly config: GapFillConfig;
  readonly ports: RetryPorts;
  /** Each missing trade, oldest first; awaited before the next. */
  readonly onTrade: (t: CcxtTrade) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * Fetches the trades between `from` (exclusive) and `until` (exclusive) page by page and hands them
 * over in the venue's order. Each page is requested from the last trade handed over and must
 * contain it, so consecutive pages overlap by one trade and a hole inside the history cannot go
 * unnoticed. Bounded by `maxTrades` and `maxGapMs`; whatever could not be fetched is reported.
 */
export async function fillGap(req: GapFillRequest): Promise<GapFillReport> {
  const { symbol, from, until, history, config, ports } = req;
  const limit = history.pageLimit;
  const lastTs = from.ts + config.maxGapMs;
  let cursor = from;
  let handed = 0;
  let pages = 0;
  let waits = 0;
  const report = (outcome: GapOutcome, detail: string): GapFillReport => ({ symbol, from, until, outcome, handed, pages, reached: cursor, detail });

  for (;;) {
    if (req.signal?.aborted) return report(GapOutcome.Aborted, 'stream stopped');
    let page: CcxtTrade[];
    try {
      const at = cursor;
      page = await retryWithBackoff(() => history.tradesFrom(symbol, at, limit), config.retry, ports);
    } catch (e) {
      return report(GapOutcome.Failed, `${history.name} failed: ${(e as Error).message}`);
    }
    pages += 1;
    const start = page.findIndex((t) => t.id === cursor.id);
    if (start < 0) {
      const first = page[0];
      return report(GapOutcome.Broken, first ? `${history.name} answered from trade ${first.id}, not from ${cursor.id}` : `${history.name} has no trade ${cursor.id}`);
    }
    let progressed = false;
    for (let i = start + 1; i < page.length; i += 1) {
      const t = page[i] as CcxtTrade;
      const c = cursorOf(t);
      if (reaches(c, until)) return report(GapOutcome.Filled, '');
      if (handed >= config.maxTrades) return report(GapOutcome.Limited, `stopped at the limit of ${config.maxTrades} trades`);
      if (c.ts > lastTs) return report(GapOutcome.Limited, `stopped at the limit of ${config.maxGapMs} ms after the last trade seen`);
      await req.onTrade(t);
      handed += 1;
      cursor = c;
      progressed = true;
    }
    if (progressed) {
      waits = 0;
      continue;
    }
    // Nothing past the cursor yet, though the stream has `until`: the history trails the stream.
    if (waits >= config.catchUpAttempts) return report(GapOutcome.Failed, `${history.name} ends at trade ${cursor.id}, before the stream's ${until.id}`);
    waits += 1;
    await ports.sleeper.sleep(config.catchUpDelayMs);
  }
}

export function cursorOf(t: CcxtTrade): TradeCursor {
  return { id: idOf(t), ts: t.timestamp ?? NaN };
}

/** Venues without trade ids are rare; time, price and amount then stand in for one. */
export function idOf(t: CcxtTrade): string {
  return t.id ?? `${t.timestamp}:${t.price}:${t.amount}`;
}

/** Whether `c` is `target` or lies beyond it (by id when both are integers, else by time). */
export function reaches(c: TradeCursor, target: TradeCursor): boolean {
  if (c.id === target.id) return true;
  const order = compareIntegerIds(c.id, target.id);
  if (order !== null) return order > 0;
  return c.ts > target.ts;
}

/** Sign of a − b for decimal integer ids (compared as text, so ids past 2^53 stay exact); null unless both are. */
export function compareIntegerIds(a: string, b: string): number | null {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return null;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether integer id `b` directly follows `a` (a + 1). Runs per streamed trade on Binance: BigInt only past 2^53. */
export function isNextId(a: string, b: string): boolean {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  const x = Number(a);
  const y = Number(b);
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return y === x + 1;
  return BigInt(a) + 1n === BigInt(b);
}

/**
 * Binance spot `GET /api/v3/historicalTrades` ("Old trade lookup"): `symbol`, `fromId` (inclusive),
 * `limit` (default 500, max 1000); ascending by id; the ids are those of the `<symbol>@trade`
 * stream. Binance documents it with security type NONE, but ccxt 4.5's `sign()` still refuses the
 * path without an apiKey, so without one the request is built here and sent through ccxt's own
 * `fetch` (its HTTP agent, timeout and Binance error mapping) after its rate limiter.
 *
 *     [{ "id": 28457, "price": "4.00000100", "qty": "12.00000000", "quoteQty": "48.000012",
 *        "time": 1499865549590, "isBuyerMaker": true, "isBestMatch": true }]
 */
export function binanceSpotHistory(exchange: Exchange): TradeHistory {
  return {
    name: 'binance historicalTrades',
    pageLimit: 1000,
    contiguousIds: true,
    async tradesFrom(symbol, from, limit) {
      const market = exchange.market(symbol);
      let raw: unknown;
      if (exchange.apiKey) {
        const implicit = exchange as unknown as { publicGetHistoricalTrades(p: object): Promise<unknown> };
        raw = await implicit.publicGetHistoricalTrades({ symbol: market.id, fromId: from.id, limit });
      } else {
        // ccxt's cost for this path (binance.js api.public.get.historicalTrades).
        if (exchange.enableRateLimit) await exchange.throttle(2);
        const base = String((exchange.urls.api as Record<string, unknown>)['public']);
        raw = await exchange.fetch(`${base}/historicalTrades?${new URLSearchParams({ symbol: String(market.id), fromId: from.id, limit: String(limit) }).toString()}`, 'GET');
      }
      if (!Array.isArray(raw)) throw new ccxt.BadResponse(`binance historicalTrades answered ${JSON.stringify(raw).slice(0, 200)}`);
      // One by one: ccxt's parseTrades re-sorts by (timestamp, id as text), which misorders 999 and 1000.
      return raw.map((r: unknown) => exchange.parseTrade(r as Record<string, unknown>, market));
    },
  };
}

/**
 * Binance's "Recent trades list" (`GET /api/v3/trades`, `/fapi/v1/trades`, `/dapi/v1/trades`): the
 * newest `limit` (max 1000) trades in the stream's ids, no start parameter, no key. Enough to close a
 * gap of up to ~1000 trades; a longer one no longer contains the cursor and `fillGap` says so. The
 * derivatives' historicalTrades want a key, so this is their source. Ids are not assumed consecutive.
 */
export function binanceRecentTrades(exchange: Exchange, method: 'publicGetTrades' | 'fapiPublicGetTrades' | 'dapiPublicGetTrades'): TradeHistory {
  return {
    name: `binance ${method}`,
    pageLimit: 1000,
    contiguousIds: false,
    async tradesFrom(symbol, _from, limit) {
      const page = await exchange.fetchTrades(symbol, undefined, limit, { fetchTradesMethod: method });
      return [...page].sort(byTimeThenId);
    },
  };
}

/**
 * Any other venue through ccxt's unified `fetchTrades(symbol, since)`, paged by time. Whether the
 * REST ids match the stream's is the venue's business; the cursor check in `fillGap` stops the fill
 * where they do not. Several trades in one millisecond beyond a page cannot be paged past.
 */
export function ccxtFetchTradesHistory(exchange: Exchange): TradeHistory {
  return {
    name: `${exchange.id} fetchTrades`,
    pageLimit: 1000,
    contiguousIds: false,
    async tradesFrom(symbol, from, limit) {
      const page = await exchange.fetchTrades(symbol, from.ts, limit);
      return [...page].sort(byTimeThenId);
    },
  };
}

function byTimeThenId(a: CcxtTrade, b: CcxtTrade): number {
  const dt = (a.timestamp ?? 0) - (b.timestamp ?? 0);
  if (dt !== 0) return dt;
  return compareIntegerIds(idOf(a), idOf(b)) ?? 0;
}

/**
 * The history that fills `symbol`'s gaps on `exchange`, or the reason there is none. Binance streams
 * raw `@trade` ids while its default `fetchTrades` serves aggregate ids, so it gets sources in the
 * stream's ids: historicalTrades on spot, the recent-trades list on derivatives.
 */
export function tradeHistoryFor(exchange: Exchange, symbol: string): TradeHistory | { readonly none: string } {
  const market = exchange.market(symbol);
  if (exchange instanceof ccxt.binance) {
    if (market.spot) return binanceSpotHistory(exchange);
    if (market.linear === true && !market.option) return binanceRecentTrades(exchange, 'fapiPublicGetTrades');
    if (market.inverse === true && !market.option) return binanceRecentTrades(exchange, 'dapiPublicGetTrades');
    return { none: `${exchange.id} ${symbol}: no REST history in the ids of the trade stream` };
  }
  if (exchange.has['fetchTrades'] !== true) return { none: `${exchange.id} has no fetchTrades` };
  return ccxtFetchTradesHistory(exchange);
}

/**
 * The trade a gap fill must reach, or null when nothing is missing between `anchor` (the last trade
 * delivered) and `trades` (one watch result, oldest first). With consecutive ids a gap is exactly an
 * id jump; otherwise, after an outage, anything between the anchor and the newest trade may be
 * missing. Trades at or before the anchor (ccxt's cache handing back old ones) are skipped.
 */
export function gapEnd(trades: readonly CcxtTrade[], anchor: TradeCursor, contiguousIds: boolean): TradeCursor | null {
  let expected = anchor.id;
  let newest: CcxtTrade | null = null;
  let jumped = false;
  for (const t of trades) {
    const id = idOf(t);
    if (id === anchor.id || !reaches({ id, ts: t.timestamp ?? NaN }, anchor)) continue;
    newest = t;
    if (contiguousIds && !jumped) {
      if (isNextId(expected, id)) expected = id;
      else jumped = true;
    }
  }
  if (newest === null || (contiguousIds && !jumped)) return null;
  return cursorOf(newest);
}
