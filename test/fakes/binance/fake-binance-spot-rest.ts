/**
 * TEST SUPPORT ONLY: a local fake of the two public Binance spot REST endpoints the watchlist code
 * reaches through the real ccxt client, so symbol checks and the top-liquid ranking run ccxt's own
 * request building and parsing without the network.
 *
 * - `GET /api/v3/exchangeInfo` (Binance "Exchange information"): symbols as the streamer's fake
 *   builds them (`fakeSpotSymbolInfo`).
 * - `GET /api/v3/ticker/24hr` (Binance "24hr ticker price change statistics", FULL type): every
 *   symbol as an array; `symbol=X` → one object; `symbols=["X","Y"]` → that subset.
 * Anything else is a 404 recorded in `unhandled`.
 *
 * Point ccxt at it with `{ urls: fake.ccxtUrls, options: { fetchMarkets: { types: ['spot'] } } }`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeSpotSymbol, fakeSpotSymbolInfo } from './fake-binance.js';

export type { FakeSpotSymbol };

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

export interface FakeBinanceRest {
  readonly httpBase: string;
  readonly ccxtUrls: { api: { public: string; v1: string } };
  /** `{ urls, options }` for a ccxt binance constructor (spot markets only). */
  readonly ccxtConfig: Record<string, unknown>;
  readonly requests: readonly string[];
  readonly unhandled: readonly string[];
  setTickers(t: readonly FakeTicker24h[]): void;
  close(): Promise<void>;
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

export async function startFakeBinanceRest(opts: { symbols: readonly FakeSpotSymbol[]; tickers?: readonly FakeTicker24h[]; now?: () => number }): Promise<FakeBinanceRest> {
  const now = opts.now ?? (() => Date.now());
  let tickers = opts.tickers ?? [];
  const requests: string[] = [];
  const unhandled: string[] = [];
  const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const line = `${req.method ?? '?'} ${req.url ?? ''}`;
    requests.push(line);
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/api/v3/exchangeInfo') {
      json(res, 200, { timezone: 'UTC', serverTime: now(), rateLimits: [], exchangeFilters: [], symbols: opts.symbols.map(fakeSpotSymbolInfo) });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v3/ticker/24hr') {
      const one = url.searchParams.get('symbol');
      const some = url.searchParams.get('symbols');
      if (one !== null) {
        const t = tickers.find((x) => x.symbol === one);
        if (!t) return json(res, 400, { code: -1121, msg: 'Invalid symbol.' });
        return json(res, 200, tickerJson(t, now()));
      }
      const wanted = some !== null ? new Set(JSON.parse(some) as string[]) : null;
      json(res, 200, tickers.filter((t) => wanted === null || wanted.has(t.symbol)).map((t) => tickerJson(t, now())));
      return;
    }
    unhandled.push(line);
    json(res, 404, { code: -1, msg: `fake-binance-rest does not implement ${line}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const httpBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ccxtUrls = { api: { public: `${httpBase}/api/v3`, v1: `${httpBase}/api/v1` } };
  return {
    httpBase,
    ccxtUrls,
    ccxtConfig: { urls: ccxtUrls, options: { fetchMarkets: { types: ['spot'] } } },
    requests,
    unhandled,
    setTickers(t) {
      tickers = t;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** A spot symbol with Binance-like filters; only the names matter to the watchlist tests. */
export function fakeSymbol(base: string, quote: string, status: FakeSpotSymbol['status'] = 'TRADING'): FakeSpotSymbol {
  return {
    symbol: `${base}${quote}`, baseAsset: base, quoteAsset: quote,
    minPrice: '0.00000001', maxPrice: '1000000.00000000', tickSize: '0.00000001',
    minQty: '0.00100000', maxQty: '9000000.00000000', stepSize: '0.00100000',
    minNotional: '5.00000000', maxNotional: '9000000.00000000', status,
  };
}
