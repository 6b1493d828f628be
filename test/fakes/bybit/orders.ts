/**
 * TEST SUPPORT ONLY: the order and execution records of the Bybit fake, their lookups and the shapes
 * Bybit answers them in; shared by the linear and spot trading of trading.ts.
 *
 * Follows Bybit's documented V5 order semantics:
 * - docs/v5/order/create-order: `orderLinkId` ≤ 36 of letters, digits, `-` and `_`, "always unique":
 *   a used id is refused whatever became of its order (linear 110072 "OrderLinkedID is duplicate",
 *   spot 170141 "Duplicate clientOrderId"), unlike Binance, which only refuses it while the order is open.
 * - docs/v5/enum orderStatus: New, PartiallyFilled, Untriggered (a conditional order waiting), Filled,
 *   Cancelled, Rejected, Triggered (instantaneous), Deactivated (a conditional order cancelled before it
 *   triggered).
 * - docs/v5/order/open-order (`GET /v5/order/realtime`): open orders only by default, but a query by
 *   `orderId` or `orderLinkId` ignores `openOnly` and finds closed orders too (the recent 500);
 *   `orderFilter` Order | StopOrder; newest first. docs/v5/order/order-list (`GET /v5/order/history`):
 *   closed orders, filterable by `orderStatus`.
 * - docs/v5/order/execution (`GET /v5/execution/list`): one execution per fill.
 */
import Big from 'big.js';
import type { Category } from './instruments.js';
import { type Params, paramError, str } from './bybit-error.js';

export type Side = 'Buy' | 'Sell';
export type OrderStatus = 'New' | 'PartiallyFilled' | 'Untriggered' | 'Filled' | 'Cancelled' | 'Rejected' | 'Triggered' | 'Deactivated';

export const ZERO = new Big(0);

export interface Order {
  readonly category: Category;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: 'Market' | 'Limit';
  /** Base quantity (spot market buys by quote value are converted on fill). */
  qty: Big;
  readonly price: Big | null;
  readonly triggerPrice: Big | null;
  /** 1 rise, 2 fall, 0 not conditional. */
  readonly triggerDirection: 0 | 1 | 2;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  readonly timeInForce: string;
  readonly marketUnit: '' | 'baseCoin' | 'quoteCoin';
  /** Spot market buy by quote value: the USDT to spend. */
  readonly quoteQty: Big | null;
  readonly createdTime: number;
  orderStatus: OrderStatus;
  cumExecQty: Big;
  cumExecValue: Big;
  cumExecFee: Big;
  feeCoin: string;
  cancelType: string;
  rejectReason: string;
  updatedTime: number;
}

export interface Execution {
  readonly category: Category;
  readonly execId: string;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly execPrice: Big;
  readonly execQty: Big;
  readonly execFee: Big;
  readonly feeCurrency: string;
  readonly feeRate: Big;
  readonly isMaker: boolean;
  readonly closedSize: Big;
  readonly execTime: number;
  readonly seq: number;
}

/** What a test sees of an order. */
export interface FakeBybitOrderView {
  readonly category: Category;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderType: string;
  readonly orderStatus: OrderStatus;
  readonly qty: string;
  readonly cumExecQty: string;
  readonly triggerPrice: string;
  readonly triggerDirection: number;
  readonly reduceOnly: boolean;
}

export const isOpen = (o: Order): boolean => o.orderStatus === 'New' || o.orderStatus === 'PartiallyFilled' || o.orderStatus === 'Untriggered';
export const isConditional = (o: Order): boolean => o.triggerDirection !== 0;

const LINK_ID = /^[A-Za-z0-9_-]{1,36}$/;

/** Checks the documented orderLinkId alphabet and length. */
export function checkLinkId(id: string): void {
  if (!LINK_ID.test(id)) throw paramError('params error: orderLinkId invalid (max 36 of letters, digits, "-", "_")');
}

/** The orders and executions of the account, both categories, in creation order. */
export class OrderStore {
  readonly orders: Order[] = [];
  readonly executions: Execution[] = [];
  private seq = 1;
  private execSeq = 1;

  /** Linear order ids are UUIDs, spot ids 19-digit numbers, as Bybit issues them; here deterministic. */
  nextOrderId(category: Category): string {
    const n = this.seq++;
    if (category === 'spot') return String(1_900_000_000_000_000_000n + BigInt(n));
    const hex = n.toString(16).padStart(12, '0');
    return `c6f055d9-7f21-4079-913d-${hex}`;
  }

  nextExecId(): { execId: string; seq: number } {
    const n = this.execSeq++;
    return { execId: `e0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, seq: 1_000_000 + n };
  }

  /** Whether the id was ever used in the category ("always unique"). */
  hasLinkId(category: Category, id: string): boolean {
    return this.orders.some((o) => o.category === category && o.orderLinkId === id);
  }

  /** The order named by `orderId` (first) or `orderLinkId`, in a category and symbol. */
  find(category: Category, symbol: string, q: Params): Order | undefined {
    const id = str(q, 'orderId');
    const link = str(q, 'orderLinkId');
    if (id === undefined && link === undefined) throw paramError('params error: orderId or orderLinkId is required');
    return this.orders.find((o) => o.category === category && o.symbol === symbol && (id !== undefined ? o.orderId === id : o.orderLinkId === link));
  }

  /** `GET /v5/order/realtime`: by id → any status; otherwise open only (openOnly 0) or the closed (1). */
  realtime(category: Category, q: Params, symbolOk: (symbol: string) => boolean): Order[] {
    const id = str(q, 'orderId');
    const link = str(q, 'orderLinkId');
    const filter = str(q, 'orderFilter');
    const closedToo = str(q, 'openOnly') === '1';
    const byId = id !== undefined || link !== undefined;
    return this.orders
      .filter((o) => o.category === category && symbolOk(o.symbol))
      .filter((o) => (id !== undefined ? o.orderId === id : link !== undefined ? o.orderLinkId === link : true))
      .filter((o) => byId || (closedToo ? !isOpen(o) : isOpen(o)))
      .filter((o) => filter === undefined || (filter === 'StopOrder' ? isConditional(o) : filter === 'Order' ? !isConditional(o) : false))
      .reverse();
  }

  /** `GET /v5/order/history`: closed orders (and open ones, as Bybit lists every status), newest first. */
  history(category: Category, q: Params, symbolOk: (symbol: string) => boolean): Order[] {
    const status = str(q, 'orderStatus');
    const limit = Number(str(q, 'limit') ?? '20');
    return this.realtime(category, { ...q, openOnly: '1' }, symbolOk)
      .filter((o) => status === undefined || o.orderStatus === status)
      .slice(0, limit);
  }

  views(): FakeBybitOrderView[] {
    return this.orders.map((o) => ({
      category: o.category, orderId: o.orderId, orderLinkId: o.orderLinkId, symbol: o.symbol, side: o.side, orderType: o.orderType, orderStatus: o.orderStatus,
      qty: o.qty.toFixed(), cumExecQty: o.cumExecQty.toFixed(), triggerPrice: (o.triggerPrice ?? ZERO).toFixed(), triggerDirection: o.triggerDirection, reduceOnly: o.reduceOnly,
    }));
  }
}

/** One order in the shape of `GET /v5/order/realtime` / `history` (docs/v5/order/open-order). */
export function orderJson(o: Order, lastPriceOnCreated: string): Record<string, unknown> {
  const avg = o.cumExecQty.gt(0) ? o.cumExecValue.div(o.cumExecQty).toFixed() : '';
  const leaves = isOpen(o) ? o.qty.minus(o.cumExecQty) : ZERO;
  const base: Record<string, unknown> = {
    orderId: o.orderId, orderLinkId: o.orderLinkId, blockTradeId: '', symbol: o.symbol, price: o.price === null ? '0' : o.price.toFixed(), qty: o.qty.toFixed(),
    side: o.side, isLeverage: '', positionIdx: 0, orderStatus: o.orderStatus, createType: 'CreateByUser', cancelType: o.cancelType, rejectReason: o.rejectReason,
    avgPrice: avg, leavesQty: leaves.toFixed(), leavesValue: leaves.times(o.price ?? ZERO).toFixed(), cumExecQty: o.cumExecQty.toFixed(),
    cumExecValue: o.cumExecValue.toFixed(), cumExecFee: o.cumExecFee.toFixed(), timeInForce: o.timeInForce, orderType: o.orderType,
    stopOrderType: isConditional(o) ? 'Stop' : '', orderIv: '', triggerPrice: o.triggerPrice === null ? '0' : o.triggerPrice.toFixed(), takeProfit: '', stopLoss: '',
    tpTriggerBy: '', slTriggerBy: '', triggerDirection: o.triggerDirection, triggerBy: isConditional(o) ? 'LastPrice' : '', reduceOnly: o.reduceOnly,
    closeOnTrigger: o.closeOnTrigger, placeType: '', smpType: 'None', smpGroup: 0, smpOrderId: '', createdTime: String(o.createdTime), updatedTime: String(o.updatedTime),
    cumFeeDetail: o.cumExecFee.gt(0) ? { [o.feeCoin]: o.cumExecFee.toFixed() } : {},
  };
  if (o.category === 'spot') return { ...base, marketUnit: o.marketUnit, basePrice: lastPriceOnCreated, ocoTriggerBy: '', slLimitPrice: '0', tpLimitPrice: '0' };
  return { ...base, lastPriceOnCreated, tpslMode: '', tpLimitPrice: '', slLimitPrice: '', parentOrderLinkId: '' };
}

/** One execution in the shape of `GET /v5/execution/list` (docs/v5/order/execution). */
export function executionJson(e: Execution, o: Order | undefined, markPrice: string): Record<string, unknown> {
  return {
    symbol: e.symbol, orderId: e.orderId, orderLinkId: e.orderLinkId, side: e.side, orderPrice: o?.price?.toFixed() ?? '0', orderQty: o?.qty.toFixed() ?? '0',
    leavesQty: o === undefined ? '0' : o.qty.minus(o.cumExecQty).toFixed(), createType: 'CreateByUser', orderType: o?.orderType ?? 'Market',
    stopOrderType: o !== undefined && isConditional(o) ? 'Stop' : '', execFee: e.execFee.toFixed(), feeCurrency: e.feeCurrency, execId: e.execId,
    execPrice: e.execPrice.toFixed(), execQty: e.execQty.toFixed(), execType: 'Trade', execValue: e.execPrice.times(e.execQty).toFixed(), execTime: String(e.execTime),
    isMaker: e.isMaker, feeRate: e.feeRate.toFixed(), tradeIv: '', markIv: '', markPrice, indexPrice: markPrice, underlyingPrice: '', blockTradeId: '',
    closedSize: e.closedSize.toFixed(), seq: e.seq, extraFees: '',
  };
}
