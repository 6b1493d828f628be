/**
 * TEST SUPPORT ONLY: a local fake of Binance's documented public and trading API, one server per
 * `startFakeBinance()` (each test gets its own state), driven through the real ccxt client so ccxt's
 * request building, signing, parsing and WebSocket handling all run without the network.
 *
 * What it follows, module by module (each file names its Binance documentation):
 * - symbols.ts: Spot `GET /api/v3/exchangeInfo`, USDⓈ-M `GET /fapi/v1/exchangeInfo` (one symbol model).
 * - market-data.ts: Spot `GET /api/v3/trades | historicalTrades | klines | ticker/24hr`.
 * - streams.ts: Spot WebSocket Streams, `<symbol>@trade`, live SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS.
 * - spot-trading.ts: Spot `/api/v3/order | openOrders | account | myTrades`.
 * - usdm-trading.ts: USDⓈ-M `/fapi/v1/order | algoOrder | openAlgoOrders | leverage | marginType | userTrades`, `/fapi/v2|v3/…`.
 * - server.ts: request rules (SIGNED endpoints, errors, Retry-After), request logs and fault injection.
 * - client.ts: the ccxt client pointed here.
 *
 * Prices only move when a test calls `setPrice`, which fills resting limits and fires stops.
 */
import Big from 'big.js';
import { type FakeKline, type FakeTicker24h, type FakeTrade, MarketData } from './market-data.js';
import { type FakeOrderView, VenueState } from './orders.js';
import { type FakeFault, type FakeRequest, type FaultMatch, FakeServer, type LateLanding } from './server.js';
import { SpotTrading } from './spot-trading.js';
import { MarketStreams } from './streams.js';
import { type FakeSymbol, SymbolTable, defaultSymbols, spotExchangeInfo, usdmExchangeInfo } from './symbols.js';
import { type FakeAlgoView, UsdmTrading } from './usdm-trading.js';

export type { FakeFault, FakeRequest, FaultMatch, LateLanding } from './server.js';
export type { FakeKline, FakeTicker24h, FakeTrade } from './market-data.js';
export type { FakeOrderView } from './orders.js';
export type { FakeAlgoView } from './usdm-trading.js';
export { type FakeSymbol, defaultSymbols, fakeSymbol } from './symbols.js';
export { type FakeClientOptions, binanceClientForFake } from './client.js';

/** A Binance error answer for the persistent market-data faults. */
export interface FakeErrorAnswer {
  readonly status: number;
  readonly code: number;
  readonly msg: string;
}

export interface FakeBinanceOptions {
  /** Listed in both markets; default `defaultSymbols` (BTCUSDT, ETHUSDT). */
  readonly symbols?: readonly FakeSymbol[];
  /** The fake's clock (serverTime, recvWindow checks, order and ticker times); default Date.now. */
  readonly now?: () => number;
  /** `GET /api/v3/ticker/24hr` rows at start (see `setTickers`). */
  readonly tickers?: readonly FakeTicker24h[];
  /** Spot balances at start; default 10,000 USDT. */
  readonly spotBalances?: Readonly<Record<string, string>>;
  /** USDⓈ-M wallet at start; default 10,000 USDT. */
  readonly futuresWallet?: string;
}

export interface FakeBinance {
  /** `http://127.0.0.1:<port>` */
  readonly httpBase: string;
  /** Spot market-stream base, `ws://127.0.0.1:<port>/stream/ws`. */
  readonly wsBase: string;
  /** ccxt binance `urls`, every REST and WebSocket endpoint on the fake: `new ccxt.binance({ urls: fake.ccxtUrls })`. */
  readonly ccxtUrls: { readonly api: Readonly<Record<string, unknown>> };
  /** `{ urls, options }` for a ccxt binance constructor that loads spot markets only. */
  readonly ccxtConfig: Readonly<Record<string, unknown>>;

  // --- request logs ----------------------------------------------------------------------------
  /** Every HTTP request, parsed (query and form body), in arrival order. */
  readonly requests: readonly FakeRequest[];
  /** Every HTTP request as `METHOD /path?query`, in arrival order. */
  readonly requestLines: readonly string[];
  /** The subset of `requestLines` the fake does not implement (answered 404). */
  readonly unhandled: readonly string[];
  /** The next `times` requests matching method + path fail as told. */
  injectFault(match: FaultMatch, fault: FakeFault, times?: number): void;
  /** Drops every pending fault on these paths. */
  clearFaults(paths: readonly string[]): void;
  /** Every request held by a `late_landing` fault, with what it became once it landed. */
  readonly lateLandings: readonly LateLanding[];

  // --- market data -----------------------------------------------------------------------------
  /** Adds a trade to the venue's history without sending it (it happened while nobody listened). */
  recordTrade(t: FakeTrade): void;
  /** Every trade of `symbol` (Binance id) the fake has seen, ascending by id. */
  tradesOf(symbol: string): readonly FakeTrade[];
  /** Makes `/api/v3/trades` and `/api/v3/historicalTrades` answer this error, until cleared with null. */
  failTradeHistory(error: FakeErrorAnswer | null): void;
  /** Replaces the klines of `symbol` (Binance id) at `interval` (e.g. 1m); any order. */
  setKlines(symbol: string, interval: string, klines: readonly FakeKline[]): void;
  /** Makes every klines request answer this error, until cleared with null. */
  failKlines(error: FakeErrorAnswer | null): void;
  /** Replaces the rows of `GET /api/v3/ticker/24hr`. */
  setTickers(t: readonly FakeTicker24h[]): void;

  // --- WebSocket streams -----------------------------------------------------------------------
  /** Every WebSocket upgrade path accepted, in arrival order (one entry per connection ever opened). */
  readonly wsConnections: readonly string[];
  /** Every JSON request received on any socket, in arrival order. */
  readonly wsRequests: readonly unknown[];
  /** Sockets currently open. */
  readonly openConnections: number;
  /** Resolves once an open socket is subscribed to `stream` (e.g. `btcusdt@trade`). */
  untilSubscribed(stream: string): Promise<void>;
  /** Adds the trade to the history and sends it on `<symbol>@trade`; returns how many sockets got it. */
  pushTrade(t: FakeTrade): number;
  /** Destroys every open socket without a close frame; returns how many were open. */
  dropConnections(): number;
  /** While true, every WebSocket upgrade is reset before the handshake (the venue unreachable). */
  refuseConnections(refuse: boolean): void;
  /** Upgrades refused so far. */
  readonly refusedConnections: number;

  // --- trading ---------------------------------------------------------------------------------
  /** Sets the last price of a symbol (Binance id) in both markets; fills limits and fires stops it crosses. */
  setPrice(symbol: string, price: string): void;
  /** USDⓈ-M: a MARKET order of the symbol fills at most `qty` and the rest expires; null = a deep book again. */
  setMarketDepth(symbol: string, qty: string | null): void;
  orders(market: 'spot' | 'perp'): readonly FakeOrderView[];
  algoOrders(): readonly FakeAlgoView[];
  /** Signed position amount (long > 0) of a perp symbol. */
  position(symbol: string): string;
  spotBalance(asset: string): { free: string; locked: string };
  futuresWallet(): string;
  leverage(symbol: string): number;
  marginType(symbol: string): 'ISOLATED' | 'CROSSED';

  /** Stops the server and destroys any socket still open. */
  close(): Promise<void>;
}

const TRADE_HISTORY_PATHS = ['/api/v3/historicalTrades', '/api/v3/trades'] as const;
const KLINES_PATHS = ['/api/v3/klines'] as const;

/** Starts a fake on 127.0.0.1 and a free port. */
export async function startFakeBinance(opts: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const symbols = new SymbolTable(opts.symbols ?? defaultSymbols);
  const now = opts.now ?? (() => Date.now());
  const venue = new VenueState(symbols, now);
  const marketData = new MarketData(symbols, now, opts.tickers);
  const spot = new SpotTrading(venue, opts.spotBalances ?? { USDT: '10000' });
  const usdm = new UsdmTrading(venue, opts.futuresWallet ?? '10000');
  const streams = new MarketStreams();
  const lastPrices = (q: Readonly<Record<string, string>>, futures: boolean): unknown => {
    const row = (symbol: string) => ({ symbol, price: venue.priceOf(symbol).toFixed(8), ...(futures ? { time: now() } : {}) });
    return q.symbol === undefined ? symbols.list.map((s) => row(s.symbol)) : row(symbols.require(q).symbol);
  };
  const server = await FakeServer.start({
    now,
    onUpgrade: (req, socket, head) => streams.onUpgrade(req, socket, head),
    routes: {
      'GET /api/v3/exchangeInfo': { signed: false, handle: () => spotExchangeInfo(symbols, now()) },
      'GET /fapi/v1/exchangeInfo': { signed: false, handle: () => usdmExchangeInfo(symbols, now()) },
      ...marketData.routes(),
      // Spot "Symbol price ticker" and USDⓈ-M "Symbol Price Ticker V2": the last price `setPrice` set.
      'GET /api/v3/ticker/price': { signed: false, handle: (q) => lastPrices(q, false) },
      'GET /fapi/v2/ticker/price': { signed: false, handle: (q) => lastPrices(q, true) },
      ...spot.routes(),
      ...usdm.routes(),
    },
  });
  const persistentFault = (paths: readonly string[], error: FakeErrorAnswer | null) => {
    server.clearFaults(paths);
    if (error) for (const path of paths) server.injectFault({ path }, { kind: 'error', ...error }, Infinity);
  };
  const ccxtUrls = ccxtUrlsFor(server.httpBase, server.wsRoot);

  return {
    httpBase: server.httpBase,
    wsBase: `${server.wsRoot}/stream/ws`,
    ccxtUrls,
    ccxtConfig: { urls: ccxtUrls, options: { fetchMarkets: { types: ['spot'] } } },
    requests: server.requests,
    requestLines: server.requestLines,
    unhandled: server.unhandled,
    injectFault: (match, fault, times) => server.injectFault(match, fault, times),
    clearFaults: (paths) => server.clearFaults(paths),
    lateLandings: server.lateLandings,
    recordTrade: (t) => marketData.recordTrade(t),
    tradesOf: (symbol) => marketData.tradesOf(symbol),
    failTradeHistory: (error) => persistentFault(TRADE_HISTORY_PATHS, error),
    setKlines: (symbol, interval, klines) => marketData.setKlines(symbol, interval, klines),
    failKlines: (error) => persistentFault(KLINES_PATHS, error),
    setTickers: (t) => marketData.setTickers(t),
    wsConnections: streams.connections,
    wsRequests: streams.requests,
    get openConnections() {
      return streams.open;
    },
    untilSubscribed: (stream) => streams.untilSubscribed(stream),
    pushTrade(t) {
      marketData.recordTrade(t);
      return streams.sendTrade(t);
    },
    dropConnections: () => streams.drop(),
    refuseConnections: (refuse) => streams.refuse(refuse),
    get refusedConnections() {
      return streams.refused;
    },
    setPrice(symbol, price) {
      if (!symbols.has(symbol)) throw new RangeError(`fake has no symbol ${symbol}`);
      venue.setPrice(symbol, new Big(price));
      spot.onPrice(symbol);
      usdm.onPrice(symbol);
    },
    setMarketDepth(symbol, qty) {
      if (qty === null) venue.marketDepth.delete(symbol);
      else venue.marketDepth.set(symbol, new Big(qty));
    },
    orders: (market) => (market === 'spot' ? spot.book : usdm.book).views(),
    algoOrders: () => usdm.algoViews(),
    position: (symbol) => usdm.position(symbol).amount.toFixed(),
    spotBalance: (asset) => {
      const b = spot.balance(asset);
      return { free: b.free.toFixed(), locked: b.locked.toFixed() };
    },
    futuresWallet: () => usdm.walletBalance(),
    leverage: (symbol) => usdm.leverage(symbol),
    marginType: (symbol) => usdm.marginType(symbol),
    async close() {
      await streams.close();
      await server.close();
    },
  };
}

/**
 * Every REST base ccxt binance may call, and its WebSocket bases. ccxt tells spot from futures sockets
 * by '/stream' in the URL (isSpotUrl) and, for an id that is both a spot and a linear market, maps
 * trades to the futures one without it: hence `/stream/ws` for spot. The WebSocket API (`ws-api`,
 * where ccxt starts the spot user-data stream) is not implemented: its upgrades get a 404, as does the
 * futures user-data stream, whose listenKey (`POST /fapi/v1/listenKey`) is never issued.
 */
function ccxtUrlsFor(http: string, ws: string): { readonly api: Readonly<Record<string, unknown>> } {
  const spotStreams = `${ws}/stream/ws`;
  const streams = `${ws}/ws`;
  const wsApi = `${ws}/ws-api/v3`;
  return {
    api: {
      public: `${http}/api/v3`, private: `${http}/api/v3`, v1: `${http}/api/v1`,
      sapi: `${http}/sapi/v1`, sapiV2: `${http}/sapi/v2`, sapiV3: `${http}/sapi/v3`, sapiV4: `${http}/sapi/v4`,
      fapiPublic: `${http}/fapi/v1`, fapiPublicV2: `${http}/fapi/v2`, fapiPublicV3: `${http}/fapi/v3`,
      fapiPrivate: `${http}/fapi/v1`, fapiPrivateV2: `${http}/fapi/v2`, fapiPrivateV3: `${http}/fapi/v3`, fapiData: `${http}/futures/data`,
      dapiPublic: `${http}/dapi/v1`, dapiPrivate: `${http}/dapi/v1`, dapiPrivateV2: `${http}/dapi/v2`, dapiData: `${http}/futures/data`,
      eapiPublic: `${http}/eapi/v1`, eapiPrivate: `${http}/eapi/v1`, papi: `${http}/papi/v1`, papiV2: `${http}/papi/v2`,
      ws: {
        spot: spotStreams, margin: spotStreams, future: streams, delivery: streams, stock: streams, option: streams, optionMarket: streams, optionPrivate: streams, papi: streams,
        'ws-api': { spot: wsApi, future: wsApi, delivery: wsApi },
      },
    },
  };
}
