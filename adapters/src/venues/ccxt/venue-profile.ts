import type { MarketInterface } from 'ccxt';
import { type VenueOrderRequest, isCcxtError, type ValueOf } from '@cascade/core';
import { type ClientIdCodec, alphanumericCodec, hex128Codec, identityCodec } from './client-id-codec.js';

export const VenueId = {
  Binance: 'binance',
  Bybit: 'bybit',
  Okx: 'okx',
  Hyperliquid: 'hyperliquid',
} as const;
export type VenueId = ValueOf<typeof VenueId>;

/** One adapter instance trades one account: the spot wallet, or the USDT(C)-settled perps. */
export const AccountKind = { Spot: 'spot', Perp: 'perp' } as const;
export type AccountKind = ValueOf<typeof AccountKind>;

export type MarginMode = 'isolated' | 'cross';

/** What an exchange-held protective stop can be on this account. */
export const StopSupport = {
  /** A reduce-only stop-market order: can only close, never open or flip a position. */
  ReduceOnly: 'reduce_only',
  /** Spot: a plain sell-stop of the held amount (cannot go short, so it can only close; it locks the coins). */
  SellStop: 'sell_stop',
  None: 'none',
} as const;
export type StopSupport = ValueOf<typeof StopSupport>;

export interface OrderParamsContext {
  readonly kind: AccountKind;
  readonly market: MarketInterface;
  /** The venue's form of our client order id. */
  readonly venueClientId: string;
  readonly marginMode: MarginMode;
}

/** A ccxt call that finds an order by client id: `fetchOrder` or a list we filter. */
export interface ClientIdLookup {
  readonly method: 'fetchOrder' | 'fetchOpenOrders' | 'fetchClosedOrders';
  readonly params: Record<string, unknown>;
}

/** The per-venue differences; everything else in CcxtVenue is the same for every venue. */
export interface VenueProfile {
  readonly id: VenueId;
  /** ccxt class name. */
  readonly ccxtId: string;
  readonly accounts: readonly AccountKind[];
  /** Currency `fetchBalance` reports, per account. */
  readonly balanceCurrency: Readonly<Record<AccountKind, string>>;
  readonly clientIds: ClientIdCodec;
  readonly stops: Readonly<Record<AccountKind, StopSupport>>;
  /** Fills from ccxt.pro watchMyTrades (else REST polling only). */
  readonly websocketFills: Readonly<Record<AccountKind, boolean>>;
  /** ccxt options for the client of an account (constructor `options`). */
  ccxtOptions(kind: AccountKind): Record<string, unknown>;
  /** ccxt `params` for createOrder. */
  orderParams(req: VenueOrderRequest, ctx: OrderParamsContext): Record<string, unknown>;
  /** The ccxt param that carries a client id into fetchOrder/cancelOrder. */
  readonly clientIdParam: string;
  /**
   * Extra params that address conditional (trigger) orders where the venue keeps them apart from
   * plain orders (Binance USDⓈ-M algo orders, OKX algo orders); null where one query sees both.
   */
  triggerParams(kind: AccountKind): Record<string, unknown> | null;
  /** How to find an order by client id, in order; the first hit wins. */
  lookups(kind: AccountKind, venueClientId: string): readonly ClientIdLookup[];
  /** Params for setLeverage (some venues set leverage and margin mode in one call). */
  leverageParams(marginMode: MarginMode): Record<string, unknown>;
  /** Params for setMarginMode. */
  marginModeParams(leverage: number): Record<string, unknown>;
  /** True for a venue answer that means "already so" (leverage or margin mode unchanged). */
  isNoChange(err: unknown): boolean;
  /** True for a rejection that means "this client order id is already taken". */
  isDuplicateClientId(err: unknown): boolean;
  /** Market orders are slippage-bounded limits and need a reference price (hyperliquid). */
  readonly marketOrderNeedsPrice: boolean;
  /**
   * Prices are cut to this many significant digits (integer digits always kept) by the venue and by
   * ccxt, which rounds half-up; a stop price is pre-rounded away from the market instead so the
   * venue never tightens it (hyperliquid: 5). Undefined: the tick alone governs.
   */
  readonly significantPriceDigits?: number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** ccxt puts the venue's raw body in the message: `binance {"code":-2010,"msg":"Duplicate order sent."}`. */
const hasCode = (err: unknown, codes: readonly (string | number)[]): boolean => {
  const m = message(err);
  return codes.some((c) => new RegExp(`"(?:code|retCode|sCode)"\\s*:\\s*"?${String(c)}"?[,}]`).test(m));
};

function stopParams(req: VenueOrderRequest): Record<string, unknown> {
  // ccxt's unified stop-loss order: Binance STOP_MARKET (perp) / STOP_LOSS (spot), Bybit conditional
  // market with the trigger direction set from the side, OKX conditional algo with slOrdPx -1 (market),
  // Hyperliquid trigger order {isMarket, tpsl: 'sl'}.
  return req.type === 'stop' && req.stopPrice !== undefined ? { stopLossPrice: req.stopPrice } : {};
}

/** Perps whose conditional orders live in a separate algo service (Binance USDⓈ-M, OKX swap): ccxt reaches them with `trigger: true`. */
const algoTriggerParams = (kind: AccountKind): Record<string, unknown> | null => (kind === AccountKind.Perp ? { trigger: true } : null);

/** Look an order up by client id among plain orders, then (perps) among the algo service's conditional ones. */
function algoOrderLookups(kind: AccountKind, id: string): ClientIdLookup[] {
  const plain: ClientIdLookup = { method: 'fetchOrder', params: { clientOrderId: id } };
  return kind === AccountKind.Perp ? [plain, { method: 'fetchOrder', params: { clientOrderId: id, trigger: true } }] : [plain];
}

const binance: VenueProfile = {
  id: VenueId.Binance,
  ccxtId: 'binance',
  accounts: [AccountKind.Spot, AccountKind.Perp],
  balanceCurrency: { spot: 'USDT', perp: 'USDT' },
  // Binance: newClientOrderId / clientAlgoId `^[.A-Z:/a-z0-9_-]{1,36}$`.
  clientIds: identityCodec(36, /^[.A-Z:/a-z0-9_-]{1,36}$/),
  stops: { spot: StopSupport.SellStop, perp: StopSupport.ReduceOnly },
  // ccxt 4.5.84 binance spot subscribes over the ws-api with a future it creates ahead and never
  // observes: when that socket fails to open, the rejection is unhandled and would take the process
  // down. Spot fills are polled until that is fixed upstream.
  websocketFills: { spot: false, perp: true },
  ccxtOptions: (kind) => ({
    defaultType: kind === AccountKind.Spot ? 'spot' : 'swap',
    fetchMarkets: { types: kind === AccountKind.Spot ? ['spot'] : ['linear'] },
    // Currencies and margin pairs come from /sapi, which we never need: requests and failure modes fewer.
    fetchCurrencies: false,
    fetchMargins: false,
    // fetchOpenOrders() without a symbol costs 40× the weight; reconciliation asks for it knowingly.
    warnOnFetchOpenOrdersWithoutSymbol: false,
  }),
  orderParams(req, ctx) {
    const p: Record<string, unknown> = { clientOrderId: ctx.venueClientId, ...stopParams(req) };
    // Spot has no reduce-only flag (Binance rejects the unknown parameter); perps take it as is.
    if (ctx.kind === AccountKind.Perp && req.reduceOnly === true) p.reduceOnly = true;
    return p;
  },
  clientIdParam: 'clientOrderId',
  // Since Dec 2025 USDⓈ-M conditional orders live in the Algo Service (/fapi/v1/algoOrder, clientAlgoId).
  triggerParams: algoTriggerParams,
  lookups: algoOrderLookups,
  leverageParams: () => ({}),
  marginModeParams: () => ({}),
  // -4046 "No need to change margin type." ccxt raises MarginModeAlreadySet for it.
  isNoChange: (err) => isCcxtError(err, 'NoChange') || hasCode(err, [-4046]),
  // Spot -2010 "Duplicate order sent."; USDⓈ-M -4116 "ClientOrderId is duplicated."; algo -20132.
  isDuplicateClientId: (err) => (hasCode(err, [-2010]) && /Duplicate order sent/i.test(message(err))) || hasCode(err, [-4116, -20132]),
  marketOrderNeedsPrice: false,
};

const bybit: VenueProfile = {
  id: VenueId.Bybit,
  ccxtId: 'bybit',
  accounts: [AccountKind.Spot, AccountKind.Perp],
  balanceCurrency: { spot: 'USDT', perp: 'USDT' },
  // v5 orderLinkId: ≤ 36 characters of letters, digits, '-' and '_'.
  clientIds: identityCodec(36, /^[A-Za-z0-9_-]{1,36}$/),
  // Spot conditional orders exist (orderFilter StopOrder) but we keep spot stops to Binance for now.
  stops: { spot: StopSupport.None, perp: StopSupport.ReduceOnly },
  websocketFills: { spot: true, perp: true },
  // Only the account's own category: ccxt's default also loads inverse and six coins of options,
  // twelve instruments-info calls (each a failure mode) for markets this account never trades.
  ccxtOptions: (kind) => ({ defaultType: kind === AccountKind.Spot ? 'spot' : 'swap', fetchMarkets: { types: [kind === AccountKind.Spot ? 'spot' : 'linear'] } }),
  orderParams(req, ctx) {
    const p: Record<string, unknown> = { clientOrderId: ctx.venueClientId, ...stopParams(req) };
    if (ctx.kind === AccountKind.Perp && req.reduceOnly === true) p.reduceOnly = true;
    // One-way mode (positionIdx 0) is assumed; ccxt sends no positionIdx unless `hedged`.
    return p;
  },
  // ccxt bybit's cancelOrder takes the venue's own name; fetch lists filter by it too.
  clientIdParam: 'orderLinkId',
  // /v5/order/realtime returns plain and conditional orders together unless orderFilter is given.
  triggerParams: () => null,
  lookups: (_kind, id) => [
    { method: 'fetchOpenOrders', params: { orderLinkId: id } },
    { method: 'fetchClosedOrders', params: { orderLinkId: id } },
  ],
  leverageParams: () => ({}),
  // Classic accounts switch per symbol and need the leverage with it; UTA switches the whole account.
  marginModeParams: (leverage) => ({ leverage: String(leverage) }),
  // 110043 "Set leverage not modified", 110026 "Cross/isolated margin mode is not modified".
  isNoChange: (err) => isCcxtError(err, 'NoChange') || hasCode(err, [110043, 110026]),
  // 110072 "OrderLinkedID is duplicate" (linear), 170141 / 12141 "Duplicate clientOrderId" (spot).
  isDuplicateClientId: (err) => hasCode(err, [110072, 170141, 12141]),
  marketOrderNeedsPrice: false,
};

const okx: VenueProfile = {
  id: VenueId.Okx,
  ccxtId: 'okx',
  accounts: [AccountKind.Spot, AccountKind.Perp],
  balanceCurrency: { spot: 'USDT', perp: 'USDT' },
  clientIds: alphanumericCodec,
  // Spot algo stops exist but lock the coins like Binance's; not wired yet.
  stops: { spot: StopSupport.None, perp: StopSupport.ReduceOnly },
  websocketFills: { spot: true, perp: true },
  ccxtOptions: (kind) => ({ defaultType: kind === AccountKind.Spot ? 'spot' : 'swap' }),
  orderParams(req, ctx) {
    // Algo orders (/trade/order-algo) take the client id as algoClOrdId; ccxt would send clOrdId,
    // which that endpoint does not document. ccxt passes unknown params through to the request.
    const id = req.type === 'stop' ? { algoClOrdId: ctx.venueClientId } : { clientOrderId: ctx.venueClientId };
    const p: Record<string, unknown> = { ...id, ...stopParams(req) };
    if (ctx.kind === AccountKind.Perp) {
      // OKX has no per-symbol margin setting for orders: the trade mode (tdMode) rides on each order.
      p.marginMode = ctx.marginMode;
      if (req.reduceOnly === true) p.reduceOnly = true;
    }
    return p;
  },
  clientIdParam: 'clientOrderId',
  // Stops are algo orders (/trade/order-algo, algoClOrdId).
  triggerParams: algoTriggerParams,
  lookups: algoOrderLookups,
  // /account/set-leverage carries mgnMode; net position mode (one-way) is assumed.
  leverageParams: (marginMode) => ({ marginMode }),
  marginModeParams: (leverage) => ({ lever: leverage }),
  isNoChange: (err) => isCcxtError(err, 'NoChange'),
  // 51016 "Duplicated clOrdId".
  isDuplicateClientId: (err) => hasCode(err, [51016]),
  marketOrderNeedsPrice: false,
};

const hyperliquid: VenueProfile = {
  id: VenueId.Hyperliquid,
  ccxtId: 'hyperliquid',
  accounts: [AccountKind.Perp],
  balanceCurrency: { spot: 'USDC', perp: 'USDC' },
  clientIds: hex128Codec,
  // Trigger orders {trigger: {isMarket, triggerPx, tpsl: 'sl'}} with r (reduce-only) = true.
  stops: { spot: StopSupport.None, perp: StopSupport.ReduceOnly },
  websocketFills: { spot: true, perp: true },
  ccxtOptions: () => ({ defaultType: 'swap' }),
  orderParams(req, ctx) {
    const p: Record<string, unknown> = { clientOrderId: ctx.venueClientId, ...stopParams(req) };
    if (req.reduceOnly === true || req.type === 'stop') p.reduceOnly = true;
    return p;
  },
  clientIdParam: 'clientOrderId',
  // Trigger orders share the order namespace and the open-orders listing.
  triggerParams: () => null,
  lookups: (_kind, id) => [{ method: 'fetchOrder', params: { clientOrderId: id } }],
  // updateLeverage carries isCross; updateLeverage is also how the margin mode changes.
  leverageParams: (marginMode) => ({ marginMode }),
  marginModeParams: (leverage) => ({ leverage }),
  isNoChange: (err) => isCcxtError(err, 'NoChange'),
  isDuplicateClientId: (err) => /duplicate/i.test(message(err)) && /cloid/i.test(message(err)),
  marketOrderNeedsPrice: true,
  // Hyperliquid: "Prices can have up to 5 significant figures" (integer prices always allowed).
  significantPriceDigits: 5,
};

export const venueProfiles: Readonly<Record<VenueId, VenueProfile>> = { binance, bybit, okx, hyperliquid };

export function venueProfile(id: string): VenueProfile {
  const p = (venueProfiles as Readonly<Record<string, VenueProfile | undefined>>)[id];
  if (p === undefined) throw new RangeError(`no venue profile for "${id}" (have: ${Object.keys(venueProfiles).join(', ')})`);
  return p;
}
