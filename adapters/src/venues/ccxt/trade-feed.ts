import type { Exchange, Trade as CcxtTrade } from 'ccxt';
import type { MarketSpec } from '@cascade/core';
import { type TradeHistory, tradeHistoryFor } from './gap-fill.js';
import { CcxtPrecisionMode, marketSpecOf } from './market-spec.js';

/**
 * A trade as the venue's stream gives it (ccxt's unified trade). Callers hand it on to
 * `CcxtTradeNormaliser`, `gapEnd` and `fillGap` without looking inside.
 */
export type VenueTrade = CcxtTrade;

/** The venue's markets, once loaded. */
export interface TradeFeedMarkets {
  /** The spec of `symbol` (unified, e.g. `BTC/USDT`); undefined when the venue does not list it. */
  spec(symbol: string): MarketSpec | undefined;
}

/** One venue's public trade stream: what the streamer needs of a ccxt.pro exchange, and nothing else. */
export interface TradeFeed {
  /** The ccxt exchange id, e.g. `binance`. */
  readonly id: string;
  loadMarkets(): Promise<TradeFeedMarkets>;
  /**
   * The next trades of `symbol`. ccxt resolves with its per-symbol cache (or, with `newUpdates`, its
   * tail), so trades can come back again; it reopens a dropped socket on the next call.
   */
  watchTrades(symbol: string): Promise<VenueTrade[]>;
  /** REST history in the ids of the stream, to fill gaps; or why there is none. Needs the markets loaded. */
  history(symbol: string): TradeHistory | { readonly none: string };
  /** Stops `symbol`'s stream and leaves the connection to the others (venues without `unWatchTrades` keep it). */
  unwatchTrades(symbol: string): Promise<void>;
  /** Closes the connection; pending watches reject (ExchangeClosedByUser). */
  close(): Promise<void>;
}

/**
 * A ccxt.pro exchange as a `TradeFeed`. ccxt's own re-dial backoff is switched off: the caller's
 * reconnect policy is the only one.
 */
export function ccxtTradeFeed(exchange: Exchange): TradeFeed {
  leaveReconnectDelaysToCaller(exchange);
  return {
    id: exchange.id,
    loadMarkets: async () => {
      const markets = await exchange.loadMarkets();
      const mode = exchange.precisionMode ?? CcxtPrecisionMode.TickSize;
      return {
        spec: (symbol) => {
          const m = markets[symbol];
          return m === undefined ? undefined : marketSpecOf(exchange.id, m, mode);
        },
      };
    },
    watchTrades: (symbol) => exchange.watchTrades(symbol),
    history: (symbol) => tradeHistoryFor(exchange, symbol),
    unwatchTrades: async (symbol) => {
      if (exchange.has['unWatchTrades'] === true) await exchange.unWatchTrades(symbol).catch(() => undefined);
    },
    close: () => exchange.close(),
  };
}

/**
 * ccxt 4.5 delays every WebSocket re-dial by its own backoff (`options.ws.backoff`: 1 s doubling to
 * 60 s, jitter from the wall clock's milliseconds). Stacked on the caller's it would double the wait
 * and make it untestable, so its base goes to 0.
 */
function leaveReconnectDelaysToCaller(exchange: Exchange): void {
  const ws = record(exchange.options['ws']);
  exchange.options['ws'] = { ...ws, backoff: { ...record(ws['backoff']), base: 0 } };
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? { ...v } : {};
}
