import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Candle, MarketSpec, Trade } from '@cascade/core';
import type { ExecutionRow, FairValueGapRow, ZoneRow } from './rows.js';
import { TradingStore, type StoreConfigInput, type StoreDeps } from './trading-store.js';

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);
const MIN = 60_000;

const XRP_ETH: MarketSpec = {
  exchange: 'binance', marketType: 'spot', symbol: 'XRP/ETH', base: 'XRP', quote: 'ETH',
  pricePrecision: 8, amountPrecision: 0, takerFee: '0.001', makerFee: '0.001', minNotional: '0.001',
};
const BTC_USDT: MarketSpec = {
  exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT',
  pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5',
};
const market = (i: number): MarketSpec => ({ ...BTC_USDT, symbol: `C${i}/USDT`, base: `C${i}` });

const dirs: string[] = [];
const stores: TradingStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cascade-store-'));
  dirs.push(d);
  return d;
}

async function newStore(config: StoreConfigInput = {}, deps: StoreDeps = {}): Promise<TradingStore> {
  const s = new TradingStore({ rootDir: await tempDir(), ...config }, { onError: () => undefined, ...deps });
  stores.push(s);
  return s;
}

const trade = (id: number, dt: number, price: number, amount: number, side: 'buy' | 'sell' = 'buy'): Trade => ({
  id: String(id), ts: T0 + dt, price, amount, side, sideInferred: false,
});

const candle = (tf: Candle['timeframe'], openTime: number, o: Partial<Candle> = {}): Candle => ({
  timeframe: tf, openTime, open: 100, high: 101, low: 99, close: 100.5, volume: 3, buyVolume: 2, sellVolume: 1, trades: 3, buyTrades: 2, sellTrades: 1, ...o,
});

describe('TradingStore: layout and schema', () => {
  it('creates data/{exchange}/{market}/{symbol}/trading.duckdb with the document’s tables, only when it first writes', async () => {
    const s = await newStore();
    const x = s.forMarket(XRP_ETH);
    const path = join(s.config.rootDir, 'binance', 'spot', 'XRP-ETH', 'trading.duckdb');
    expect(x.path).toBe(path);
    x.appendTick(trade(1, 0, 0.00051234, 150));
    // Appending is a push onto a buffer: nothing is open or on disk yet.
    expect(existsSync(path)).toBe(false);
    expect(s.openCount).toBe(0);
    await s.flush();
    expect(existsSync(path)).toBe(true);

    const cols = await x.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY table_name, ordinal_position`,
    );
    const byTable = new Map<string, string[]>();
    for (const c of cols) byTable.set(String(c.table_name), [...(byTable.get(String(c.table_name)) ?? []), `${String(c.column_name)} ${String(c.data_type)}`]);
    const D = 'DECIMAL(38,18)';
    const candleCols = ['timestamp TIMESTAMP', `open ${D}`, `high ${D}`, `low ${D}`, `close ${D}`, `volume ${D}`, `buy_volume ${D}`, `sell_volume ${D}`, 'num_trades INTEGER', 'num_buy_trades INTEGER', 'num_sell_trades INTEGER'];
    expect(Object.fromEntries(byTable)).toEqual({
      schema_info: ['version INTEGER', 'exchange VARCHAR', 'market_type VARCHAR', 'symbol VARCHAR', 'created_at TIMESTAMP'],
      ticks: ['timestamp TIMESTAMP', 'trade_id VARCHAR', `price ${D}`, `volume ${D}`, "side ENUM('buy', 'sell')", 'side_inferred BOOLEAN', 'exchange VARCHAR'],
      candles_1m: candleCols,
      candles_5m: candleCols,
      candles_15m: candleCols,
      order_flow: ['timestamp TIMESTAMP', `cvd ${D}`, `buy_volume ${D}`, `sell_volume ${D}`, 'imbalance_ratio DOUBLE', `delta ${D}`, 'avg_buy_size DOUBLE', 'avg_sell_size DOUBLE'],
      market_profile: ['timestamp TIMESTAMP', 'timeframe VARCHAR', `poc_price ${D}`, `value_area_high ${D}`, `value_area_low ${D}`, 'profile_data JSON'],
      supply_demand_zones: ['zone_id VARCHAR', 'timeframe VARCHAR', 'zone_type VARCHAR', `price_low ${D}`, `price_high ${D}`, 'strength_score DOUBLE', 'first_seen TIMESTAMP', 'last_tested TIMESTAMP', 'status VARCHAR'],
      fair_value_gaps: ['fvg_id VARCHAR', 'timeframe VARCHAR', 'fvg_type VARCHAR', `gap_low ${D}`, `gap_high ${D}`, 'created_at TIMESTAMP', 'filled_at TIMESTAMP', 'fill_percentage DOUBLE'],
      trade_executions: ['trade_id VARCHAR', 'timestamp TIMESTAMP', 'side VARCHAR', `entry_price ${D}`, `exit_price ${D}`, 'quantity DECIMAL(38,18)', `pnl ${D}`, `fees ${D}`, 'strategy VARCHAR', 'config_type VARCHAR', 'closed_at TIMESTAMP'],
    });
    expect(await x.query('SELECT exchange, price::VARCHAR AS price FROM ticks')).toEqual([{ exchange: 'binance', price: '0.000512340000000000' }]);
  });

  it('reopens an existing file without changing it (schema creation is idempotent)', async () => {
    const root = await tempDir();
    const first = new TradingStore({ rootDir: root });
    first.forMarket(BTC_USDT).appendTick(trade(1, 0, 87012.34, 0.0015));
    await first.close();
    for (let i = 0; i < 2; i++) {
      const again = new TradingStore({ rootDir: root });
      const b = again.forMarket(BTC_USDT);
      b.appendTick(trade(2 + i, 1 + i, 87012.35, 0.002));
      expect(await b.query('SELECT count(*)::INTEGER AS n, min(version) AS v FROM schema_info')).toEqual([{ n: 1, v: 1 }]);
      await again.close();
    }
    const last = new TradingStore({ rootDir: root });
    expect((await last.forMarket(BTC_USDT).loadTicksSince(T0)).map((t) => t.id)).toEqual(['1', '2', '3']);
    await last.close();
  });

  it('refuses a file that belongs to another market', async () => {
    const s = await newStore();
    const btc = s.forMarket(BTC_USDT);
    await btc.query('SELECT 1');
    await s.close();
    const s2 = await newStore({ rootDir: s.config.rootDir });
    const eth = s2.forMarket({ ...BTC_USDT, symbol: 'ETH/USDT', base: 'ETH' });
    await mkdir(dirname(eth.path), { recursive: true });
    await copyFile(btc.path, eth.path);
    await expect(eth.query('SELECT 1')).rejects.toThrow('holds binance:spot:BTC/USDT, not binance:spot:ETH/USDT');
  });
});

describe('TradingStore: exact money and warm-restart reads', () => {
  it('stores venue decimals exactly, whatever binary error the doubles carry', async () => {
    const s = await newStore();
    const x = s.forMarket(BTC_USDT);
    // 0.1 + 0.2 = 0.30000000000000004 as a double; the market's 5 amount decimals make it 0.3.
    x.appendTicks([trade(1, 0, 87012.34, 0.1), trade(2, 1, 87012.35, 0.2, 'sell'), trade(3, 2, 87012.33, 0.1 + 0.2)]);
    const rows = await x.query('SELECT price::VARCHAR AS p, volume::VARCHAR AS v FROM ticks ORDER BY trade_id');
    expect(rows).toEqual([
      { p: '87012.340000000000000000', v: '0.100000000000000000' },
      { p: '87012.350000000000000000', v: '0.200000000000000000' },
      { p: '87012.330000000000000000', v: '0.300000000000000000' },
    ]);
    // Sums stay exact in SQL: 0.1 + 0.2 + 0.3 = 0.6 (the doubles would give 0.6000000000000001).
    expect(await x.query('SELECT sum(volume)::VARCHAR AS v FROM ticks')).toEqual([{ v: '0.600000000000000000' }]);
  });

  it('stores every venue decimal exactly at the market precision (property)', async () => {
    const s = await newStore();
    const cases = fc.sample(
      fc.record({
        digits: fc.bigInt({ min: 1n, max: 999_999_999_999_999n }), // ≤ 15 significant digits, as venues print
        p: fc.constantFrom(0, 1, 2, 5, 8),
        a: fc.constantFrom(0, 3, 8),
      }),
      { numRuns: 400, seed: 7 },
    );
    // The venue's decimal `digits × 10^-places`, written out at DECIMAL(38,18)'s 18 places.
    const at18 = (digits: bigint, places: number) => {
      const s18 = (digits * 10n ** BigInt(18 - places)).toString().padStart(19, '0');
      return `${s18.slice(0, -18)}.${s18.slice(-18)}`;
    };
    const expected = new Map<string, Map<string, string>>();
    const symbols = new Map<string, ReturnType<TradingStore['forMarket']>>();
    for (const [i, c] of cases.entries()) {
      const x = s.forMarket({ ...BTC_USDT, symbol: `P${c.p}A${c.a}/USDT`, pricePrecision: c.p, amountPrecision: c.a });
      symbols.set(x.key, x);
      // Parsed to the nearest double, as ccxt and the tape readers do.
      x.appendTick(trade(i, i, Number(c.digits) / 10 ** c.p, Number(c.digits) / 10 ** c.a));
      const m = expected.get(x.key) ?? new Map<string, string>();
      m.set(String(i), `${at18(c.digits, c.p)} ${at18(c.digits, c.a)}`);
      expected.set(x.key, m);
    }
    for (const [key, x] of symbols) {
      const rows = await x.query('SELECT trade_id, price::VARCHAR AS p, volume::VARCHAR AS v FROM ticks');
      expect(new Map(rows.map((r) => [String(r.trade_id), `${String(r.p)} ${String(r.v)}`])), key).toEqual(expected.get(key));
    }
  }, 60_000);

  it('gives back the ticks since a time, in order, each trade once', async () => {
    const s = await newStore();
    const x = s.forMarket(BTC_USDT);
    const ticks = [trade(1, 0, 87000.01, 0.5), trade(2, 1000, 87000.02, 0.25, 'sell'), { ...trade(3, 1000, 87000.03, 0.125), sideInferred: true }, trade(4, 5000, 87000.04, 1)];
    x.appendTicks(ticks);
    await x.flush();
    x.appendTick(ticks[1] as Trade); // a redelivered trade
    expect(await x.loadTicksSince(T0 + 1000)).toEqual(ticks.slice(1));
    expect(await x.loadTicksSince(T0)).toEqual(ticks);
    expect(await x.loadTicksSince(T0 + 5001)).toEqual([]);
  });

  it('gives back the last n candles oldest first, unknown splits as NaN, the fuller of two copies', async () => {
    const s = await newStore();
    const x = s.forMarket(BTC_USDT);
    const cs = [0, 1, 2, 3].map((i) => candle('1m', T0 + i * MIN, { close: 100 + i / 100, volume: 3 + i, buyVolume: 2 + i, sellVolume: 1 }));
    const fromVenue = candle('1m', T0 + 4 * MIN, { buyVolume: NaN, sellVolume: NaN, trades: NaN, buyTrades: NaN, sellTrades: NaN });
    for (const c of cs) x.appendCandle(c);
    x.appendCandle(fromVenue);
    // A restart mid-candle stores a partial copy of 1m candle 2 later; the full one (more trades) wins.
    x.appendCandle(candle('1m', T0 + 2 * MIN, { volume: 1, buyVolume: 1, sellVolume: 0, trades: 1, buyTrades: 1, sellTrades: 0 }));
    x.appendCandle(candle('5m', T0));
    expect(await x.loadRecentCandles('1m', 3)).toEqual([cs[2], cs[3], fromVenue]);
    expect(await x.loadRecentCandles('1m', 10)).toEqual([...cs, fromVenue]);
    expect(await x.loadRecentCandles('5m', 10)).toEqual([candle('5m', T0)]);
    expect(await x.loadRecentCandles('15m', 10)).toEqual([]);
  });

  it('keeps zones, gaps and executions by id, deleting broken zones, filled gaps and removed executions', async () => {
    const s = await newStore();
    const x = s.forMarket(BTC_USDT);
    const zone: ZoneRow = { zoneId: 'z1', timeframe: '15m', zoneType: 'demand', priceLow: 86900.1, priceHigh: 86950.2, strengthScore: 100, firstSeen: T0, lastTested: null, status: 'fresh' };
    const gap: FairValueGapRow = { fvgId: 'g1', timeframe: '5m', fvgType: 'bullish', gapLow: 87100, gapHigh: 87300.5, createdAt: T0, filledAt: null, fillPercentage: 12.5 };
    const exec: ExecutionRow = {
      tradeId: 't1', ts: T0, side: 'long', entryPrice: '87012.34', exitPrice: null, quantity: '0.00115', pnl: null, fees: '0.100064191', strategy: 'order-flow-cascade', configType: 'default', closedAt: null,
    };
    x.putZone(zone);
    x.putZone({ ...zone, zoneId: 'z2', zoneType: 'supply' });
    x.putFairValueGap(gap);
    x.putFairValueGap({ ...gap, fvgId: 'g2' });
    x.putExecution(exec);
    x.putExecution({ ...exec, tradeId: 't2', side: 'short' });
    await x.flush();
    const tested = { ...zone, strengthScore: 70, lastTested: T0 + MIN, status: 'tested' as const };
    x.putZone(tested);
    x.putZone({ ...zone, zoneId: 'z2', zoneType: 'supply', status: 'broken' });
    x.putFairValueGap({ ...gap, fvgId: 'g2', filledAt: T0 + MIN, fillPercentage: 100 });
    const closed = { ...exec, exitPrice: '87447.40', pnl: '0.299962809', closedAt: T0 + 2 * MIN };
    x.putExecution(closed);
    x.removeExecution('t2');
    expect(await x.loadZones()).toEqual([tested]);
    expect(await x.loadFairValueGaps()).toEqual([gap]);
    // Money comes back as the same exact decimal, trailing zeros dropped.
    expect(await x.loadExecutions()).toEqual([{ ...closed, exitPrice: '87447.4' }]);
    expect(() => x.putExecution({ ...exec, fees: '1e-3' })).toThrow('not a plain decimal string');
    expect(() => x.putExecution({ ...exec, fees: '0.0000000000000000001' })).toThrow('more than 18 decimal places');
  });

  it('rejects rows that could not be stored when they are appended, not at flush', async () => {
    const s = await newStore();
    const x = s.forMarket(BTC_USDT);
    expect(() => x.appendTick(trade(1, 0, NaN, 1))).toThrow(RangeError);
    expect(() => x.appendTick(trade(1, 0, 1, 0))).toThrow(RangeError);
    expect(() => x.appendCandle(candle('1m', T0, { high: Infinity }))).toThrow(RangeError);
    expect(() => x.appendCandle({ ...candle('1m', T0), timeframe: '1h' as Candle['timeframe'] })).toThrow('unknown timeframe');
    expect(x.bufferedRows).toBe(0);
    expect(() => s.forMarket({ ...BTC_USDT, symbol: 'X/Y', pricePrecision: 19 })).toThrow('pricePrecision');
  });
});

describe('TradingStore: batching', () => {
  it('flushes a symbol early once its buffer reaches flushRows', async () => {
    const s = await newStore({ flushRows: 5 });
    const x = s.forMarket(BTC_USDT);
    for (let i = 0; i < 4; i++) x.appendTick(trade(i, i, 87000 + i, 1));
    expect(x.bufferedRows).toBe(4);
    x.appendTick(trade(4, 4, 87004, 1));
    await vi.waitFor(() => expect(x.written).toBe(5), { timeout: 10_000 });
    expect(x.bufferedRows).toBe(0);
  });

  it('writes on its flush timer once started', async () => {
    const s = await newStore({ flushIntervalMs: 10 });
    const x = s.forMarket(BTC_USDT);
    s.start();
    x.appendTick(trade(1, 0, 87000, 1));
    await vi.waitFor(() => expect(x.written).toBe(1), { timeout: 10_000 });
  });

  it('drops and counts a batch it cannot write, and reports the error', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'binance'), 'a file where the exchange directory should be');
    const s = await newStore({ rootDir: root });
    const x = s.forMarket(BTC_USDT);
    x.appendTicks([trade(1, 0, 87000, 1), trade(2, 1, 87000, 1)]);
    await expect(s.flush()).rejects.toThrow();
    expect(s.stats).toMatchObject({ droppedRows: 2, writtenRows: 0, bufferedRows: 0 });
  });
});

describe('TradingStore: retention', () => {
  it('deletes per the retention table at cleanup time', async () => {
    const s = await newStore({ retention: { maxZones: 2 } });
    const x = s.forMarket(BTC_USDT);
    const now = T0 + 60 * MIN + 30_000; // 11:00:30
    // Ticks: 15 min → kept from 10:45:30.
    x.appendTicks([trade(1, 45 * MIN, 1, 1), trade(2, 45 * MIN + 30_000, 1, 1), trade(3, 59 * MIN, 1, 1)]);
    // 1m: 120 closed + the open one → kept from 11:00 − 120 min = 09:00. 15m: from 11:00 − 30 h.
    x.appendCandle(candle('1m', T0 - 61 * MIN)); // 08:59 → deleted
    x.appendCandle(candle('1m', T0 - 60 * MIN)); // 09:00 → kept
    x.appendCandle(candle('15m', T0 + 60 * MIN - 30 * 60 * MIN - 15 * MIN)); // deleted
    x.appendCandle(candle('15m', T0 + 60 * MIN - 30 * 60 * MIN)); // kept
    x.appendOrderFlow({ ts: T0 + 45 * MIN, cvd: 1, buyVolume: 1, sellVolume: 0, imbalanceRatio: null, delta: 1, avgBuySize: 1, avgSellSize: null }); // deleted
    x.appendOrderFlow({ ts: T0 + 46 * MIN, cvd: -0.5, buyVolume: 0.25, sellVolume: 0.75, imbalanceRatio: 1 / 3, delta: -0.5, avgBuySize: 0.25, avgSellSize: 0.375 });
    x.appendMarketProfile({ ts: T0 + 45 * MIN, timeframe: '15m', pocPrice: 87000, valueAreaHigh: 87010, valueAreaLow: 86990, profileData: { bins: [[87000, 1.5]] } }); // deleted
    x.appendMarketProfile({ ts: T0 + 50 * MIN, timeframe: '15m', pocPrice: 87000.1, valueAreaHigh: 87010, valueAreaLow: 86990, profileData: { bins: [[87000.1, 2.5]] } });
    // Gaps: unfilled ones expire after 24 h.
    const gap = (id: string, createdAt: number): FairValueGapRow => ({ fvgId: id, timeframe: '15m', fvgType: 'bearish', gapLow: 1, gapHigh: 2, createdAt, filledAt: null, fillPercentage: 0 });
    x.putFairValueGap(gap('old', now - 24 * 60 * MIN - 1));
    x.putFairValueGap(gap('young', now - 24 * 60 * MIN + 1));
    // Zones: at most 2 (configured), the least recently active go.
    const zone = (id: string, firstSeen: number, lastTested: number | null): ZoneRow => ({ zoneId: id, timeframe: '15m', zoneType: 'demand', priceLow: 1, priceHigh: 2, strengthScore: 40, firstSeen, lastTested, status: lastTested ? 'tested' : 'fresh' });
    x.putZone(zone('a', T0, T0 + 50 * MIN)); // active 10:50
    x.putZone(zone('b', T0 + 10 * MIN, null)); // 10:10 → deleted
    x.putZone(zone('c', T0 + 20 * MIN, null)); // 10:20
    // Executions: closed ones leave a minute after closing; open ones stay.
    const exec = (id: string, closedAt: number | null): ExecutionRow => ({ tradeId: id, ts: T0, side: 'long', entryPrice: '1', exitPrice: closedAt ? '2' : null, quantity: '1', pnl: closedAt ? '1' : null, fees: '0', strategy: 's', configType: 'c', closedAt });
    x.putExecution(exec('open', null));
    x.putExecution(exec('closed-61s', now - 61_000));
    x.putExecution(exec('closed-59s', now - 59_000));

    const counts = (await s.cleanup(now)).get(x.key);
    expect(counts).toEqual({
      ticks: 1, candles_1m: 1, candles_5m: 0, candles_15m: 1, order_flow: 1, market_profile: 1,
      supply_demand_zones: 1, fair_value_gaps: 1, trade_executions: 1,
    });
    expect((await x.loadTicksSince(0)).map((t) => t.id)).toEqual(['2', '3']);
    expect((await x.loadRecentCandles('1m', 10)).map((c) => c.openTime)).toEqual([T0 - 60 * MIN]);
    expect((await x.loadZones()).map((z) => z.zoneId)).toEqual(['a', 'c']);
    expect((await x.loadFairValueGaps()).map((g) => g.fvgId)).toEqual(['young']);
    expect((await x.loadExecutions()).map((e) => e.tradeId)).toEqual(['closed-59s', 'open']) // same entry time: by id;
    expect(await x.query('SELECT cvd::VARCHAR AS cvd, imbalance_ratio AS r, avg_sell_size AS s FROM order_flow')).toEqual([{ cvd: '-0.500000000000000000', r: 1 / 3, s: 0.375 }]);
    expect(await x.query(`SELECT poc_price::VARCHAR AS poc, json_extract(profile_data, '$.bins[0][1]')::DOUBLE AS v FROM market_profile`)).toEqual([{ poc: '87000.100000000000000000', v: 2.5 }]);
    // Nothing more to delete.
    expect(Object.values((await s.cleanup(now)).get(x.key) ?? {}).every((n) => n === 0)).toBe(true);
  });

  it('runs cleanup every cleanupIntervalMs once started, at the injected clock', async () => {
    let now = T0;
    const s = await newStore({ cleanupIntervalMs: 20 }, { now: () => now });
    const x = s.forMarket(BTC_USDT);
    x.appendTicks([trade(1, 0, 1, 1), trade(2, 10 * MIN, 1, 1)]);
    await x.flush();
    now = T0 + 20 * MIN; // tick 1 is now 20 min old, tick 2 10 min
    s.start();
    await vi.waitFor(async () => expect((await x.loadTicksSince(0)).map((t) => t.id)).toEqual(['2']), { timeout: 10_000 });
  });
});

describe('TradingStore: LRU of open databases', () => {
  it('keeps at most maxOpen files open, closes the least recently used and reopens on demand', async () => {
    const s = await newStore({ maxOpen: 3 });
    const ms = Array.from({ length: 8 }, (_, i) => s.forMarket(market(i)));
    let maxSeen = 0;
    for (const [i, m] of ms.entries()) {
      m.appendTick(trade(i, i, 100 + i, 1));
      await m.flush();
      maxSeen = Math.max(maxSeen, s.openCount);
    }
    expect(maxSeen).toBe(3);
    expect(s.openPaths()).toEqual([ms[5]?.path, ms[6]?.path, ms[7]?.path]);
    expect(s.stats).toMatchObject({ opens: 8, evictions: 5 });

    // Touch 5, then open 0 again: 6 is now the least recently used and goes.
    await ms[5]?.query('SELECT 1');
    expect((await ms[0]?.loadTicksSince(0))?.map((t) => t.price)).toEqual([100]);
    expect(s.openPaths()).toEqual([ms[7]?.path, ms[5]?.path, ms[0]?.path]);
    expect(s.stats).toMatchObject({ opens: 9, evictions: 6 });
  });

  it('never exceeds the cap under concurrent use, waiting for a file to be released', async () => {
    const s = await newStore({ maxOpen: 2, concurrency: 6 });
    const ms = Array.from({ length: 12 }, (_, i) => s.forMarket(market(i)));
    let maxSeen = 0;
    const probe = setInterval(() => (maxSeen = Math.max(maxSeen, s.openCount)), 1);
    for (const [i, m] of ms.entries()) m.appendTick(trade(i, i, 100 + i, 1));
    await Promise.all([s.flush(), ...ms.map((m) => m.loadTicksSince(0))]);
    clearInterval(probe);
    maxSeen = Math.max(maxSeen, s.openCount);
    expect(maxSeen).toBeLessThanOrEqual(2);
    for (const [i, m] of ms.entries()) expect((await m.loadTicksSince(0)).map((t) => t.id)).toEqual([String(i)]);
  });

  it('defaults to 200 open databases: the 201st symbol closes the least recently used', async () => {
    const s = await newStore();
    expect(s.config.maxOpen).toBe(200);
    const n = 205;
    for (let i = 0; i < n; i++) {
      const m = s.forMarket(market(i));
      m.appendTick(trade(i, i, 100 + i, 1));
      await m.flush();
      expect(s.openCount).toBe(Math.min(i + 1, 200));
    }
    expect(s.stats).toMatchObject({ markets: n, open: 200, opens: n, evictions: n - 200 });
    // The five evicted are the five first; their data is on disk.
    expect(s.openPaths()[0]).toBe(s.forMarket(market(5)).path);
    expect((await s.forMarket(market(0)).loadTicksSince(0)).map((t) => t.id)).toEqual(['0']);
    expect(s.openCount).toBe(200);
  }, 180_000);
});
