/**
 * TEST SUPPORT ONLY: the public market-data REST endpoints of the Binance fake, served from what the
 * test put in (trades, klines, 24 h tickers).
 *
 * Follows Binance's documented Spot API "Market Data endpoints" (spot/rest-api/market-data-endpoints):
 * - `GET /api/v3/trades` ("Recent trades list": `symbol`, `limit` default 500, max 1000; the most recent).
 * - `GET /api/v3/historicalTrades` ("Old trade lookup": `fromId` inclusive, without it the most recent;
 *   `limit` default 500, max 1000; ascending by id).
 * - `GET /api/v3/klines` ("Kline/Candlestick data": `symbol` and `interval` required; `startTime` /
 *   `endTime` select by open time, inclusive; `limit` default 500, max 1000; without `startTime` the
 *   most recent, oldest first). 1M (a calendar month) is not served.
 * - `GET /api/v3/ticker/24hr` ("24hr ticker price change statistics", FULL type): every symbol as an
 *   array; `symbol=X` → one object; `symbols=["X","Y"]` → that subset.
 * Errors as Binance sends them (binance-error.ts), -1120 for an unknown interval.
 */
import { z } from 'zod';
import { BinanceError, integerParam, limitParam, missingParam } from './binance-error.js';
import type { Params, Routes } from './server.js';
import type { SymbolTable } from './symbols.js';

/** A trade of the venue's tape (also what `<symbol>@trade` streams). */
export interface FakeTrade {
  /** Binance symbol, e.g. BTCUSDT. */
  readonly symbol: string;
  /** `t` / `id` */
  readonly id: number;
  /** `p`, `q`: decimal strings. */
  readonly price: string;
  readonly qty: string;
  /** `T`, trade time (epoch ms); the stream's event time `E` is set a millisecond later. */
  readonly time: number;
  /**
   * `m`, "is the buyer the market maker": true means the aggressor sold. Undefined leaves `m` out of
   * the stream event, which Binance never does; it is how a test drives a feed without an aggressor side.
   */
  readonly buyerIsMaker: boolean | undefined;
}

/** One kline as the fake serves it; decimals are strings, as Binance sends them. */
export interface FakeKline {
  readonly openTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  /** Base asset volume. */
  readonly volume: string;
  readonly quoteVolume?: string;
  readonly trades?: number;
  readonly takerBuyBaseVolume?: string;
  readonly takerBuyQuoteVolume?: string;
}

/** The 24 h statistics of one symbol; decimals are strings, as Binance sends them. */
export interface FakeTicker24h {
  readonly symbol: string;
  readonly lastPrice: string;
  readonly bidPrice: string;
  readonly askPrice: string;
  /** Base volume. */
  readonly volume: string;
  readonly quoteVolume: string;
  /** Number of trades. */
  readonly count: number;
}

/** Binance kline intervals and their length. */
const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1s': 1_000, '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000, '12h': 43_200_000,
  '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000,
};

const SymbolListSchema = z.array(z.string());

export class MarketData {
  /** Per Binance symbol, ascending by id, each id once. */
  private readonly tape = new Map<string, FakeTrade[]>();
  private readonly klines = new Map<string, FakeKline[]>();
  private tickers: readonly FakeTicker24h[];

  constructor(
    private readonly symbols: SymbolTable,
    private readonly now: () => number,
    tickers: readonly FakeTicker24h[] = [],
  ) {
    this.tickers = tickers;
  }

  /** Adds a trade to the tape; a trade id seen before is one trade (a resent message). */
  recordTrade(t: FakeTrade): void {
    let list = this.tape.get(t.symbol);
    if (!list) this.tape.set(t.symbol, (list = []));
    let i = list.length;
    while (i > 0 && (list[i - 1] as FakeTrade).id > t.id) i -= 1;
    if (i > 0 && (list[i - 1] as FakeTrade).id === t.id) return;
    list.splice(i, 0, t);
  }

  tradesOf(symbol: string): readonly FakeTrade[] {
    return [...(this.tape.get(symbol) ?? [])];
  }

  setKlines(symbol: string, interval: string, list: readonly FakeKline[]): void {
    this.klines.set(`${symbol} ${interval}`, [...list].sort((a, b) => a.openTime - b.openTime));
  }

  setTickers(t: readonly FakeTicker24h[]): void {
    this.tickers = t;
  }

  routes(): Routes {
    return {
      'GET /api/v3/historicalTrades': { signed: false, handle: (q) => this.trades(q, true) },
      'GET /api/v3/trades': { signed: false, handle: (q) => this.trades(q, false) },
      'GET /api/v3/klines': { signed: false, handle: (q) => this.klineRows(q) },
      'GET /api/v3/ticker/24hr': { signed: false, handle: (q) => this.ticker24h(q) },
    };
  }

  /** `/api/v3/historicalTrades` (with `fromId`) and `/api/v3/trades` (without): same rows, same checks. */
  private trades(q: Params, allowFromId: boolean): unknown[] {
    const symbol = this.symbols.require(q).symbol;
    const limit = limitParam(q, 500, 1000);
    const fromId = allowFromId ? integerParam(q, 'fromId') : undefined;
    const all = this.tape.get(symbol) ?? [];
    const picked = fromId === undefined ? all.slice(-limit) : all.filter((t) => t.id >= fromId).slice(0, limit);
    return picked.map((t) => ({
      id: t.id, price: t.price, qty: t.qty, quoteQty: (Number(t.price) * Number(t.qty)).toFixed(8), time: t.time,
      isBuyerMaker: t.buyerIsMaker ?? false, isBestMatch: true,
    }));
  }

  private klineRows(q: Params): unknown[] {
    const symbol = q.symbol;
    if (!symbol) throw missingParam('symbol');
    const interval = q.interval;
    if (!interval) throw missingParam('interval');
    this.symbols.lookup(symbol);
    const span = INTERVAL_MS[interval];
    if (span === undefined) throw new BinanceError(400, -1120, 'Invalid interval.');
    const limit = limitParam(q, 500, 1000);
    const start = integerParam(q, 'startTime');
    const end = integerParam(q, 'endTime');
    const all = (this.klines.get(`${symbol} ${interval}`) ?? []).filter((k) => (start === undefined || k.openTime >= start) && (end === undefined || k.openTime <= end));
    const picked = start === undefined ? all.slice(-limit) : all.slice(0, limit);
    // [open time, open, high, low, close, volume, close time, quote volume, trades, taker buy base, taker buy quote, ignore]
    return picked.map((k) => [
      k.openTime, k.open, k.high, k.low, k.close, k.volume, k.openTime + span - 1,
      k.quoteVolume ?? '0', k.trades ?? 0, k.takerBuyBaseVolume ?? '0', k.takerBuyQuoteVolume ?? '0', '0',
    ]);
  }

  private ticker24h(q: Params): unknown {
    const closeTime = this.now();
    const one = q.symbol;
    if (one !== undefined) {
      const t = this.tickers.find((x) => x.symbol === one);
      if (!t) throw new BinanceError(400, -1121, 'Invalid symbol.');
      return tickerJson(t, closeTime);
    }
    const some = q.symbols;
    const wanted = some === undefined ? null : new Set(parseSymbolList(some));
    return this.tickers.filter((t) => wanted === null || wanted.has(t.symbol)).map((t) => tickerJson(t, closeTime));
  }
}

/** `symbols=["BTCUSDT","ETHUSDT"]`, a JSON array as Binance documents it. */
function parseSymbolList(raw: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = SymbolListSchema.safeParse(value);
  if (!parsed.success) throw new BinanceError(400, -1100, "Illegal characters found in parameter 'symbols'.");
  return parsed.data;
}

/** One ticker as Binance documents the FULL response. */
function tickerJson(t: FakeTicker24h, closeTime: number): Record<string, unknown> {
  return {
    symbol: t.symbol,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: t.lastPrice,
    prevClosePrice: t.lastPrice,
    lastPrice: t.lastPrice,
    lastQty: '1.00000000',
    bidPrice: t.bidPrice,
    bidQty: '1.00000000',
    askPrice: t.askPrice,
    askQty: '1.00000000',
    openPrice: t.lastPrice,
    highPrice: t.lastPrice,
    lowPrice: t.lastPrice,
    volume: t.volume,
    quoteVolume: t.quoteVolume,
    openTime: closeTime - 86_400_000,
    closeTime,
    firstId: 1,
    lastId: t.count,
    count: t.count,
  };
}
