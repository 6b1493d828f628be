/**
 * TEST SUPPORT ONLY: a local fake of the slice of Binance's documented REST API that the real ccxt
 * binance client uses to trade spot and USDⓈ-M perpetuals, so CcxtVenue runs against ccxt's own
 * request building, signing and parsing without the network. Extends the approach of
 * test/fakes/binance/fake-binance-rest.ts (ccxt pointed here through its `urls`).
 *
 * Spot (`/api/v3`): exchangeInfo; order POST/GET/DELETE (newClientOrderId / origClientOrderId,
 * MARKET, LIMIT, STOP_LOSS); openOrders; account; myTrades.
 * USDⓈ-M (`/fapi`): v1 exchangeInfo; v1 order POST/GET/DELETE (MARKET, LIMIT; conditional types are
 * refused with -4120 as Binance does since the Dec 2025 move to the Algo Service); v1 algoOrder
 * POST/GET/DELETE (STOP_MARKET, reduceOnly, clientAlgoId) and openAlgoOrders; v1 openOrders;
 * v2/v3 positionRisk; v1 leverageBracket; v3 account; v2 balance; v1 leverage; v1 marginType;
 * v1 userTrades.
 *
 * Signed endpoints accept any signature but require what Binance requires: the X-MBX-APIKEY header,
 * `timestamp` within `recvWindow` (default 5000 ms) of the fake's clock (else -1021) and `signature`.
 * Errors are Binance's JSON `{"code":…,"msg":…}` with Binance's codes: -1102 missing parameter,
 * -1013 filter failure, -2010 rejected (spot duplicate client id "Duplicate order sent.", spot
 * "Account has insufficient balance for requested action."), -2011 unknown order on cancel, -2013
 * order does not exist, -2019 margin insufficient, -2022 reduce-only rejected, -4116 duplicate client
 * id (futures), -4028 bad leverage, -4046 margin type unchanged, 429 + Retry-After with -1003.
 * A client order id must be unique among *open* orders, as Binance documents for both markets; a
 * filled order's id can be reused.
 *
 * Prices only move when a test calls `setPrice`, which fills resting limits and fires stops.
 * `injectFault` makes the next matching request(s) fail, hang, or apply and then time out.
 * Every other path is a 404 and is recorded in `unhandled`; WebSocket upgrades are refused (404).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import Big from 'big.js';

export interface FakeSymbol {
  /** Binance id, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly minNotional: string;
}

export const fakeSymbols: readonly FakeSymbol[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.10', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
];

export type FakeFault =
  /** Answer with this HTTP status and Binance error body (and Retry-After seconds, for 429/418). */
  | { readonly kind: 'error'; readonly status: number; readonly code: number; readonly msg: string; readonly retryAfterSec?: number }
  /** Hold the answer `ms`; with `apply` the request takes effect first (a timeout after the venue acted). */
  | { readonly kind: 'delay'; readonly ms: number; readonly apply: boolean };

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface FakeOrderView {
  readonly market: 'spot' | 'perp';
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly status: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly reduceOnly: boolean;
}

export interface FakeAlgoView {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly orderType: string;
  readonly quantity: string;
  readonly triggerPrice: string;
  readonly reduceOnly: boolean;
  readonly algoStatus: string;
}

export interface FakeBinanceTrading {
  readonly httpBase: string;
  /** For `new ccxt.binance({ urls: { api: fake.ccxtUrls } })` (replaces every endpoint ccxt may call). */
  readonly ccxtUrls: Record<string, unknown>;
  readonly requests: readonly FakeRequest[];
  readonly unhandled: readonly string[];
  /** Sets the last price of a symbol (Binance id) in both markets; fills limits and fires stops it crosses. */
  setPrice(symbol: string, price: string): void;
  /** The next `times` requests matching method + path fail as told. */
  injectFault(match: { readonly method?: string; readonly path: string }, fault: FakeFault, times?: number): void;
  orders(market: 'spot' | 'perp'): readonly FakeOrderView[];
  algoOrders(): readonly FakeAlgoView[];
  /** Signed position amount (long > 0) of a perp symbol. */
  position(symbol: string): string;
  spotBalance(asset: string): { free: string; locked: string };
  futuresWallet(): string;
  leverage(symbol: string): number;
  marginType(symbol: string): 'ISOLATED' | 'CROSSED';
  close(): Promise<void>;
}

export interface FakeBinanceTradingOptions {
  readonly symbols?: readonly FakeSymbol[];
  /** The fake's clock (serverTime, recvWindow checks, order times); default Date.now. */
  readonly now?: () => number;
  /** Spot balances at start; default 10,000 USDT. */
  readonly spotBalances?: Readonly<Record<string, string>>;
  /** USDⓈ-M wallet at start; default 10,000 USDT. */
  readonly futuresWallet?: string;
}

class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

type Side = 'BUY' | 'SELL';
type Status = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

interface Order {
  readonly market: 'spot' | 'perp';
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: string;
  readonly origQty: Big;
  readonly price: Big | null;
  readonly stopPrice: Big | null;
  readonly reduceOnly: boolean;
  readonly timeInForce: string;
  readonly time: number;
  executedQty: Big;
  cumQuote: Big;
  status: Status;
  updateTime: number;
  fills: Fill[];
}

interface Algo {
  readonly algoId: number;
  readonly clientAlgoId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: string;
  readonly quantity: Big;
  readonly triggerPrice: Big;
  readonly reduceOnly: boolean;
  readonly createTime: number;
  algoStatus: 'NEW' | 'CANCELED' | 'FINISHED' | 'REJECTED';
  updateTime: number;
  triggerTime: number;
  actualOrderId: string;
}

interface Fill {
  readonly id: number;
  readonly market: 'spot' | 'perp';
  readonly orderId: number;
  readonly symbol: string;
  readonly side: Side;
  readonly price: Big;
  readonly qty: Big;
  readonly commission: Big;
  readonly commissionAsset: string;
  readonly realizedPnl: Big;
  readonly maker: boolean;
  readonly time: number;
}

interface Position {
  amount: Big;
  entry: Big;
}

const SPOT_TAKER = new Big('0.001');
const PERP_TAKER = new Big('0.0004');
const ZERO = new Big(0);

function missing(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

function decimal(q: Record<string, string>, name: string, required: boolean): Big | null {
  const v = q[name];
  if (v === undefined || v === '') {
    if (required) throw missing(name);
    return null;
  }
  if (!/^\d+(\.\d+)?$/.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  return new Big(v);
}

const onStep = (v: Big, step: string): boolean => v.mod(new Big(step)).eq(0);

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeBinanceTrading(opts: FakeBinanceTradingOptions = {}): Promise<FakeBinanceTrading> {
  const symbols = opts.symbols ?? fakeSymbols;
  const bySymbol = new Map(symbols.map((s) => [s.symbol, s]));
  const now = opts.now ?? (() => Date.now());
  const requests: FakeRequest[] = [];
  const unhandled: string[] = [];
  const faults: { method?: string; path: string; fault: FakeFault; left: number }[] = [];
  const prices = new Map<string, Big>(symbols.map((s) => [s.symbol, new Big(s.baseAsset === 'BTC' ? '60000' : '3000')]));
  const orders: Order[] = [];
  const algos: Algo[] = [];
  const fills: Fill[] = [];
  const positions = new Map<string, Position>();
  const leverageOf = new Map<string, number>(symbols.map((s) => [s.symbol, 20]));
  const marginTypeOf = new Map<string, 'ISOLATED' | 'CROSSED'>(symbols.map((s) => [s.symbol, 'CROSSED']));
  const spot = new Map<string, { free: Big; locked: Big }>();
  for (const [asset, amount] of Object.entries(opts.spotBalances ?? { USDT: '10000' })) spot.set(asset, { free: new Big(amount), locked: ZERO });
  let wallet = new Big(opts.futuresWallet ?? '10000');
  let nextOrderId = 1_000;
  let nextAlgoId = 5_000;
  let nextTradeId = 90_000;

  const sym = (q: Record<string, string>): FakeSymbol => {
    const id = q.symbol;
    if (id === undefined || id === '') throw missing('symbol');
    const s = bySymbol.get(id);
    if (!s) throw new BinanceError(400, -1121, 'Invalid symbol.');
    return s;
  };
  const priceOf = (s: string): Big => prices.get(s) as Big;
  const bal = (asset: string) => {
    let b = spot.get(asset);
    if (!b) spot.set(asset, (b = { free: ZERO, locked: ZERO }));
    return b;
  };
  const pos = (s: string): Position => {
    let p = positions.get(s);
    if (!p) positions.set(s, (p = { amount: ZERO, entry: ZERO }));
    return p;
  };
  const openStatus = (o: { status: string }) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';

  // --- signatures and time -------------------------------------------------------------------
  const signed = (req: IncomingMessage, q: Record<string, string>) => {
    if (!req.headers['x-mbx-apikey']) throw new BinanceError(401, -2014, 'API-key format invalid.');
    const ts = q.timestamp;
    if (ts === undefined || ts === '') throw missing('timestamp');
    if (!q.signature) throw missing('signature');
    const recvWindow = q.recvWindow === undefined ? 5_000 : Number(q.recvWindow);
    const t = Number(ts);
    if (t > now() + 1_000) throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (now() - t > recvWindow) throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  };

  // --- matching ------------------------------------------------------------------------------
  const fillSpot = (o: Order, px: Big, maker: boolean) => {
    const s = bySymbol.get(o.symbol) as FakeSymbol;
    const qty = o.origQty.minus(o.executedQty);
    const quote = qty.times(px);
    const base = bal(s.baseAsset);
    const q = bal(s.quoteAsset);
    let commission: Big;
    let commissionAsset: string;
    if (o.side === 'BUY') {
      commission = qty.times(SPOT_TAKER);
      commissionAsset = s.baseAsset;
      if (o.type === 'MARKET') q.free = q.free.minus(quote);
      else {
        const reserved = qty.times(o.price as Big);
        q.locked = q.locked.minus(reserved);
        q.free = q.free.plus(reserved).minus(quote);
      }
      base.free = base.free.plus(qty).minus(commission);
    } else {
      commission = quote.times(SPOT_TAKER);
      commissionAsset = s.quoteAsset;
      if (o.type === 'MARKET') base.free = base.free.minus(qty);
      else base.locked = base.locked.minus(qty);
      q.free = q.free.plus(quote).minus(commission);
    }
    const f: Fill = { id: nextTradeId++, market: 'spot', orderId: o.orderId, symbol: o.symbol, side: o.side, price: px, qty, commission, commissionAsset, realizedPnl: ZERO, maker, time: now() };
    fills.push(f);
    o.fills.push(f);
    o.executedQty = o.origQty;
    o.cumQuote = o.cumQuote.plus(quote);
    o.status = 'FILLED';
    o.updateTime = now();
  };

  const fillPerp = (o: Order, px: Big, maker: boolean) => {
    const p = pos(o.symbol);
    let qty = o.origQty.minus(o.executedQty);
    let realized = ZERO;
    if (o.reduceOnly) {
      // Reduce-only never flips: it is cut down to the position.
      if (qty.gt(p.amount.abs())) qty = p.amount.abs();
    }
    const delta = o.side === 'BUY' ? qty : qty.neg();
    if (p.amount.eq(0) || p.amount.gt(0) === delta.gt(0)) {
      const total = p.amount.plus(delta);
      p.entry = p.amount.abs().times(p.entry).plus(qty.times(px)).div(total.abs());
      p.amount = total;
    } else {
      const closing = qty.lt(p.amount.abs()) ? qty : p.amount.abs();
      realized = p.amount.gt(0) ? px.minus(p.entry).times(closing) : p.entry.minus(px).times(closing);
      const rest = p.amount.plus(delta);
      if (rest.eq(0)) p.entry = ZERO;
      else if (rest.gt(0) !== p.amount.gt(0)) p.entry = px;
      p.amount = rest;
    }
    const commission = qty.times(px).times(PERP_TAKER);
    wallet = wallet.plus(realized).minus(commission);
    const f: Fill = { id: nextTradeId++, market: 'perp', orderId: o.orderId, symbol: o.symbol, side: o.side, price: px, qty, commission, commissionAsset: 'USDT', realizedPnl: realized, maker, time: now() };
    fills.push(f);
    o.fills.push(f);
    o.executedQty = o.executedQty.plus(qty);
    o.cumQuote = o.cumQuote.plus(qty.times(px));
    // A reduce-only order cut down to the position still ends FILLED; cut to nothing, EXPIRED.
    o.status = qty.eq(0) ? 'EXPIRED' : 'FILLED';
    o.updateTime = now();
  };

  const crosses = (side: Side, limitOrStop: Big, px: Big, stop: boolean) => (stop ? (side === 'SELL' ? px.lte(limitOrStop) : px.gte(limitOrStop)) : side === 'BUY' ? px.lte(limitOrStop) : px.gte(limitOrStop));

  const match = (symbol: string) => {
    const px = priceOf(symbol);
    for (const o of orders) {
      if (o.symbol !== symbol || !openStatus(o)) continue;
      if (o.type === 'LIMIT' && crosses(o.side, o.price as Big, px, false)) (o.market === 'spot' ? fillSpot : fillPerp)(o, o.price as Big, true);
      if (o.type === 'STOP_LOSS' && crosses(o.side, o.stopPrice as Big, px, true)) fillSpot(o, px, false);
    }
    for (const a of algos) {
      if (a.symbol !== symbol || a.algoStatus !== 'NEW' || !crosses(a.side, a.triggerPrice, px, true)) continue;
      a.triggerTime = now();
      a.updateTime = now();
      const p = pos(symbol);
      if (a.reduceOnly && (p.amount.eq(0) || p.amount.gt(0) === (a.side === 'BUY'))) {
        a.algoStatus = 'REJECTED';
        continue;
      }
      const o = newOrder('perp', symbol, a.side, 'MARKET', a.quantity, null, null, a.reduceOnly, `${a.clientAlgoId}`, 'GTC');
      fillPerp(o, px, false);
      a.actualOrderId = String(o.orderId);
      a.algoStatus = 'FINISHED';
    }
  };

  const newOrder = (market: 'spot' | 'perp', symbol: string, side: Side, type: string, qty: Big, price: Big | null, stopPrice: Big | null, reduceOnly: boolean, clientOrderId: string, tif: string): Order => {
    const o: Order = { market, orderId: nextOrderId++, clientOrderId, symbol, side, type, origQty: qty, price, stopPrice, reduceOnly, timeInForce: tif, time: now(), executedQty: ZERO, cumQuote: ZERO, status: 'NEW', updateTime: now(), fills: [] };
    orders.push(o);
    return o;
  };

  const findOrder = (market: 'spot' | 'perp', s: FakeSymbol, q: Record<string, string>): Order | undefined => {
    const id = q.orderId;
    const cid = q.origClientOrderId;
    if (!id && !cid) throw new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    const list = orders.filter((o) => o.market === market && o.symbol === s.symbol && (id ? String(o.orderId) === id : o.clientOrderId === cid));
    return list[list.length - 1];
  };

  const checkFilters = (s: FakeSymbol, qty: Big, price: Big | null, notionalAt: Big) => {
    if (qty.lt(new Big(s.minQty)) || !onStep(qty, s.stepSize)) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
    if (price !== null && !onStep(price, s.tickSize)) throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER');
    if (qty.times(notionalAt).lt(new Big(s.minNotional))) throw new BinanceError(400, -1013, 'Filter failure: NOTIONAL');
  };

  // --- spot --------------------------------------------------------------------------------------
  // Binance "Query order" / "New order (FULL)" shapes (spot REST API, trading endpoints).
  const spotOrderJson = (o: Order) => ({
    symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId,
    price: (o.price ?? ZERO).toFixed(8), origQty: o.origQty.toFixed(8), executedQty: o.executedQty.toFixed(8),
    cummulativeQuoteQty: o.cumQuote.toFixed(8), status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side,
    stopPrice: (o.stopPrice ?? ZERO).toFixed(8), icebergQty: '0.00000000', time: o.time, updateTime: o.updateTime,
    isWorking: o.type !== 'STOP_LOSS' || o.status !== 'NEW', workingTime: o.time, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER',
  });

  const spotNewOrder = (q: Record<string, string>) => {
    const s = sym(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missing('side');
    const type = q.type;
    if (!type) throw missing('type');
    if (!['MARKET', 'LIMIT', 'STOP_LOSS'].includes(type)) throw new BinanceError(400, -1116, 'Invalid orderType.');
    if (q.reduceOnly !== undefined) throw new BinanceError(400, -1104, "Not all sent parameters were read; read '10' parameter(s) but was sent '11'.");
    const qty = decimal(q, 'quantity', true) as Big;
    const price = type === 'LIMIT' ? decimal(q, 'price', true) : null;
    if (type === 'LIMIT' && !q.timeInForce) throw missing('timeInForce');
    const stopPrice = type === 'STOP_LOSS' ? decimal(q, 'stopPrice', true) : null;
    checkFilters(s, qty, price ?? stopPrice, price ?? stopPrice ?? priceOf(s.symbol));
    const cid = q.newClientOrderId ?? `fake${nextOrderId}`;
    if (orders.some((o) => o.market === 'spot' && openStatus(o) && o.clientOrderId === cid)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const px = priceOf(s.symbol);
    const base = bal(s.baseAsset);
    const quote = bal(s.quoteAsset);
    const insufficient = () => new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');
    if (side === 'BUY') {
      const need = qty.times(price ?? px);
      if (quote.free.lt(need)) throw insufficient();
    } else if (base.free.lt(qty)) throw insufficient();
    const o = newOrder('spot', s.symbol, side, type, qty, price, stopPrice, false, cid, q.timeInForce ?? 'GTC');
    if (type === 'MARKET') fillSpot(o, px, false);
    else if (side === 'BUY') {
      quote.free = quote.free.minus(qty.times(price as Big));
      quote.locked = quote.locked.plus(qty.times(price as Big));
    } else {
      base.free = base.free.minus(qty);
      base.locked = base.locked.plus(qty);
    }
    if (type !== 'MARKET') match(s.symbol);
    const body: Record<string, unknown> = { ...spotOrderJson(o), transactTime: o.updateTime };
    if ((q.newOrderRespType ?? 'FULL') === 'FULL') {
      body.fills = o.fills.map((f) => ({ price: f.price.toFixed(8), qty: f.qty.toFixed(8), commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, tradeId: f.id }));
    }
    return body;
  };

  const spotCancel = (q: Record<string, string>) => {
    const s = sym(q);
    const o = findOrder('spot', s, q);
    if (!o || !openStatus(o)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    o.status = 'CANCELED';
    o.updateTime = now();
    const rest = o.origQty.minus(o.executedQty);
    if (o.side === 'BUY' && o.price) {
      const b = bal(s.quoteAsset);
      b.locked = b.locked.minus(rest.times(o.price));
      b.free = b.free.plus(rest.times(o.price));
    } else if (o.side === 'SELL' && o.type !== 'MARKET') {
      const b = bal(s.baseAsset);
      b.locked = b.locked.minus(rest);
      b.free = b.free.plus(rest);
    }
    return { ...spotOrderJson(o), origClientOrderId: o.clientOrderId, transactTime: o.updateTime };
  };

  const myTrades = (market: 'spot' | 'perp', q: Record<string, string>) => {
    const s = sym(q);
    const start = q.startTime === undefined ? undefined : Number(q.startTime);
    const end = q.endTime === undefined ? undefined : Number(q.endTime);
    const limit = Math.min(Number(q.limit ?? 500), 1000);
    const list = fills.filter((f) => f.market === market && f.symbol === s.symbol && (start === undefined || f.time >= start) && (end === undefined || f.time <= end));
    const picked = start === undefined ? list.slice(-limit) : list.slice(0, limit);
    return picked.map((f) =>
      market === 'spot'
        ? { symbol: f.symbol, id: f.id, orderId: f.orderId, orderListId: -1, price: f.price.toFixed(8), qty: f.qty.toFixed(8), quoteQty: f.qty.times(f.price).toFixed(8), commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, time: f.time, isBuyer: f.side === 'BUY', isMaker: f.maker, isBestMatch: true }
        : { buyer: f.side === 'BUY', commission: f.commission.toFixed(8), commissionAsset: f.commissionAsset, id: f.id, maker: f.maker, orderId: f.orderId, price: f.price.toFixed(2), qty: f.qty.toFixed(3), quoteQty: f.qty.times(f.price).toFixed(5), realizedPnl: f.realizedPnl.toFixed(8), side: f.side, positionSide: 'BOTH', symbol: f.symbol, time: f.time },
    );
  };

  // --- futures ------------------------------------------------------------------------------------
  const perpOrderJson = (o: Order) => ({
    orderId: o.orderId, symbol: o.symbol, status: o.status, clientOrderId: o.clientOrderId, price: (o.price ?? ZERO).toFixed(),
    avgPrice: o.executedQty.gt(0) ? o.cumQuote.div(o.executedQty).toFixed(5) : '0.00000', origQty: o.origQty.toFixed(), executedQty: o.executedQty.toFixed(),
    cumQty: o.executedQty.toFixed(), cumQuote: o.cumQuote.toFixed(5), timeInForce: o.timeInForce, type: o.type, reduceOnly: o.reduceOnly, closePosition: false,
    side: o.side, positionSide: 'BOTH', stopPrice: '0', workingType: 'CONTRACT_PRICE', priceProtect: false, origType: o.type, priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0, time: o.time, updateTime: o.updateTime,
  });

  // Algo order shape as in Binance's "New Algo Order" response (USDⓈ-M, Dec 2025).
  const algoJson = (a: Algo) => ({
    algoId: a.algoId, clientAlgoId: a.clientAlgoId, algoType: 'CONDITIONAL', orderType: a.orderType, symbol: a.symbol, side: a.side, positionSide: 'BOTH',
    timeInForce: 'GTC', quantity: a.quantity.toFixed(), algoStatus: a.algoStatus, triggerPrice: a.triggerPrice.toFixed(), price: '0', icebergQuantity: null,
    selfTradePreventionMode: 'EXPIRE_MAKER', workingType: 'CONTRACT_PRICE', priceMatch: 'NONE', closePosition: false, priceProtect: false,
    reduceOnly: a.reduceOnly, createTime: a.createTime, updateTime: a.updateTime, triggerTime: a.triggerTime, goodTillDate: 0, actualOrderId: a.actualOrderId,
  });

  const usedMargin = (): Big => {
    let m = ZERO;
    for (const [s, p] of positions) m = m.plus(p.amount.abs().times(p.entry).div(leverageOf.get(s) ?? 1));
    return m;
  };
  const unrealized = (): Big => {
    let u = ZERO;
    for (const [s, p] of positions) u = u.plus(priceOf(s).minus(p.entry).times(p.amount));
    return u;
  };
  const available = (): Big => wallet.plus(unrealized()).minus(usedMargin());

  const perpNewOrder = (q: Record<string, string>) => {
    const s = sym(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missing('side');
    const type = q.type;
    if (!type) throw missing('type');
    if (['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'].includes(type)) {
      throw new BinanceError(400, -4120, 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.');
    }
    if (type !== 'MARKET' && type !== 'LIMIT') throw new BinanceError(400, -1116, 'Invalid orderType.');
    const qty = decimal(q, 'quantity', true) as Big;
    const price = type === 'LIMIT' ? decimal(q, 'price', true) : null;
    if (type === 'LIMIT' && !q.timeInForce) throw missing('timeInForce');
    const reduceOnly = q.reduceOnly === 'true';
    const px = priceOf(s.symbol);
    if (!reduceOnly) checkFilters(s, qty, price, price ?? px);
    const cid = q.newClientOrderId ?? `fake${nextOrderId}`;
    if (orders.some((o) => o.market === 'perp' && openStatus(o) && o.clientOrderId === cid)) throw new BinanceError(400, -4116, 'ClientOrderId is duplicated.');
    const p = pos(s.symbol);
    const dir = side === 'BUY' ? 1 : -1;
    const increases = p.amount.eq(0) || (p.amount.gt(0) ? dir > 0 : dir < 0);
    if (reduceOnly && increases) throw new BinanceError(400, -2022, 'ReduceOnly Order is rejected.');
    if (!reduceOnly && increases && qty.times(price ?? px).div(leverageOf.get(s.symbol) ?? 1).gt(available())) throw new BinanceError(400, -2019, 'Margin is insufficient.');
    const o = newOrder('perp', s.symbol, side, type, qty, price, null, reduceOnly, cid, q.timeInForce ?? 'GTC');
    if (type === 'MARKET') fillPerp(o, px, false);
    else match(s.symbol);
    return perpOrderJson(o);
  };

  const perpCancel = (q: Record<string, string>) => {
    const s = sym(q);
    const o = findOrder('perp', s, q);
    if (!o || !openStatus(o)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    o.status = 'CANCELED';
    o.updateTime = now();
    return perpOrderJson(o);
  };

  const newAlgo = (q: Record<string, string>) => {
    if (q.algoType !== 'CONDITIONAL') throw missing('algoType');
    const s = sym(q);
    const side = q.side;
    if (side !== 'BUY' && side !== 'SELL') throw missing('side');
    const type = q.type;
    if (type !== 'STOP_MARKET') throw new BinanceError(400, -1116, 'Invalid orderType.');
    const triggerPrice = decimal(q, 'triggerPrice', true) as Big;
    if (!onStep(triggerPrice, s.tickSize)) throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER');
    const qty = decimal(q, 'quantity', q.closePosition !== 'true') as Big;
    if (!onStep(qty, s.stepSize)) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
    const cid = q.clientAlgoId ?? `fakealgo${nextAlgoId}`;
    if (algos.some((a) => a.algoStatus === 'NEW' && a.clientAlgoId === cid)) throw new BinanceError(400, -20132, 'The client algo id is duplicated.');
    const px = priceOf(s.symbol);
    if (side === 'SELL' ? px.lte(triggerPrice) : px.gte(triggerPrice)) throw new BinanceError(400, -2021, 'Order would immediately trigger.');
    const a: Algo = { algoId: nextAlgoId++, clientAlgoId: cid, symbol: s.symbol, side, orderType: type, quantity: qty, triggerPrice, reduceOnly: q.reduceOnly === 'true', createTime: now(), algoStatus: 'NEW', updateTime: now(), triggerTime: 0, actualOrderId: '' };
    algos.push(a);
    return algoJson(a);
  };

  const findAlgo = (q: Record<string, string>): Algo | undefined => {
    const id = q.algoId;
    const cid = q.clientAlgoId;
    if (!id && !cid) throw new BinanceError(400, -1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!");
    const list = algos.filter((a) => (id ? String(a.algoId) === id : a.clientAlgoId === cid));
    return list[list.length - 1];
  };

  const positionRisk = (v: 2 | 3, q: Record<string, string>) => {
    const list = symbols.filter((s) => !q.symbol || s.symbol === q.symbol);
    return list
      .map((s) => {
        const p = pos(s.symbol);
        const mark = priceOf(s.symbol);
        const notional = p.amount.times(mark);
        const lev = leverageOf.get(s.symbol) ?? 1;
        const isolated = marginTypeOf.get(s.symbol) === 'ISOLATED';
        const margin = notional.abs().div(lev);
        const base = {
          symbol: s.symbol, positionSide: 'BOTH', positionAmt: p.amount.toFixed(), entryPrice: p.entry.toFixed(), breakEvenPrice: p.entry.toFixed(),
          markPrice: mark.toFixed(), unRealizedProfit: mark.minus(p.entry).times(p.amount).toFixed(), liquidationPrice: '0',
          isolatedMargin: isolated ? margin.toFixed() : '0', notional: notional.toFixed(), isolatedWallet: isolated ? margin.toFixed() : '0', updateTime: now(),
        };
        return v === 3
          ? { ...base, marginAsset: 'USDT', initialMargin: margin.toFixed(), maintMargin: notional.abs().times('0.004').toFixed(), positionInitialMargin: margin.toFixed(), openOrderInitialMargin: '0', adl: 0, bidNotional: '0', askNotional: '0' }
          : { ...base, leverage: String(lev), maxNotionalValue: '1000000', marginType: isolated ? 'isolated' : 'cross', isAutoAddMargin: 'false', isolated, adlQuantile: 0 };
      })
      .filter((r) => v === 2 || r.positionAmt !== '0');
  };

  const futuresAssets = () => {
    const used = usedMargin();
    const u = unrealized();
    return [{
      asset: 'USDT', walletBalance: wallet.toFixed(), unrealizedProfit: u.toFixed(), marginBalance: wallet.plus(u).toFixed(), maintMargin: '0', initialMargin: used.toFixed(),
      positionInitialMargin: used.toFixed(), openOrderInitialMargin: '0', crossWalletBalance: wallet.toFixed(), crossUnPnl: u.toFixed(), availableBalance: available().toFixed(),
      maxWithdrawAmount: available().toFixed(), updateTime: now(),
    }];
  };

  const rateLimits = [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  ];
  const decimalsOf = (step: string) => (step.includes('.') ? step.replace(/0+$/, '').split('.')[1]?.length ?? 0 : 0);

  // Spot exchangeInfo entry (Binance "Exchange information"), as run-services' fake serves it.
  const spotInfo = (s: FakeSymbol) => ({
    symbol: s.symbol, status: 'TRADING', baseAsset: s.baseAsset, baseAssetPrecision: 8, quoteAsset: s.quoteAsset, quotePrecision: 8, quoteAssetPrecision: 8,
    baseCommissionPrecision: 8, quoteCommissionPrecision: 8, orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true, ocoAllowed: true, otoAllowed: true, quoteOrderQtyMarketAllowed: true, allowTrailingStop: true, cancelReplaceAllowed: true, amendAllowed: true,
    isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: '9000.00000000', stepSize: s.stepSize },
      { filterType: 'NOTIONAL', minNotional: s.minNotional, applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
    ],
    permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER', allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  });

  // USDⓈ-M exchangeInfo entry (Binance "Exchange Information", derivatives).
  const perpInfo = (s: FakeSymbol) => ({
    symbol: s.symbol, pair: s.symbol, contractType: 'PERPETUAL', deliveryDate: 4133404800000, onboardDate: 1569398400000, status: 'TRADING',
    maintMarginPercent: '2.5000', requiredMarginPercent: '5.0000', baseAsset: s.baseAsset, quoteAsset: s.quoteAsset, marginAsset: s.quoteAsset,
    pricePrecision: decimalsOf(s.tickSize), quantityPrecision: decimalsOf(s.stepSize), baseAssetPrecision: 8, quotePrecision: 8, underlyingType: 'COIN',
    underlyingSubType: [], triggerProtect: '0.0500', liquidationFee: '0.012500', marketTakeBound: '0.05', maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '4529764', tickSize: s.tickSize },
      { filterType: 'LOT_SIZE', stepSize: s.stepSize, maxQty: '1000', minQty: s.minQty },
      { filterType: 'MARKET_LOT_SIZE', stepSize: s.stepSize, maxQty: '120', minQty: s.minQty },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: s.minNotional },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
  });

  type Handler = (q: Record<string, string>) => unknown;
  const routes: Record<string, { signed: boolean; handle: Handler }> = {
    'GET /api/v3/exchangeInfo': { signed: false, handle: () => ({ timezone: 'UTC', serverTime: now(), rateLimits, exchangeFilters: [], symbols: symbols.map(spotInfo) }) },
    'POST /api/v3/order': { signed: true, handle: spotNewOrder },
    'GET /api/v3/order': {
      signed: true,
      handle: (q) => {
        const o = findOrder('spot', sym(q), q);
        if (!o) throw new BinanceError(400, -2013, 'Order does not exist.');
        return spotOrderJson(o);
      },
    },
    'DELETE /api/v3/order': { signed: true, handle: spotCancel },
    'GET /api/v3/openOrders': { signed: true, handle: (q) => orders.filter((o) => o.market === 'spot' && openStatus(o) && (!q.symbol || o.symbol === sym(q).symbol)).map(spotOrderJson) },
    'GET /api/v3/account': {
      signed: true,
      handle: () => ({
        makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0, canTrade: true, canWithdraw: true, canDeposit: true, brokered: false,
        requireSelfTradePrevention: false, preventSor: false, updateTime: now(), accountType: 'SPOT',
        balances: [...spot].map(([asset, b]) => ({ asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) })), permissions: ['SPOT'], uid: 354937868,
      }),
    },
    'GET /api/v3/myTrades': { signed: true, handle: (q) => myTrades('spot', q) },
    'GET /fapi/v1/exchangeInfo': {
      signed: false,
      handle: () => ({ timezone: 'UTC', serverTime: now(), futuresType: 'U_MARGINED', rateLimits, exchangeFilters: [], assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }], symbols: symbols.map(perpInfo) }),
    },
    'POST /fapi/v1/order': { signed: true, handle: perpNewOrder },
    'GET /fapi/v1/order': {
      signed: true,
      handle: (q) => {
        const o = findOrder('perp', sym(q), q);
        if (!o) throw new BinanceError(400, -2013, 'Order does not exist.');
        return perpOrderJson(o);
      },
    },
    'DELETE /fapi/v1/order': { signed: true, handle: perpCancel },
    'GET /fapi/v1/openOrders': { signed: true, handle: (q) => orders.filter((o) => o.market === 'perp' && openStatus(o) && (!q.symbol || o.symbol === sym(q).symbol)).map(perpOrderJson) },
    'POST /fapi/v1/algoOrder': { signed: true, handle: newAlgo },
    'GET /fapi/v1/algoOrder': {
      signed: true,
      handle: (q) => {
        const a = findAlgo(q);
        if (!a) throw new BinanceError(400, -2013, 'Order does not exist.');
        return algoJson(a);
      },
    },
    'DELETE /fapi/v1/algoOrder': {
      signed: true,
      handle: (q) => {
        const a = findAlgo(q);
        if (!a || a.algoStatus !== 'NEW') throw new BinanceError(400, -2011, 'Unknown order sent.');
        a.algoStatus = 'CANCELED';
        a.updateTime = now();
        return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
      },
    },
    'GET /fapi/v1/openAlgoOrders': { signed: true, handle: (q) => algos.filter((a) => a.algoStatus === 'NEW' && (!q.symbol || a.symbol === sym(q).symbol)).map(algoJson) },
    'GET /fapi/v1/leverageBracket': {
      signed: true,
      handle: (q) =>
        symbols
          .filter((s) => !q.symbol || s.symbol === q.symbol)
          .map((s) => ({ symbol: s.symbol, notionalCoef: 1.0, brackets: [{ bracket: 1, initialLeverage: 125, notionalCap: 300000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0.0 }] })),
    },
    'GET /fapi/v3/positionRisk': { signed: true, handle: (q) => positionRisk(3, q) },
    'GET /fapi/v2/positionRisk': { signed: true, handle: (q) => positionRisk(2, q) },
    'GET /fapi/v3/account': {
      signed: true,
      handle: () => {
        const a = futuresAssets()[0] as Record<string, unknown>;
        return { totalInitialMargin: a.initialMargin, totalMaintMargin: '0', totalWalletBalance: a.walletBalance, totalUnrealizedProfit: a.unrealizedProfit, totalMarginBalance: a.marginBalance, availableBalance: a.availableBalance, maxWithdrawAmount: a.maxWithdrawAmount, assets: futuresAssets(), positions: [] };
      },
    },
    'GET /fapi/v2/balance': {
      signed: true,
      handle: () => futuresAssets().map((a) => ({ accountAlias: 'SgsR', asset: a.asset, balance: a.walletBalance, crossWalletBalance: a.crossWalletBalance, crossUnPnl: a.crossUnPnl, availableBalance: a.availableBalance, maxWithdrawAmount: a.maxWithdrawAmount, marginAvailable: true, updateTime: a.updateTime })),
    },
    'POST /fapi/v1/leverage': {
      signed: true,
      handle: (q) => {
        const s = sym(q);
        const v = q.leverage;
        if (!v) throw missing('leverage');
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 125) throw new BinanceError(400, -4028, `Leverage ${v} is not valid`);
        leverageOf.set(s.symbol, n);
        return { leverage: n, maxNotionalValue: '1000000', symbol: s.symbol };
      },
    },
    'POST /fapi/v1/marginType': {
      signed: true,
      handle: (q) => {
        const s = sym(q);
        const t = q.marginType;
        if (t !== 'ISOLATED' && t !== 'CROSSED') throw missing('marginType');
        if (marginTypeOf.get(s.symbol) === t) throw new BinanceError(400, -4046, 'No need to change margin type.');
        if (!pos(s.symbol).amount.eq(0)) throw new BinanceError(400, -4048, 'Margin type cannot be changed if there exists position.');
        marginTypeOf.set(s.symbol, t);
        return { code: 200, msg: 'success' };
      },
    },
    'GET /fapi/v1/userTrades': { signed: true, handle: (q) => myTrades('perp', q) },
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const takeFault = (method: string, path: string): FakeFault | null => {
    const i = faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path === path && f.left > 0);
    if (i < 0) return null;
    const f = faults[i] as (typeof faults)[number];
    f.left -= 1;
    if (f.left === 0) faults.splice(i, 1);
    return f.fault;
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST' || method === 'PUT') Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(req))));
    requests.push({ method, path: url.pathname, params });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(body));
    };
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      unhandled.push(`${method} ${url.pathname}`);
      return json(404, { code: -1, msg: `fake-binance-trading does not implement ${method} ${url.pathname}` });
    }
    const fault = takeFault(method, url.pathname);
    const run = (): { status: number; body: unknown } => {
      try {
        if (route.signed) signed(req, params);
        return { status: 200, body: route.handle(params) };
      } catch (e) {
        if (e instanceof BinanceError) return { status: e.status, body: { code: e.code, msg: e.message } };
        throw e;
      }
    };
    if (fault?.kind === 'error') {
      return json(fault.status, { code: fault.code, msg: fault.msg }, fault.retryAfterSec === undefined ? {} : { 'Retry-After': String(fault.retryAfterSec) });
    }
    if (fault?.kind === 'delay') {
      const out = fault.apply ? run() : null;
      await new Promise((r) => setTimeout(r, fault.ms));
      // A delayed request that did not apply never reaches the matching engine: the client gave up.
      if (out) return json(out.status, out.body);
      return res.destroy();
    }
    const out = run();
    json(out.status, out.body);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1000, msg: String(e) }));
    });
  });
  server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const httpBase = `http://127.0.0.1:${port}`;
  const ws = `ws://127.0.0.1:${port}/ws`;

  return {
    httpBase,
    ccxtUrls: {
      public: `${httpBase}/api/v3`, private: `${httpBase}/api/v3`, v1: `${httpBase}/api/v1`,
      sapi: `${httpBase}/sapi/v1`, sapiV2: `${httpBase}/sapi/v2`, sapiV3: `${httpBase}/sapi/v3`, sapiV4: `${httpBase}/sapi/v4`,
      fapiPublic: `${httpBase}/fapi/v1`, fapiPublicV2: `${httpBase}/fapi/v2`, fapiPublicV3: `${httpBase}/fapi/v3`,
      fapiPrivate: `${httpBase}/fapi/v1`, fapiPrivateV2: `${httpBase}/fapi/v2`, fapiPrivateV3: `${httpBase}/fapi/v3`, fapiData: `${httpBase}/futures/data`,
      dapiPublic: `${httpBase}/dapi/v1`, dapiPrivate: `${httpBase}/dapi/v1`, dapiPrivateV2: `${httpBase}/dapi/v2`, dapiData: `${httpBase}/futures/data`,
      eapiPublic: `${httpBase}/eapi/v1`, eapiPrivate: `${httpBase}/eapi/v1`, papi: `${httpBase}/papi/v1`, papiV2: `${httpBase}/papi/v2`,
      ws: { spot: ws, margin: ws, future: ws, delivery: ws, stock: ws, option: ws, optionMarket: ws, optionPrivate: ws, papi: ws, 'ws-api': { spot: ws, future: ws, delivery: ws } },
    },
    requests,
    unhandled,
    setPrice(symbol, price) {
      if (!bySymbol.has(symbol)) throw new RangeError(`fake has no symbol ${symbol}`);
      prices.set(symbol, new Big(price));
      match(symbol);
    },
    injectFault(m, fault, times = 1) {
      faults.push({ method: m.method, path: m.path, fault, left: times });
    },
    orders: (market) =>
      orders.filter((o) => o.market === market).map((o) => ({ market: o.market, orderId: o.orderId, clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, status: o.status, origQty: o.origQty.toFixed(), executedQty: o.executedQty.toFixed(), reduceOnly: o.reduceOnly })),
    algoOrders: () =>
      algos.map((a) => ({ algoId: a.algoId, clientAlgoId: a.clientAlgoId, symbol: a.symbol, side: a.side, orderType: a.orderType, quantity: a.quantity.toFixed(), triggerPrice: a.triggerPrice.toFixed(), reduceOnly: a.reduceOnly, algoStatus: a.algoStatus })),
    position: (symbol) => pos(symbol).amount.toFixed(),
    spotBalance: (asset) => ({ free: bal(asset).free.toFixed(), locked: bal(asset).locked.toFixed() }),
    futuresWallet: () => wallet.toFixed(),
    leverage: (symbol) => leverageOf.get(symbol) ?? 0,
    marginType: (symbol) => marginTypeOf.get(symbol) ?? 'CROSSED',
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
