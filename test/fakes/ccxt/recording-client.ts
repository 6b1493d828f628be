/**
 * TEST SUPPORT ONLY: a real ccxt client of a venue with hand-made markets and its network methods
 * replaced by recorders. Each createOrder also runs ccxt's own offline request builder, so a test
 * sees both what CcxtVenue called ccxt with and the venue request ccxt would sign and send.
 * Nothing here opens a socket.
 *
 * Follows ccxt's documented unified API (docs.ccxt.com "Unified API": createOrder, fetchOrder,
 * fetchOpenOrders, fetchPositions, …; "Market Structure" for the hand-made markets); the wire requests
 * are whatever ccxt builds for the venue's own documented REST API.
 */
import ccxt, { type Exchange, type MarketInterface, type Order, type Position } from 'ccxt';
import type { VenueId } from '../../../adapters/src/venues/ccxt/venue-profile.js';

export interface RecordedCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface RecordingClient {
  readonly client: Exchange;
  readonly calls: RecordedCall[];
  /** The venue request ccxt built for each createOrder, in order. */
  readonly wire: Record<string, unknown>[];
  /** What fetchPositions returns. */
  positions: Position[];
  /** What fetchOrder / fetchOpenOrders / fetchClosedOrders return (fetchOrder: the first, else OrderNotFound). */
  orders: Order[];
}

type MarketFixture = Pick<MarketInterface, 'id' | 'symbol' | 'base' | 'quote' | 'settle' | 'contractSize' | 'precision'> & { readonly spot: boolean; readonly baseId?: string | number; readonly info?: Record<string, unknown> };

function market(f: MarketFixture): Record<string, unknown> {
  const contract = !f.spot;
  return {
    id: f.id, symbol: f.symbol, base: f.base, quote: f.quote, settle: f.settle, baseId: f.baseId ?? f.base, quoteId: f.quote, settleId: f.settle,
    type: contract ? 'swap' : 'spot', spot: f.spot, swap: contract, contract, linear: contract ? true : undefined, inverse: contract ? false : undefined,
    margin: false, future: false, option: false, active: true, contractSize: contract ? f.contractSize : undefined, precision: f.precision,
    taker: 0.0005, maker: 0.0002, limits: { amount: {}, price: {}, cost: { min: 5 }, leverage: {} }, info: f.info ?? {},
  };
}

/** Markets close to the real ones (2025): BTC linear perps and a BTC spot pair. */
export const fixtureMarkets: Readonly<Record<VenueId, readonly MarketFixture[]>> = {
  binance: [
    { id: 'BTCUSDT', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', settle: 'USDT', contractSize: 1, precision: { amount: 0.001, price: 0.1 }, spot: false, info: { orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET'] } },
    { id: 'BTCUSDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', settle: undefined, contractSize: undefined, precision: { amount: 0.00001, price: 0.01 }, spot: true, info: { orderTypes: ['LIMIT', 'MARKET', 'STOP_LOSS'] } },
  ],
  bybit: [{ id: 'BTCUSDT', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', settle: 'USDT', contractSize: 1, precision: { amount: 0.001, price: 0.1 }, spot: false }],
  // OKX BTC-USDT-SWAP: ctVal 0.01 BTC, lotSz 0.01 contracts, tickSz 0.1.
  okx: [{ id: 'BTC-USDT-SWAP', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', settle: 'USDT', contractSize: 0.01, precision: { amount: 0.01, price: 0.1 }, spot: false }],
  // Hyperliquid BTC: asset 0, szDecimals 5.
  hyperliquid: [{ id: '0', symbol: 'BTC/USDC:USDC', base: 'BTC', quote: 'USDC', settle: 'USDC', baseId: 0, contractSize: 1, precision: { amount: 0.00001, price: 0.1 }, spot: false, info: { szDecimals: '5', maxLeverage: '40' } }],
};

const credentials: Readonly<Record<VenueId, Record<string, string>>> = {
  binance: { apiKey: 'k', secret: 's' },
  bybit: { apiKey: 'k', secret: 's' },
  okx: { apiKey: 'k', secret: 's', password: 'p' },
  // A throwaway key: ccxt signs hyperliquid actions offline.
  hyperliquid: { walletAddress: '0x0000000000000000000000000000000000000001', privateKey: `0x${'11'.repeat(32)}` },
};

export function recordingClient(venue: VenueId, options: Record<string, unknown> = {}): RecordingClient {
  const Ctor = (ccxt as unknown as Record<string, new (cfg: object) => Exchange>)[venue] as new (cfg: object) => Exchange;
  const client = new Ctor({ ...credentials[venue], options });
  client.setMarkets(fixtureMarkets[venue].map(market));
  const rec: RecordingClient = { client, calls: [], wire: [], positions: [], orders: [] };
  const record = (method: string, args: unknown[]) => rec.calls.push({ method, args });
  const notFound = () => new ccxt.OrderNotFound(`${venue} order not found`);
  const build = (symbol: string, type: string, side: string, amount: number, price: number | undefined, params: Record<string, unknown>): Record<string, unknown> => {
    const ex = client as unknown as Record<string, (...a: unknown[]) => Record<string, unknown>>;
    if (venue === 'hyperliquid') return (ex.createOrdersRequest as (...a: unknown[]) => Record<string, unknown>).call(client, [{ symbol, type, side, amount, price, params: { ...params } }], {});
    return (ex.createOrderRequest as (...a: unknown[]) => Record<string, unknown>).call(client, symbol, type, side, amount, price, { ...params });
  };
  Object.assign(client, {
    loadMarkets: async () => client.markets,
    createOrder: async (symbol: string, type: string, side: string, amount: number, price: number | undefined, params: Record<string, unknown> = {}) => {
      record('createOrder', [symbol, type, side, amount, price, params]);
      rec.wire.push(build(symbol, type, side, amount, price, params));
      const cid = params.clientOrderId ?? params.algoClOrdId;
      return { id: String(rec.calls.length), clientOrderId: cid, status: 'open', symbol, side, type, amount, filled: 0, price, triggerPrice: params.stopLossPrice === undefined ? undefined : Number(params.stopLossPrice), reduceOnly: params.reduceOnly === true, timestamp: 1, info: {} };
    },
    fetchOrder: async (...args: unknown[]) => {
      record('fetchOrder', args);
      const o = rec.orders[0];
      if (!o) throw notFound();
      return o;
    },
    fetchOpenOrders: async (...args: unknown[]) => {
      record('fetchOpenOrders', args);
      return rec.orders;
    },
    fetchClosedOrders: async (...args: unknown[]) => {
      record('fetchClosedOrders', args);
      return [];
    },
    cancelOrder: async (...args: unknown[]) => {
      record('cancelOrder', args);
      return {};
    },
    setLeverage: async (...args: unknown[]) => {
      record('setLeverage', args);
      return {};
    },
    setMarginMode: async (...args: unknown[]) => {
      record('setMarginMode', args);
      return {};
    },
    fetchPositions: async (...args: unknown[]) => {
      record('fetchPositions', args);
      return rec.positions;
    },
  });
  return rec;
}
