import ccxt from 'ccxt';
import type { Exchange, Market, Trade as CcxtTrade } from 'ccxt';
import type { BusPublisher } from '@cascade/infra';
import type { MarketSpec, Trade } from '@cascade/core';
import { TickRule } from '@cascade/core';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { TradePublisher } from './trade-publisher.js';

/** ccxt precision is a tick size (TICK_SIZE mode) on most venues, decimals on some: make it decimals. */
export function decimalsOf(precision: number | undefined, mode: number): number {
  if (precision === undefined) return 8;
  if (mode === ccxt.TICK_SIZE) return Math.max(0, Math.round(-Math.log10(precision)));
  return precision;
}

export function marketSpecFromCcxt(exchange: string, m: NonNullable<Market>, precisionMode: number): MarketSpec {
  const type = m.swap ? 'perp' : 'spot';
  return {
    exchange,
    marketType: type,
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    pricePrecision: decimalsOf(m.precision.price, precisionMode),
    amountPrecision: decimalsOf(m.precision.amount, precisionMode),
    takerFee: String(m.taker ?? 0.001),
    makerFee: String(m.maker ?? 0.001),
    minNotional: String(m.limits?.cost?.min ?? 0),
  };
}

/**
 * Stream trades of `symbols` with ccxt.pro `watchTrades`. ccxt reconnects the socket itself; a
 * failed watch is retried with capped backoff. Trades without an aggressor side are classified with
 * the tick rule and marked inferred.
 */
export async function streamLive(opts: { bus: BusPublisher; exchange: string; symbols: string[]; port: number; urls?: Record<string, unknown> }): Promise<void> {
  exitWithParent();
  const Ctor = (ccxt.pro as unknown as Record<string, new (cfg: object) => Exchange>)[opts.exchange];
  if (!Ctor) throw new Error(`ccxt.pro has no exchange "${opts.exchange}"`);
  const ex = new Ctor({ enableRateLimit: true });
  const markets = await ex.loadMarkets();
  const pubs = new Map<string, TradePublisher>();
  const status = { state: 'running', published: 0, errors: 0, symbols: opts.symbols };
  await startStatusServer(opts.port, () => ({ ...status, published: [...pubs.values()].reduce((a, p) => a + p.published, 0) }));
  await Promise.all(
    opts.symbols.map(async (symbol) => {
      const m = markets[symbol];
      if (!m) throw new Error(`${opts.exchange} has no market ${symbol}`);
      const pub = new TradePublisher(opts.bus, marketSpecFromCcxt(opts.exchange, m, ex.precisionMode ?? ccxt.TICK_SIZE), 'live', () => Date.now());
      pubs.set(symbol, pub);
      const rule = new TickRule();
      let lastId = '';
      let backoff = 500;
      for (;;) {
        try {
          const trades: CcxtTrade[] = await ex.watchTrades(symbol);
          for (const t of trades) {
            if (t.id === lastId || t.timestamp === undefined || t.price === undefined || t.amount === undefined) continue;
            lastId = String(t.id);
            const side = t.side === 'buy' || t.side === 'sell' ? t.side : null;
            const tr: Trade = { id: String(t.id), ts: t.timestamp, price: t.price, amount: t.amount, side: side ?? rule.classify(t.price), sideInferred: side === null };
            await pub.push(tr);
          }
          await pub.flush();
          backoff = 500;
        } catch (e) {
          status.errors += 1;
          console.error(`streamer: watchTrades ${symbol} failed: ${(e as Error).message}; retrying in ${backoff} ms`);
          await new Promise((r) => setTimeout(r, backoff));
          backoff = Math.min(30_000, backoff * 2);
        }
      }
    }),
  );
}
