/**
 * TEST SUPPORT ONLY: a local fake of the slice of Binance's public spot API that ccxt binance uses
 * for `loadMarkets()`, `watchTrades()` and the streamer's gap fill, so the live streamer can be
 * exercised through the real ccxt code (REST parsing, WebSocket client, subscription bookkeeping,
 * reconnects) without the network.
 *
 * - REST `GET /api/v3/exchangeInfo` (Binance "Exchange information", spot).
 * - REST `GET /api/v3/historicalTrades` ("Old trade lookup": `symbol` required, `fromId` inclusive,
 *   without it the most recent; `limit` default 500, max 1000; ascending by id) and
 *   `GET /api/v3/trades` ("Recent trades list": `symbol`, `limit`), served from every trade the
 *   fake has seen (`pushTrade`, `recordTrade`), whether or not a socket received it. Errors as
 *   Binance sends them (HTTP 400 with `-1102` missing parameter, `-1121` invalid symbol, `-1100` /
 *   `-1130` malformed or out-of-range number).
 * - Every other path is a 404 and is recorded in `unhandled`, so a test notices when ccxt starts
 *   needing more.
 * - WebSocket market streams on `…/ws` and `…/ws/<anything>`: the documented live-subscribe
 *   protocol (`SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS` → `{"result":…,"id":…}`, errors as
 *   `{"error":{"code":2,"msg":…},"id":…}`), then `<symbol>@trade` events in Binance's format.
 * - Faults: `dropConnections()` kills every open socket (no close frame), as a network failure
 *   would; `refuseConnections(true)` resets every new socket before the handshake (an outage);
 *   `failTradeHistory(…)` makes the trade endpoints answer an error.
 *
 * Point ccxt at it with `new ccxt.pro.binance({ urls: fake.ccxtUrls, options: { fetchMarkets: { types: ['spot'] } } })`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** The inputs of one spot symbol of the fake's exchangeInfo; decimals are strings, as Binance sends them. */
export interface FakeSpotSymbol {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** PRICE_FILTER */
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly tickSize: string;
  /** LOT_SIZE */
  readonly minQty: string;
  readonly maxQty: string;
  readonly stepSize: string;
  /** NOTIONAL */
  readonly minNotional: string;
  readonly maxNotional: string;
  readonly status?: 'TRADING' | 'HALT' | 'BREAK';
}

/** Close to the real BTCUSDT / ETHUSDT entries (2025); tests that assert values should pass their own. */
export const defaultFakeSymbols: readonly FakeSpotSymbol[] = [
  {
    symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT',
    minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000',
    minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000',
    minNotional: '5.00000000', maxNotional: '9000000.00000000',
  },
  {
    symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT',
    minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000',
    minQty: '0.00010000', maxQty: '9000.00000000', stepSize: '0.00010000',
    minNotional: '5.00000000', maxNotional: '9000000.00000000',
  },
];

/** One symbol of `GET /api/v3/exchangeInfo`, with the fields and filters Binance documents for spot. */
export function fakeSpotSymbolInfo(s: FakeSpotSymbol): Record<string, unknown> {
  return {
    symbol: s.symbol,
    status: s.status ?? 'TRADING',
    baseAsset: s.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: s.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: true,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.minPrice, maxPrice: s.maxPrice, tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: s.maxQty, stepSize: s.stepSize },
      { filterType: 'ICEBERG_PARTS', limit: 50 },
      { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
      { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: s.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** A trade to push on `<symbol>@trade`. */
export interface FakeTrade {
  /** Binance symbol, e.g. BTCUSDT. */
  readonly symbol: string;
  /** `t` */
  readonly id: number;
  /** `p`, `q`: decimal strings. */
  readonly price: string;
  readonly qty: string;
  /** `T`, trade time (epoch ms); the event time `E` is set a millisecond later. */
  readonly time: number;
  /**
   * `m`, "is the buyer the market maker": true means the aggressor sold. Undefined leaves `m` out,
   * which Binance never does; it is how a test drives a feed without an aggressor side.
   */
  readonly buyerIsMaker: boolean | undefined;
}

export interface FakeBinance {
  /** `http://127.0.0.1:<port>` */
  readonly httpBase: string;
  /** Spot market-stream base, `ws://127.0.0.1:<port>/stream/ws` (see `ccxtUrls`). */
  readonly wsBase: string;
  /** Deep-merged into ccxt's binance `urls` by the constructor config: `{ urls: fake.ccxtUrls }`. */
  readonly ccxtUrls: { api: { public: string; v1: string; ws: { spot: string; margin: string } } };
  /** Every HTTP request as `METHOD /path?query`, in arrival order. */
  readonly requests: readonly string[];
  /** The subset of `requests` the fake does not implement (answered 404). */
  readonly unhandled: readonly string[];
  /** Every WebSocket upgrade path, in arrival order (one entry per connection ever opened). */
  readonly wsConnections: readonly string[];
  /** Every JSON request received on any socket, in arrival order. */
  readonly wsRequests: readonly unknown[];
  /** Sockets currently open. */
  readonly openConnections: number;
  /** Resolves once an open socket is subscribed to `stream` (e.g. `btcusdt@trade`). */
  untilSubscribed(stream: string): Promise<void>;
  /**
   * Adds the trade to the venue's history and sends it to every open socket subscribed to
   * `<symbol>@trade`; returns how many got it (0: it happened while nobody listened).
   */
  pushTrade(t: FakeTrade): number;
  /** Destroys every open socket without a close frame; returns how many were open. */
  dropConnections(): number;
  /** While true, every WebSocket upgrade is reset before the handshake (the venue unreachable). */
  refuseConnections(refuse: boolean): void;
  /** Upgrades refused so far. */
  readonly refusedConnections: number;
  /** Adds a trade to the venue's history without sending it (it happened while nobody listened). */
  recordTrade(t: FakeTrade): void;
  /** Every trade of `symbol` (Binance id) the fake has seen, ascending by id. */
  tradesOf(symbol: string): readonly FakeTrade[];
  /** Makes the trade-history endpoints answer this HTTP status and Binance error body, until cleared with null. */
  failTradeHistory(error: { status: number; code: number; msg: string } | null): void;
  /** Stops the servers and destroys any socket still open. */
  close(): Promise<void>;
}

export interface FakeBinanceOptions {
  readonly symbols?: readonly FakeSpotSymbol[];
  /** `serverTime` of exchangeInfo; default `Date.now()`. */
  readonly now?: () => number;
}

class BinanceError extends Error {
  constructor(readonly status: number, readonly code: number, msg: string) {
    super(msg);
  }
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const symbols = opts.symbols ?? defaultFakeSymbols;
  const now = opts.now ?? (() => Date.now());
  const requests: string[] = [];
  const unhandled: string[] = [];
  const wsConnections: string[] = [];
  const wsRequests: unknown[] = [];
  const streamsOf = new Map<WebSocket, Set<string>>();
  const waiters: { stream: string; resolve: () => void }[] = [];
  /** Per Binance symbol, ascending by id, each id once. */
  const tape = new Map<string, FakeTrade[]>();
  let refusing = false;
  let refused = 0;
  let historyFailure: { status: number; code: number; msg: string } | null = null;

  const record = (t: FakeTrade) => {
    let list = tape.get(t.symbol);
    if (!list) tape.set(t.symbol, (list = []));
    let i = list.length;
    while (i > 0 && (list[i - 1] as FakeTrade).id > t.id) i -= 1;
    if (i > 0 && (list[i - 1] as FakeTrade).id === t.id) return; // a resent message is one trade
    list.splice(i, 0, t);
  };

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
    if (!/^\d{1,20}$/.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
    return Number(v);
  };

  /** `/api/v3/historicalTrades` (with `fromId`) and `/api/v3/trades` (without): same rows, same checks. */
  const tradesResponse = (q: URLSearchParams, allowFromId: boolean): unknown[] => {
    if (historyFailure) throw new BinanceError(historyFailure.status, historyFailure.code, historyFailure.msg);
    const symbol = q.get('symbol');
    if (!symbol) throw new BinanceError(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    if (!symbols.some((s) => s.symbol === symbol)) throw new BinanceError(400, -1121, 'Invalid symbol.');
    const limit = integer(q, 'limit') ?? 500;
    if (limit < 1 || limit > 1000) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.");
    const fromId = allowFromId ? integer(q, 'fromId') : undefined;
    const all = tape.get(symbol) ?? [];
    const picked = fromId === undefined ? all.slice(-limit) : all.filter((t) => t.id >= fromId).slice(0, limit);
    return picked.map((t) => ({
      id: t.id, price: t.price, qty: t.qty, quoteQty: (Number(t.price) * Number(t.qty)).toFixed(8), time: t.time,
      isBuyerMaker: t.buyerIsMaker ?? false, isBestMatch: true,
    }));
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const line = `${req.method ?? '?'} ${req.url ?? ''}`;
    requests.push(line);
    const url = new URL(req.url ?? '/', 'http://fake');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(body));
    try {
      if (req.method === 'GET' && url.pathname === '/api/v3/exchangeInfo') return json(200, exchangeInfo());
      if (req.method === 'GET' && url.pathname === '/api/v3/historicalTrades') return json(200, tradesResponse(url.searchParams, true));
      if (req.method === 'GET' && url.pathname === '/api/v3/trades') return json(200, tradesResponse(url.searchParams, false));
    } catch (e) {
      if (e instanceof BinanceError) return json(e.status, { code: e.code, msg: e.message });
      throw e;
    }
    unhandled.push(line);
    json(404, { code: -1, msg: `fake-binance does not implement ${line}` });
  };

  const server = createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true });

  const notifyWaiters = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i] as (typeof waiters)[number];
      if (isSubscribed(w.stream)) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };
  const isSubscribed = (stream: string) => [...streamsOf.values()].some((s) => s.has(stream));

  const onMessage = (ws: WebSocket, data: RawData) => {
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null }));
      return;
    }
    wsRequests.push(msg);
    const m = (msg ?? {}) as { method?: unknown; params?: unknown; id?: unknown };
    const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
    const streams = streamsOf.get(ws);
    if (!streams) return;
    const params = Array.isArray(m.params) && m.params.every((p) => typeof p === 'string') ? (m.params as string[]) : null;
    if ((m.method === 'SUBSCRIBE' || m.method === 'UNSUBSCRIBE') && params) {
      for (const p of params) {
        if (m.method === 'SUBSCRIBE') streams.add(p);
        else streams.delete(p);
      }
      ws.send(JSON.stringify({ result: null, id }));
      notifyWaiters();
      return;
    }
    if (m.method === 'LIST_SUBSCRIPTIONS') {
      ws.send(JSON.stringify({ result: [...streams], id }));
      return;
    }
    ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method or params' }, id }));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (refusing) {
      refused += 1;
      socket.destroy();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const match = /\/ws(?:\/([^/]*))?$/.exec(path);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wsConnections.push(path);
      // A raw stream named in the path (`/ws/btcusdt@trade`) is subscribed from the start, as on
      // Binance; ccxt puts a connection index there instead (`/ws/0`), which names no stream.
      const initial = new Set<string>();
      const named = match[1];
      if (named && named.includes('@')) initial.add(named);
      streamsOf.set(ws, initial);
      ws.on('message', (data) => onMessage(ws, data));
      ws.on('close', () => streamsOf.delete(ws));
      ws.on('error', () => streamsOf.delete(ws));
      notifyWaiters();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const httpBase = `http://127.0.0.1:${port}`;
  // ccxt binance tells spot from futures sockets by '/stream' in the client URL (isSpotUrl) and, for
  // a symbol id that is both a spot and a linear market, maps trades to the futures one without it.
  const wsBase = `ws://127.0.0.1:${port}/stream/ws`;

  return {
    httpBase,
    wsBase,
    ccxtUrls: { api: { public: `${httpBase}/api/v3`, v1: `${httpBase}/api/v1`, ws: { spot: wsBase, margin: wsBase } } },
    requests,
    unhandled,
    wsConnections,
    wsRequests,
    get openConnections() {
      return streamsOf.size;
    },
    untilSubscribed(stream) {
      if (isSubscribed(stream)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ stream, resolve }));
    },
    pushTrade(t) {
      record(t);
      const stream = `${t.symbol.toLowerCase()}@trade`;
      const event: Record<string, unknown> = { e: 'trade', E: t.time + 1, s: t.symbol, t: t.id, p: t.price, q: t.qty, T: t.time };
      if (t.buyerIsMaker !== undefined) event.m = t.buyerIsMaker;
      event.M = true;
      const text = JSON.stringify(event);
      let sent = 0;
      for (const [ws, streams] of streamsOf) {
        if (streams.has(stream) && ws.readyState === WebSocket.OPEN) {
          ws.send(text);
          sent += 1;
        }
      }
      return sent;
    },
    dropConnections() {
      const open = [...streamsOf.keys()];
      for (const ws of open) {
        streamsOf.delete(ws);
        ws.terminate();
      }
      return open.length;
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    get refusedConnections() {
      return refused;
    },
    recordTrade(t) {
      record(t);
    },
    tradesOf(symbol) {
      return [...(tape.get(symbol) ?? [])];
    },
    failTradeHistory(error) {
      historyFailure = error;
    },
    async close() {
      for (const ws of streamsOf.keys()) ws.terminate();
      streamsOf.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
