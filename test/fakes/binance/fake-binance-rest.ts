/**
 * TEST SUPPORT ONLY: a local fake of the slice of Binance's public spot REST API that ccxt binance
 * uses for `loadMarkets()` and `fetchOHLCV()`, so the candle warm-up runs through the real ccxt
 * client (request building, pagination parameters, response parsing) without the network.
 *
 * - `GET /api/v3/exchangeInfo`: the same symbol entries as the streamer's fake (streamer/fake-binance.ts).
 * - `GET /api/v3/klines` (Binance "Kline/Candlestick data", spot): `symbol` and `interval` required;
 *   `startTime` / `endTime` select klines by open time (inclusive); `limit` default 500, max 1000;
 *   without `startTime` the most recent klines are returned, oldest first. Errors as Binance sends
 *   them: HTTP 400 with `{"code":-1121,"msg":"Invalid symbol."}`, `-1120` for an interval,
 *   `-1102` for a missing parameter, `-1100`/`-1130` for a malformed or out-of-range number.
 * - Every other path is a 404 and is recorded in `unhandled`.
 *
 * Point ccxt at it with `new ccxt.binance({ urls: fake.ccxtUrls, options: { fetchMarkets: { types: ['spot'] } } })`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeSpotSymbol, defaultFakeSymbols, fakeSpotSymbolInfo } from './fake-binance.js';

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

export interface FakeBinanceRest {
  /** `http://127.0.0.1:<port>` */
  readonly httpBase: string;
  /** Deep-merged into ccxt's binance `urls` by the constructor config: `{ urls: fake.ccxtUrls }`. */
  readonly ccxtUrls: { api: { public: string; v1: string } };
  /** Every request as `METHOD /path?query`, in arrival order. */
  readonly requests: readonly string[];
  /** The subset of `requests` the fake does not implement (answered 404). */
  readonly unhandled: readonly string[];
  /** Replaces the klines of `symbol` (Binance id, e.g. BTCUSDT) at `interval` (e.g. 1m); any order. */
  setKlines(symbol: string, interval: string, klines: readonly FakeKline[]): void;
  /** Makes every klines request fail with this HTTP status and Binance error body, until cleared with null. */
  failKlines(error: { status: number; code: number; msg: string } | null): void;
  close(): Promise<void>;
}

export interface FakeBinanceRestOptions {
  readonly symbols?: readonly FakeSpotSymbol[];
  /** `serverTime` of exchangeInfo; default `Date.now()`. */
  readonly now?: () => number;
}

/** Binance kline intervals and their length (1M, a calendar month, is not served). */
const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1s': 1_000, '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000,
  '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000, '12h': 43_200_000,
  '1d': 86_400_000, '3d': 259_200_000, '1w': 604_800_000,
};

class BinanceError extends Error {
  constructor(readonly status: number, readonly code: number, msg: string) {
    super(msg);
  }
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeBinanceRest(opts: FakeBinanceRestOptions = {}): Promise<FakeBinanceRest> {
  const symbols = opts.symbols ?? defaultFakeSymbols;
  const now = opts.now ?? (() => Date.now());
  const requests: string[] = [];
  const unhandled: string[] = [];
  const klines = new Map<string, FakeKline[]>();
  let failure: { status: number; code: number; msg: string } | null = null;

  const exchangeInfo = () => ({
    timezone: 'UTC',
    serverTime: now(),
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: symbols.map(fakeSpotSymbolInfo),
  });

  const integer = (q: URLSearchParams, name: string): number | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    if (!/^-?\d+$/.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
    return Number(v);
  };

  const klinesResponse = (q: URLSearchParams): unknown[] => {
    if (failure) throw new BinanceError(failure.status, failure.code, failure.msg);
    const symbol = q.get('symbol');
    if (!symbol) throw new BinanceError(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    const interval = q.get('interval');
    if (!interval) throw new BinanceError(400, -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
    if (!symbols.some((s) => s.symbol === symbol)) throw new BinanceError(400, -1121, 'Invalid symbol.');
    const span = INTERVAL_MS[interval];
    if (span === undefined) throw new BinanceError(400, -1120, 'Invalid interval.');
    const limit = integer(q, 'limit') ?? 500;
    if (limit < 1 || limit > 1000) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.");
    const start = integer(q, 'startTime');
    const end = integer(q, 'endTime');
    const all = (klines.get(`${symbol} ${interval}`) ?? []).filter((k) => (start === undefined || k.openTime >= start) && (end === undefined || k.openTime <= end));
    const picked = start === undefined ? all.slice(-limit) : all.slice(0, limit);
    // [open time, open, high, low, close, volume, close time, quote volume, trades, taker buy base, taker buy quote, ignore]
    return picked.map((k) => [
      k.openTime, k.open, k.high, k.low, k.close, k.volume, k.openTime + span - 1,
      k.quoteVolume ?? '0', k.trades ?? 0, k.takerBuyBaseVolume ?? '0', k.takerBuyQuoteVolume ?? '0', '0',
    ]);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const line = `${req.method ?? '?'} ${req.url ?? ''}`;
    requests.push(line);
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
    try {
      if (req.method === 'GET' && url.pathname === '/api/v3/exchangeInfo') return json(200, exchangeInfo());
      if (req.method === 'GET' && url.pathname === '/api/v3/klines') return json(200, klinesResponse(url.searchParams));
    } catch (e) {
      if (e instanceof BinanceError) return json(e.status, { code: e.code, msg: e.message });
      throw e;
    }
    unhandled.push(line);
    json(404, { code: -1, msg: `fake-binance-rest does not implement ${line}` });
  };

  const server = createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const httpBase = `http://127.0.0.1:${port}`;

  return {
    httpBase,
    ccxtUrls: { api: { public: `${httpBase}/api/v3`, v1: `${httpBase}/api/v1` } },
    requests,
    unhandled,
    setKlines(symbol, interval, list) {
      klines.set(`${symbol} ${interval}`, [...list].sort((a, b) => a.openTime - b.openTime));
    },
    failKlines(error) {
      failure = error;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
