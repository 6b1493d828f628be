import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MarketSpec, type RejectReason, type Trade, classifyFault } from '@cascade/core';
import { CcxtPrecisionMode, ccxtTradeFeed, marketSpecOf, openCcxtProExchange } from '@cascade/adapters/venues/ccxt';
import { type FakeBinance, type FakeSymbol, type FakeTrade, startFakeBinance } from '../../../test/fakes/binance/index.js';
import { type LiveStreamsOptions, runLiveStreams } from './live.js';

// The venue as the tests define it: every expected value below derives from these literals.
const BTCUSDT: FakeSymbol = {
  symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT',
  minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000',
  minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000',
  minNotional: '5.00000000', maxNotional: '9000000.00000000',
};
const ETHUSDT: FakeSymbol = {
  symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT',
  minPrice: '0.10000000', maxPrice: '100000.00000000', tickSize: '0.10000000',
  minQty: '0.00010000', maxQty: '9000.00000000', stepSize: '0.00010000',
  minNotional: '10.00000000', maxNotional: '9000000.00000000',
};
/** ccxt's static binance fee schedule (exchangeInfo carries no fees): 0.1% taker and maker. */
const BINANCE_BASE_FEE = '0.001';
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance({ symbols: [BTCUSDT, ETHUSDT] });
});
afterAll(async () => {
  await fake.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real ccxt.pro binance pointed at the fake; only the spot exchangeInfo is fetched. */
function binanceAtFake(options: Record<string, unknown> = {}) {
  return openCcxtProExchange({ exchange: 'binance', urls: fake.ccxtUrls, timeoutMs: 5_000, options: { fetchMarkets: { types: ['spot'] }, ...options } });
}
type Exchange = Awaited<ReturnType<typeof binanceAtFake>>;

interface Run {
  readonly trades: { market: MarketSpec; trade: Trade }[];
  readonly markets: MarketSpec[];
  readonly errors: { symbol: string | null; error: unknown }[];
  readonly rejects: { symbol: string; reason: RejectReason }[];
  readonly flushes: string[];
  readonly done: Promise<void>;
  stop(): Promise<void>;
  of(symbol: string): Trade[];
}

function run(exchange: Exchange, symbols: string[], extra: Partial<LiveStreamsOptions> = {}): Run {
  const ctl = new AbortController();
  const trades: Run['trades'] = [];
  const markets: MarketSpec[] = [];
  const errors: Run['errors'] = [];
  const rejects: Run['rejects'] = [];
  const flushes: string[] = [];
  const done = runLiveStreams({
    feed: ccxtTradeFeed(exchange),
    symbols,
    signal: ctl.signal,
    backoff: { initialMs: 20, maxMs: 200 },
    onMarkets: (m) => markets.push(...m),
    sink: async (market, trade) => {
      trades.push({ market, trade });
    },
    flush: async (market) => {
      flushes.push(market.symbol);
    },
    onError: (symbol, error) => errors.push({ symbol, error }),
    onReject: (market, reason) => rejects.push({ symbol: market.symbol, reason }),
    ...extra,
  });
  const stop = async () => {
    ctl.abort();
    await done.catch(() => undefined);
    // The next run must not find this run's socket still subscribed at the fake.
    await vi.waitFor(() => expect(fake.openConnections).toBe(0));
  };
  cleanups.push(stop);
  return { trades, markets, errors, rejects, flushes, done, stop, of: (s) => trades.filter((x) => x.market.symbol === s).map((x) => x.trade) };
}

/** What the streamer must make of a trade the fake sent with a side (`m`). */
function expected(t: FakeTrade): Trade {
  return { id: String(t.id), ts: t.time, price: Number(t.price), amount: Number(t.qty), side: t.buyerIsMaker ? 'sell' : 'buy', sideInferred: false };
}

function push(...trades: FakeTrade[]): void {
  for (const t of trades) expect(fake.pushTrade(t), `trade ${t.id} reached a subscriber`).toBe(1);
}

const btc = (id: number, price: string, qty: string, dt: number, buyerIsMaker: boolean | undefined): FakeTrade => ({ symbol: 'BTCUSDT', id, price, qty, time: T0 + dt, buyerIsMaker });
const eth = (id: number, price: string, qty: string, dt: number, buyerIsMaker: boolean | undefined): FakeTrade => ({ symbol: 'ETHUSDT', id, price, qty, time: T0 + dt, buyerIsMaker });

describe('runLiveStreams against a local fake of Binance spot', () => {
  it('maps exchangeInfo to market specs and streams normalised trades of several symbols', async () => {
    const ex = await binanceAtFake();
    const r = run(ex, ['BTC/USDT', 'ETH/USDT']);
    await Promise.all([fake.untilSubscribed('btcusdt@trade'), fake.untilSubscribed('ethusdt@trade')]);

    expect(r.markets).toEqual<MarketSpec[]>([
      { exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 5, takerFee: BINANCE_BASE_FEE, makerFee: BINANCE_BASE_FEE, minNotional: '5' },
      { exchange: 'binance', marketType: 'spot', symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', pricePrecision: 1, amountPrecision: 4, takerFee: BINANCE_BASE_FEE, makerFee: BINANCE_BASE_FEE, minNotional: '10' },
    ]);
    // The same through the exported mapper, straight from ccxt's market.
    const m = ex.markets?.['ETH/USDT'];
    expect(m).toBeDefined();
    expect(ex.precisionMode).toBe(CcxtPrecisionMode.TickSize);
    expect(marketSpecOf('binance', m, CcxtPrecisionMode.TickSize)).toEqual(r.markets[1]);

    const sent = [btc(4_000_001, '87012.34000000', '0.00150000', 0, true), eth(900_001, '2950.10000000', '1.25000000', 3, false), btc(4_000_002, '87012.35000000', '0.02000000', 5, false)];
    push(...sent);
    await vi.waitFor(() => expect(r.trades).toHaveLength(3));
    expect(r.of('BTC/USDT')).toEqual([expected(sent[0] as FakeTrade), expected(sent[2] as FakeTrade)]);
    expect(r.of('ETH/USDT')).toEqual([expected(sent[1] as FakeTrade)]);
    expect(r.trades.every((x) => x.market === r.markets[x.market.symbol === 'BTC/USDT' ? 0 : 1])).toBe(true);
    expect(r.flushes).toContain('BTC/USDT');
    expect(r.flushes).toContain('ETH/USDT');
    expect(r.errors).toEqual([]);

    // What ccxt asked the venue for.
    expect(fake.unhandled).toEqual([]);
    expect(fake.requestLines.filter((q) => q.startsWith('GET /api/v3/exchangeInfo')).length).toBeGreaterThan(0);
    expect(fake.wsRequests).toContainEqual(expect.objectContaining({ method: 'SUBSCRIBE', params: ['btcusdt@trade'] }));

    await r.stop();
    await expect(r.done).resolves.toBeUndefined();
  });

  it('delivers each trade once across consecutive watchTrades calls, also when ccxt returns its whole cache', async () => {
    // newUpdates: false makes every watchTrades resolve with ccxt's full trade cache, earlier trades included.
    for (const newUpdates of [true, false]) {
      const r = run(await binanceAtFake({ newUpdates }), ['BTC/USDT']);
      await fake.untilSubscribed('btcusdt@trade');
      const base = newUpdates ? 5_000_000 : 6_000_000;
      const round1 = [btc(base + 1, '87000.00', '0.1', 10, true), btc(base + 2, '87000.01', '0.2', 10, false)];
      push(...round1);
      await vi.waitFor(() => expect(r.trades).toHaveLength(2));
      const round2 = [btc(base + 3, '87000.02', '0.3', 11, false)];
      push(...round2);
      await vi.waitFor(() => expect(r.trades).toHaveLength(3));
      // A message the venue sends again (same id and time), then a new one.
      const round3 = [round2[0] as FakeTrade, btc(base + 4, '86999.99', '0.4', 12, true)];
      push(...round3);
      await vi.waitFor(() => expect(r.trades).toHaveLength(4));
      push(btc(base + 5, '86999.98', '0.5', 13, true));
      await vi.waitFor(() => expect(r.trades).toHaveLength(5));

      const ids = r.trades.map((x) => x.trade.id);
      expect(new Set(ids).size, `newUpdates=${newUpdates}`).toBe(ids.length);
      expect(r.of('BTC/USDT')).toEqual([...round1, ...round2, round3[1] as FakeTrade, btc(base + 5, '86999.98', '0.5', 13, true)].map(expected));
      const dups = r.rejects.filter((x) => x.reason === 'duplicate').length;
      if (newUpdates) expect(dups).toBe(1); // only the resent message
      else expect(dups).toBeGreaterThan(1); // plus everything ccxt handed back again
      expect(r.rejects.filter((x) => x.reason !== 'duplicate')).toEqual([]);
      await r.stop();
    }
  });

  it('keeps streaming after the venue drops the socket (ccxt reconnects and resubscribes)', async () => {
    const r = run(await binanceAtFake(), ['BTC/USDT']);
    await fake.untilSubscribed('btcusdt@trade');
    const connectionsBefore = fake.wsConnections.length;
    const before = btc(7_000_001, '87100.00', '0.01', 20, false);
    push(before);
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));

    expect(fake.dropConnections()).toBe(1);
    await vi.waitFor(() => expect(r.errors).toHaveLength(1));
    expect(r.errors[0]?.symbol).toBe('BTC/USDT');
    expect(classifyFault(r.errors[0]?.error).lineage).toContain('NetworkError');
    await fake.untilSubscribed('btcusdt@trade');
    expect(fake.wsConnections.length).toBe(connectionsBefore + 1);

    const after = [btc(7_000_002, '87100.01', '0.02', 21, true), btc(7_000_003, '87100.02', '0.03', 22, false)];
    push(...after);
    await vi.waitFor(() => expect(r.trades).toHaveLength(3));
    expect(r.of('BTC/USDT')).toEqual([before, ...after].map(expected));
    await r.stop();
  });

  it('classifies trades without an aggressor side with the tick rule, continuing from venue sides', async () => {
    const r = run(await binanceAtFake(), ['BTC/USDT']);
    await fake.untilSubscribed('btcusdt@trade');
    // No `m` means no side from ccxt (Binance always sends it; this drives the fallback through ccxt).
    push(
      btc(8_000_001, '87200.00', '0.1', 30, true), // venue: sell
      btc(8_000_002, '87200.00', '0.1', 31, undefined), // zero tick after a venue sell: sell
      btc(8_000_003, '87200.50', '0.1', 32, undefined), // uptick: buy
      btc(8_000_004, '87200.50', '0.1', 33, undefined), // zero tick: buy
      btc(8_000_005, '87200.20', '0.1', 34, undefined), // downtick: sell
    );
    await vi.waitFor(() => expect(r.trades).toHaveLength(5));
    expect(r.of('BTC/USDT').map((t) => [t.id, t.side, t.sideInferred])).toEqual([
      ['8000001', 'sell', false],
      ['8000002', 'sell', true],
      ['8000003', 'buy', true],
      ['8000004', 'buy', true],
      ['8000005', 'sell', true],
    ]);
    await r.stop();
  });

  it('stops on abort: closes the exchange, so the venue sees the socket go', async () => {
    const ex = await binanceAtFake();
    const r = run(ex, ['BTC/USDT', 'ETH/USDT']);
    await Promise.all([fake.untilSubscribed('btcusdt@trade'), fake.untilSubscribed('ethusdt@trade')]);
    await r.stop();
    await expect(r.done).resolves.toBeUndefined();
    await vi.waitFor(() => expect(fake.pushTrade(btc(9_000_001, '1.00', '1', 40, true))).toBe(0));
    expect(Object.keys(ex.clients ?? {})).toEqual([]);
  });

  it('fails on a symbol the venue does not list, and when the sink fails', async () => {
    await expect(run(await binanceAtFake(), ['DOGE/USDT']).done).rejects.toThrow('binance has no market DOGE/USDT');

    const r = run(await binanceAtFake(), ['BTC/USDT', 'ETH/USDT'], {
      sink: async () => {
        throw new Error('bus down');
      },
    });
    await Promise.all([fake.untilSubscribed('btcusdt@trade'), fake.untilSubscribed('ethusdt@trade')]);
    push(btc(9_100_001, '87300.00', '0.1', 50, true));
    await expect(r.done).rejects.toThrow('bus down');
    // The other stream stopped too: the exchange is closed.
    await vi.waitFor(() => expect(fake.pushTrade(eth(9_100_002, '2950.00', '1', 51, true))).toBe(0));
  });
});
