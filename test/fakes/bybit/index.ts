/**
 * TEST SUPPORT ONLY: a local fake of Bybit's documented V5 REST API, one server per `startFakeBybit()`
 * (each test gets its own state), driven through the real ccxt `bybit` client so ccxt's request
 * building, HMAC signing, parsing and error mapping all run without the network.
 *
 * What it follows, module by module (each file names its Bybit documentation, bybit-exchange.github.io/docs/v5):
 * - server.ts: "Authentication" (X-BAPI-* headers, HMAC-SHA256 sign, recv window), the response
 *   envelope, "Error Codes"; request logs and fault injection.
 * - instruments.ts: `GET /v5/market/instruments-info` (linear, spot), `/v5/market/time`, `/v5/asset/coin/query-info`.
 * - trading.ts / orders.ts: `/v5/order/create | cancel | realtime | history`, `/v5/execution/list`,
 *   `/v5/position/list | set-leverage`: linear USDT perpetuals (one-way) and spot on one unified account.
 * - account.ts: `/v5/account/wallet-balance | info | set-margin-mode`, `/v5/user/query-api`.
 * - streams.ts: the public WebSocket `wss://…/v5/public/linear | spot`, topic `publicTrade.<symbol>`.
 * - client.ts: the ccxt client pointed here.
 *
 * Prices only move when a test calls `setPrice`, which fills resting limits and fires conditional orders.
 */
import Big from 'big.js';
import { accountRoutes } from './account.js';
import { FAKE_BYBIT_KEY, FAKE_BYBIT_SECRET } from './client.js';
import { type FakeBybitSymbol, InstrumentTable, defaultBybitSymbols } from './instruments.js';
import type { FakeBybitOrderView } from './orders.js';
import { type FakeFault, type FakeRequest, type FaultMatch, FakeServer } from './server.js';
import { type FakeBybitTrade, PublicStreams } from './streams.js';
import { type FakeBybitPosition, type MarginMode, Trading } from './trading.js';

export type { FakeFault, FakeRequest, FaultMatch } from './server.js';
export type { FakeBybitOrderView } from './orders.js';
export type { FakeBybitPosition, MarginMode } from './trading.js';
export type { FakeBybitTrade } from './streams.js';
export { type FakeBybitSymbol, defaultBybitSymbols } from './instruments.js';
export { type BybitClientOptions, FAKE_BYBIT_KEY, FAKE_BYBIT_SECRET, bybitClientForFake, bybitProClientForFake } from './client.js';


export interface FakeBybitOptions {
  /** Listed in the linear and the spot category; default `defaultBybitSymbols` (BTCUSDT, ETHUSDT). */
  readonly symbols?: readonly FakeBybitSymbol[];
  /** The fake's clock (recv-window checks, order and execution times); default Date.now. */
  readonly now?: () => number;
  /** Unified wallet at start, per coin; default 10,000 USDT. */
  readonly wallet?: Readonly<Record<string, string>>;
}

export interface FakeBybit {
  /** `http://127.0.0.1:<port>` */
  readonly httpBase: string;
  /** ccxt bybit `urls`, every REST and public WebSocket base on the fake: `new ccxt.bybit({ urls: fake.ccxtUrls })`. */
  readonly ccxtUrls: FakeBybitUrls;

  // --- request logs and faults --------------------------------------------------------------------
  /** Every HTTP request, parsed, with the retCode it was answered (null: none was sent). */
  readonly requests: readonly FakeRequest[];
  /** Every HTTP request as `METHOD /path?query`, in arrival order. */
  readonly requestLines: readonly string[];
  /** The subset of `requestLines` the fake does not implement (answered 404). */
  readonly unhandled: readonly string[];
  /** The next `times` requests matching method + path fail as told (error, lost answer, late landing). */
  injectFault(match: FaultMatch, fault: FakeFault, times?: number): void;
  /** Applies the requests held by `late` faults now (after the client gave up); their retCodes. */
  landLate(): number[];
  /** Requests held by `late` faults, not landed yet. */
  readonly heldRequests: number;

  // --- public WebSocket streams ------------------------------------------------------------------
  /** Every JSON request received on any socket, in arrival order. */
  readonly wsRequests: readonly unknown[];
  /** Sockets currently open. */
  readonly openConnections: number;
  /** Resolves once an open socket of the category is subscribed to `topic` (e.g. publicTrade.BTCUSDT). */
  untilSubscribed(category: 'linear' | 'spot', topic: string): Promise<void>;
  /** Sends the trade on `publicTrade.<symbol>` of the category; returns how many sockets got it. */
  pushTrade(category: 'linear' | 'spot', t: FakeBybitTrade): number;
  /** Destroys every open socket without a close frame; returns how many were open. */
  dropConnections(): number;

  // --- the venue --------------------------------------------------------------------------------
  /** Sets the last (= mark = index) price of a symbol; fills limits and fires conditional orders it reaches. */
  setPrice(symbol: string, price: string): void;
  orders(category?: 'linear' | 'spot'): readonly FakeBybitOrderView[];
  /** The linear position of a symbol as `/v5/position/list` shows it. */
  position(symbol: string): FakeBybitPosition;
  /** Wallet balance of a coin in the unified account. */
  walletBalance(coin: string): string;
  leverage(symbol: string): string;
  marginMode(): MarginMode;

  close(): Promise<void>;
}

/** ccxt bybit's `urls`: REST bases and (ccxt.pro) the public WebSocket bases per category. */
export interface FakeBybitUrls {
  readonly api: {
    readonly spot: string;
    readonly futures: string;
    readonly v2: string;
    readonly public: string;
    readonly private: string;
    readonly ws: { readonly public: Readonly<Record<'linear' | 'spot' | 'inverse' | 'option', string>> };
  };
}

/** Starts a fake on 127.0.0.1 and a free port. */
export async function startFakeBybit(opts: FakeBybitOptions = {}): Promise<FakeBybit> {
  const instruments = new InstrumentTable(opts.symbols ?? defaultBybitSymbols);
  const now = opts.now ?? (() => Date.now());
  const trading = new Trading(instruments, now, opts.wallet ?? { USDT: '10000' });
  const streams = new PublicStreams((category, symbol) => instruments.has(symbol) && (category === 'linear' || category === 'spot'));
  const server = await FakeServer.start({
    now,
    onUpgrade: (req, socket, head) => streams.onUpgrade(req, socket, head),
    keys: { [FAKE_BYBIT_KEY]: FAKE_BYBIT_SECRET },
    routes: { ...instruments.routes(now), ...trading.routes(), ...accountRoutes(trading, now, FAKE_BYBIT_KEY) },
  });
  const base = server.httpBase;
  return {
    httpBase: base,
    // ccxt bybit builds `urls.api[api] + '/' + path` (path v5/…); every api on the one local base.
    ccxtUrls: {
      api: {
        spot: base, futures: base, v2: base, public: base, private: base,
        ws: { public: { linear: `${server.wsRoot}/v5/public/linear`, spot: `${server.wsRoot}/v5/public/spot`, inverse: `${server.wsRoot}/v5/public/inverse`, option: `${server.wsRoot}/v5/public/option` } },
      },
    },
    requests: server.requests,
    requestLines: server.requestLines,
    unhandled: server.unhandled,
    injectFault: (match, fault, times) => server.injectFault(match, fault, times),
    landLate: () => server.landLate(),
    get heldRequests() {
      return server.heldCount;
    },
    wsRequests: streams.requests,
    get openConnections() {
      return streams.open;
    },
    untilSubscribed: (category, topic) => streams.untilSubscribed(category, topic),
    pushTrade: (category, t) => streams.sendTrade(category, t),
    dropConnections: () => streams.drop(),
    setPrice(symbol, price) {
      if (!instruments.has(symbol)) throw new RangeError(`fake has no symbol ${symbol}`);
      trading.setPrice(symbol, new Big(price));
    },
    orders: (category) => trading.store.views().filter((o) => category === undefined || o.category === category),
    position: (symbol) => trading.positionView(symbol),
    walletBalance: (coin) => trading.coin(coin).toFixed(),
    leverage: (symbol) => trading.leverage(symbol).toFixed(),
    marginMode: () => trading.marginMode,
    async close() {
      await streams.close();
      await server.close();
    },
  };
}
