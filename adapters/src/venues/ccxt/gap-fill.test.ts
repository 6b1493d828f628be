import ccxt from 'ccxt';
import type { Trade as CcxtTrade } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClockSleeper, FaultKind, ManualClock, RetryPolicySchema, SeededRandom, classifyFault } from '@cascade/core';
import { type FakeBinance, startFakeBinance } from '../../../../test/fakes/binance/index.js';
import { type GapFillConfig, type TradeCursor, type TradeHistory, GapFillConfigSchema, GapOutcome, binanceRecentTrades, binanceSpotHistory, compareIntegerIds, fillGap, isNextId, tradeHistoryFor, gapEnd } from './gap-fill.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

/** Venue trade `id` at T0 + (id − 100) s: ids 100…110 span ten seconds. */
function trade(id: number): CcxtTrade {
  return { id: String(id), timestamp: T0 + (id - 100) * 1_000, price: 100, amount: 1, side: 'buy' } as CcxtTrade;
}
const cursor = (id: number): TradeCursor => ({ id: String(id), ts: T0 + (id - 100) * 1_000 });

/** An in-memory history of ids `lo…hi`, recording the cursor of every request. */
function memoryHistory(lo: number, hi: number, pageLimit: number) {
  const state = { lo, hi, requests: [] as string[], fail: null as Error | null };
  const history: TradeHistory = {
    name: 'memory',
    pageLimit,
    contiguousIds: true,
    tradesFrom(_symbol, from, limit) {
      state.requests.push(from.id);
      if (state.fail) return Promise.reject(state.fail);
      const out: CcxtTrade[] = [];
      for (let id = Math.max(Number(from.id), state.lo); id <= state.hi && out.length < limit; id += 1) out.push(trade(id));
      return Promise.resolve(out);
    },
  };
  return { history, state };
}

function ports() {
  const clock = new ManualClock(T0);
  const sleeper = new ClockSleeper(clock);
  return { clock, sleeper, ports: { clock, sleeper, random: new SeededRandom(1) } };
}

async function run(h: TradeHistory, from: number, until: number, config: Partial<GapFillConfig> = {}, p = ports()) {
  const handed: string[] = [];
  const report = await fillGap({
    symbol: 'BTC/USDT', from: cursor(from), until: cursor(until), history: h, ports: p.ports,
    config: { ...GapFillConfigSchema.parse({}), ...config },
    onTrade: async (t) => {
      handed.push(t.id ?? '?');
    },
  });
  return { handed, report, waits: p.sleeper.waits };
}

describe('fillGap', () => {
  it('hands over exactly the trades between the last delivered and the stream trade, pages overlapping by one', async () => {
    // History 100…110, pages of 4, last delivered 101, stream resumed at 108:
    //   page from 101 → [101 102 103 104] hands 102 103 104
    //   page from 104 → [104 105 106 107] hands 105 106 107
    //   page from 107 → [107 108 …]       108 is the stream's trade: done.
    const { history, state } = memoryHistory(100, 110, 4);
    const { handed, report } = await run(history, 101, 108);
    expect(handed).toEqual(['102', '103', '104', '105', '106', '107']);
    expect(state.requests).toEqual(['101', '104', '107']);
    expect(report).toMatchObject({ outcome: GapOutcome.Filled, handed: 6, pages: 3, reached: cursor(107), detail: '' });
  });

  it('stops at maxTrades and says where', async () => {
    const { history } = memoryHistory(100, 110, 4);
    const { handed, report } = await run(history, 101, 108, { maxTrades: 4 });
    expect(handed).toEqual(['102', '103', '104', '105']);
    expect(report).toMatchObject({ outcome: GapOutcome.Limited, handed: 4, reached: cursor(105) });
    expect(report.detail).toContain('4 trades');
  });

  it('stops at maxGapMs after the last trade delivered', async () => {
    // from 101 at T0+1 s; limit 3 s → trades up to T0+4 s (id 104); 105 at T0+5 s is beyond.
    const { history } = memoryHistory(100, 110, 1000);
    const { handed, report } = await run(history, 101, 108, { maxGapMs: 3_000 });
    expect(handed).toEqual(['102', '103', '104']);
    expect(report).toMatchObject({ outcome: GapOutcome.Limited, reached: cursor(104) });
  });

  it('refuses a page that does not contain the cursor: nothing it cannot place is handed over', async () => {
    // The venue has forgotten everything before 105 (or numbers its REST trades differently).
    const { history } = memoryHistory(105, 110, 1000);
    const { handed, report } = await run(history, 101, 108);
    expect(handed).toEqual([]);
    expect(report.outcome).toBe(GapOutcome.Broken);
    expect(report.detail).toBe('memory answered from trade 105, not from 101');
  });

  it('waits for a history that trails the stream, then continues', async () => {
    // Visible up to 104 at first; after one wait of catchUpDelayMs the rest is there.
    const { history, state } = memoryHistory(100, 104, 4);
    const p = ports();
    const sleep = p.sleeper.sleep.bind(p.sleeper);
    p.sleeper.sleep = (ms) => {
      state.hi = 110;
      return sleep(ms);
    };
    const { handed, report, waits } = await run(history, 101, 108, { catchUpDelayMs: 1_000 }, p);
    expect(handed).toEqual(['102', '103', '104', '105', '106', '107']);
    expect(waits).toEqual([1_000]);
    // 101 → hands 102…104; 104 → [104] nothing new, wait; 104 → hands 105…107; 107 → reaches 108.
    expect(state.requests).toEqual(['101', '104', '104', '107']);
    expect(report.outcome).toBe(GapOutcome.Filled);
  });

  it('gives up on a history that never catches up after catchUpAttempts waits', async () => {
    const { history } = memoryHistory(100, 104, 1000);
    const { handed, report, waits } = await run(history, 101, 108, { catchUpAttempts: 2, catchUpDelayMs: 500 });
    expect(handed).toEqual(['102', '103', '104']);
    expect(waits).toEqual([500, 500]);
    expect(report).toMatchObject({ outcome: GapOutcome.Failed, detail: 'memory ends at trade 104, before the stream\'s 108' });
  });

  it('retries transient REST faults with the policy (seeded jitter), then leaves the gap open', async () => {
    const { history, state } = memoryHistory(100, 110, 1000);
    state.fail = new ccxt.NetworkError('ECONNRESET');
    // Park–Miller seed 1: d1 = 16807/2147483647 = 0.0000078…, d2 = 282475249/2147483647 = 0.1315377…
    // ceilings 1000, 2000 → waits floor(0.0000078·1000) = 0, floor(0.1315377·2000) = 263; 3 attempts.
    const retry = RetryPolicySchema.parse({ maxAttempts: 3 });
    const { handed, report, waits } = await run(history, 101, 108, { retry });
    expect(state.requests).toEqual(['101', '101', '101']);
    expect(waits).toEqual([0, 263]);
    expect(handed).toEqual([]);
    expect(report.outcome).toBe(GapOutcome.Failed);
    expect(report.detail).toBe('memory failed: ECONNRESET');

    const bad = memoryHistory(100, 110, 1000);
    bad.state.fail = new ccxt.BadSymbol('Invalid symbol.');
    const once = await run(bad.history, 101, 108);
    expect(bad.state.requests).toEqual(['101']);
    expect(once.waits).toEqual([]);
    expect(once.report.outcome).toBe(GapOutcome.Failed);
  });
});

describe('gapEnd', () => {
  const anchor = cursor(101);
  it('with consecutive ids: a gap is an id jump, ccxt handing back old trades is none', () => {
    expect(gapEnd([trade(100), trade(101), trade(102), trade(103)], anchor, true)).toBeNull();
    expect(gapEnd([trade(101), trade(105), trade(106)], anchor, true)).toEqual(cursor(106));
    expect(gapEnd([trade(102), trade(104)], anchor, true)).toEqual(cursor(104));
    expect(gapEnd([trade(100), trade(101)], anchor, true)).toBeNull();
  });
  it('without: anything newer than the anchor may follow a gap', () => {
    expect(gapEnd([trade(101), trade(102)], anchor, false)).toEqual(cursor(102));
    expect(gapEnd([trade(99), trade(101)], anchor, false)).toBeNull();
  });
});

describe('id arithmetic', () => {
  it('compares integer ids as numbers, exactly past 2^53', () => {
    expect(compareIntegerIds('999', '1000')).toBe(-1);
    expect(compareIntegerIds('0042', '42')).toBe(0);
    expect(compareIntegerIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareIntegerIds('a1', '2')).toBeNull();
    expect(isNextId('9007199254740993', '9007199254740994')).toBe(true);
    expect(isNextId('41', '43')).toBe(false);
    expect(isNextId('x', 'y')).toBe(false);
  });
});

describe('binanceSpotHistory through the real ccxt binance, against the local fake', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(async () => {
    await fake.close();
  });

  async function binance() {
    const ex = new ccxt.pro.binance({ urls: fake.ccxtUrls, timeout: 5_000, options: { fetchMarkets: { types: ['spot'] } } });
    await ex.loadHttpProxyAgent();
    await ex.loadMarkets();
    return ex;
  }

  it('asks historicalTrades from the cursor (inclusive) and keeps the venue order across 999 → 1000', async () => {
    const t = (id: number, buyerIsMaker: boolean) => ({ symbol: 'BTCUSDT', id, price: '87000.10', qty: '0.25', time: T0 + 7, buyerIsMaker });
    for (const x of [t(998, false), t(999, true), t(1000, false), t(1001, true)]) fake.recordTrade(x);
    const ex = await binance();
    try {
      const h = tradeHistoryFor(ex, 'BTC/USDT');
      expect('none' in h).toBe(false);
      const page = await binanceSpotHistory(ex).tradesFrom('BTC/USDT', { id: '999', ts: T0 + 7 }, 1000);
      // Same millisecond: ccxt's parseTrades would sort '1000' before '999' (text order).
      expect(page.map((x) => [x.id, x.timestamp, x.price, x.amount, x.side])).toEqual([
        ['999', T0 + 7, 87000.1, 0.25, 'sell'], // buyer is maker → the aggressor sold
        ['1000', T0 + 7, 87000.1, 0.25, 'buy'],
        ['1001', T0 + 7, 87000.1, 0.25, 'sell'],
      ]);
      expect(fake.requestLines.filter((r) => r.includes('historicalTrades'))).toEqual(['GET /api/v3/historicalTrades?symbol=BTCUSDT&fromId=999&limit=1000']);
      expect(fake.unhandled).toEqual([]);

      fake.failTradeHistory({ status: 429, code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' });
      const failed = await binanceSpotHistory(ex).tradesFrom('BTC/USDT', { id: '999', ts: T0 + 7 }, 1000).catch((e: unknown) => e);
      // ccxt binance maps HTTP 429 to DDoSProtection: a rate-limit fault, retried by fillGap.
      expect(failed).toBeInstanceOf(ccxt.DDoSProtection);
      expect(classifyFault(failed)).toMatchObject({ kind: FaultKind.RateLimited, retryable: true });
    } finally {
      fake.failTradeHistory(null);
      await ex.close();
    }
  });

  it('closes a short gap from the recent-trades list, and refuses one the list no longer reaches', async () => {
    // ETHUSDT ids 1…1200 at T0 + id ms; the list serves the newest 1000: 201…1200.
    for (let id = 1; id <= 1200; id += 1) fake.recordTrade({ symbol: 'ETHUSDT', id, price: '2950.10', qty: '0.5', time: T0 + id, buyerIsMaker: false });
    const ex = await binance();
    try {
      const history = binanceRecentTrades(ex, 'publicGetTrades');
      const fill = async (from: number, until: number) => {
        const handed: string[] = [];
        const report = await fillGap({
          symbol: 'ETH/USDT', from: { id: String(from), ts: T0 + from }, until: { id: String(until), ts: T0 + until }, history, ports: ports().ports,
          config: GapFillConfigSchema.parse({ catchUpAttempts: 0 }),
          onTrade: async (t) => {
            handed.push(t.id ?? '?');
          },
        });
        return { handed, report };
      };
      const ok = await fill(500, 1200);
      expect(ok.report).toMatchObject({ outcome: GapOutcome.Filled, handed: 699, pages: 1 });
      expect(ok.handed[0]).toBe('501');
      expect(ok.handed[698]).toBe('1199');
      const tooOld = await fill(100, 1200);
      expect(tooOld.handed).toEqual([]);
      expect(tooOld.report).toMatchObject({ outcome: GapOutcome.Broken, detail: 'binance publicGetTrades answered from trade 201, not from 100' });
      expect(fake.requestLines.filter((r) => r.startsWith('GET /api/v3/trades'))).toEqual(['GET /api/v3/trades?symbol=ETHUSDT&limit=1000', 'GET /api/v3/trades?symbol=ETHUSDT&limit=1000']);
    } finally {
      await ex.close();
    }
  });
});
