import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BusPublisher } from '@cascade/adapters/pubsub';
import { type BusMessage, type Trade, type TradesReceived, ManualClock, SeededRandom, SystemError, Topic, classifyFault } from '@cascade/core';
import { type FakeBinance, type FakeTrade, startFakeBinance } from '../../../test/fakes/binance/index.js';
import { type GapFillReport, GapOutcome, binanceSpotHistory, ccxtTradeFeed, openCcxtProExchange } from '@cascade/adapters/venues/ccxt';
import { type LiveStreamsOptions, runLiveStreams, streamLive } from './live.js';
import { type DataConnectionAlert, DataAlertKind, StreamHealth, StreamHealthConfigSchema } from './stream-health.js';

// The venue as the tests define it: every expected value below derives from these literals.
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(async () => {
  await fake.close();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  fake.refuseConnections(false);
  fake.failTradeHistory(null);
});

function binanceAtFake(options: Record<string, unknown> = {}) {
  return openCcxtProExchange({ exchange: 'binance', urls: fake.ccxtUrls, timeoutMs: 5_000, options: { fetchMarkets: { types: ['spot'] }, ...options } });
}
type Exchange = Awaited<ReturnType<typeof binanceAtFake>>;

interface Run {
  readonly trades: Trade[];
  readonly errors: { error: unknown; retryInMs: number }[];
  readonly alerts: DataConnectionAlert[];
  readonly fills: { report: GapFillReport; published: number }[];
  readonly done: Promise<void>;
}

function run(exchange: Exchange, extra: Partial<LiveStreamsOptions> = {}): Run {
  const ctl = new AbortController();
  const r: Run = { trades: [], errors: [], alerts: [], fills: [], done: Promise.resolve() };
  const done = runLiveStreams({
    feed: ccxtTradeFeed(exchange),
    symbols: ['BTC/USDT'],
    signal: ctl.signal,
    backoff: { initialMs: 20, maxMs: 200 },
    sink: async (_m, t) => {
      r.trades.push(t);
    },
    onError: (_s, error, retryInMs) => r.errors.push({ error, retryInMs }),
    onAlert: (a) => r.alerts.push(a),
    onGapFill: (_m, report, published) => r.fills.push({ report, published }),
    ...extra,
  });
  cleanups.push(async () => {
    ctl.abort();
    await done.catch(() => undefined);
    await vi.waitFor(() => expect(fake.openConnections).toBe(0));
  });
  return { ...r, done };
}

/** Trade `n` of a test's tape: id base+n, one second apart, sides alternating. */
const tape = (base: number) => (n: number): FakeTrade => ({ symbol: 'BTCUSDT', id: base + n, price: (87_000 + n / 100).toFixed(2), qty: '0.01', time: T0 + base + n * 1_000, buyerIsMaker: n % 2 === 0 });

/** What the streamer must publish for a trade of the fake. */
const expected = (t: FakeTrade): Trade => ({ id: String(t.id), ts: t.time, price: Number(t.price), amount: Number(t.qty), side: t.buyerIsMaker ? 'sell' : 'buy', sideInferred: false });

const historyRequests = () => fake.requestLines.filter((q) => q.startsWith('GET /api/v3/historicalTrades'));

describe('runLiveStreams: reconnect with gap fill (real ccxt.pro binance against the local fake)', () => {
  // newUpdates: false makes every watchTrades resolve with ccxt's whole cache, pre-drop trades included.
  it.each([true, false])('fills the trades missed while the socket was down: every trade of the venue once, in order (newUpdates %s)', async (newUpdates) => {
    const base = newUpdates ? 10_000_000 : 10_100_000;
    const t = tape(base);
    const requestsBefore = historyRequests().length;
    const r = run(await binanceAtFake({ newUpdates }));
    await fake.untilSubscribed('btcusdt@trade');
    for (const n of [1, 2]) expect(fake.pushTrade(t(n))).toBe(1);
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));

    // The venue becomes unreachable mid-stream and trades 3, 4, 5 happen with nobody listening.
    const refused = fake.refusedConnections;
    fake.refuseConnections(true);
    expect(fake.dropConnections()).toBe(1);
    for (const n of [3, 4, 5]) expect(fake.pushTrade(t(n))).toBe(0);
    await vi.waitFor(() => expect(fake.refusedConnections).toBeGreaterThan(refused));
    fake.refuseConnections(false);
    await fake.untilSubscribed('btcusdt@trade');
    // One at a time, so the new socket's first result is exactly trade 6 (the fill's end).
    expect(fake.pushTrade(t(6))).toBe(1);
    await vi.waitFor(() => expect(r.trades).toHaveLength(6));
    expect(fake.pushTrade(t(7))).toBe(1);
    await vi.waitFor(() => expect(r.trades).toHaveLength(7));

    // Hand-checked: the venue's tape is trades 1…7 and the streamer published exactly those.
    expect(r.trades.map((x) => Number(x.id) - base)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.trades).toEqual(fake.tradesOf('BTCUSDT').filter((x) => x.id > base && x.id < base + 100).map(expected));
    // One page from the last trade delivered (2, inclusive) reached the stream's trade.
    expect(historyRequests().slice(requestsBefore)).toEqual([`GET /api/v3/historicalTrades?symbol=BTCUSDT&fromId=${base + 2}&limit=1000`]);
    expect(r.fills).toHaveLength(1);
    expect(r.fills[0]?.published).toBe(3);
    expect(r.fills[0]?.report).toMatchObject({ outcome: GapOutcome.Filled, from: { id: String(base + 2) }, handed: 3, pages: 1 });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => classifyFault(e.error).lineage.includes('NetworkError'))).toBe(true);
    expect(r.alerts).toEqual([]);
  });

  it('needs no REST when the ids after a reconnect follow on', async () => {
    const t = tape(11_000_000);
    const requestsBefore = historyRequests().length;
    const r = run(await binanceAtFake());
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));
    fake.dropConnections();
    await vi.waitFor(() => expect(r.errors).toHaveLength(1));
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(2));
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));
    expect(r.trades).toEqual([t(1), t(2)].map(expected));
    expect(historyRequests().length).toBe(requestsBefore);
    expect(r.fills).toEqual([]);
  });

  it('without consecutive ids, asks REST after every reconnect; the overlap keeps it exact', async () => {
    const t = tape(11_500_000);
    const ex = await binanceAtFake();
    const r = run(ex, { history: () => ({ ...binanceSpotHistory(ex), contiguousIds: false }) });
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));
    fake.dropConnections();
    await vi.waitFor(() => expect(r.errors).toHaveLength(1));
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(2));
    await vi.waitFor(() => expect(r.fills).toHaveLength(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));
    expect(r.trades).toEqual([t(1), t(2)].map(expected));
    // Page from 1: [1, 2]; 2 is the stream's trade, so nothing was missing.
    expect(r.fills[0]).toMatchObject({ published: 0, report: { outcome: GapOutcome.Filled, handed: 0 } });
  });

  it('raises a gap alert after a reconnect when the market has no history to fill from', async () => {
    const t = tape(11_700_000);
    const r = run(await binanceAtFake(), { history: () => ({ none: 'binance BTC/USDT: no REST history in the ids of the trade stream' }) });
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));
    const refused = fake.refusedConnections;
    fake.refuseConnections(true);
    fake.dropConnections();
    expect(fake.pushTrade(t(2))).toBe(0);
    await vi.waitFor(() => expect(fake.refusedConnections).toBeGreaterThan(refused));
    fake.refuseConnections(false);
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(3));
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));
    expect(r.trades).toEqual([t(1), t(3)].map(expected));
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ kind: DataAlertKind.GapOpen, from: { id: '11700001' }, until: { id: '11700003' }, report: null });
    expect(r.alerts[0]?.kind === DataAlertKind.GapOpen && r.alerts[0].text).toContain('no REST history in the ids of the trade stream');
  });

  it('fills an id jump on a live socket too (trades ccxt never handed over)', async () => {
    const t = tape(12_000_000);
    const r = run(await binanceAtFake());
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));
    fake.recordTrade(t(2));
    fake.recordTrade(t(3));
    fake.pushTrade(t(4));
    await vi.waitFor(() => expect(r.trades).toHaveLength(4));
    expect(r.trades).toEqual([t(1), t(2), t(3), t(4)].map(expected));
    expect(r.errors).toEqual([]);
    expect(r.fills.map((f) => f.published)).toEqual([2]);
  });

  it('publishes what the limit allows of a larger gap and raises one critical alert naming the hole', async () => {
    const t = tape(13_000_000);
    const r = run(await binanceAtFake(), { gapFill: { maxTrades: 3 } });
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));

    const refused = fake.refusedConnections;
    fake.refuseConnections(true);
    fake.dropConnections();
    for (const n of [2, 3, 4, 5, 6, 7]) expect(fake.pushTrade(t(n))).toBe(0); // six missed, limit three
    await vi.waitFor(() => expect(fake.refusedConnections).toBeGreaterThan(refused));
    fake.refuseConnections(false);
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(8));
    await vi.waitFor(() => expect(r.trades).toHaveLength(5));

    // 1 streamed; 2, 3, 4 from REST (the limit); 5, 6, 7 missing; 8 streamed. Still in order.
    expect(r.trades).toEqual([1, 2, 3, 4, 8].map((n) => expected(t(n))));
    expect(r.alerts).toHaveLength(1);
    const [alert] = r.alerts;
    expect(alert?.kind).toBe(DataAlertKind.GapOpen);
    if (alert?.kind !== DataAlertKind.GapOpen) return;
    expect(alert.from).toEqual({ id: '13000001', ts: t(1).time });
    expect(alert.until).toEqual({ id: '13000008', ts: t(8).time });
    expect(alert.report).toMatchObject({ outcome: GapOutcome.Limited, handed: 3, reached: { id: '13000004' } });
    expect(alert.text).toContain("trades after 13000004 (2026-01-01T03:36:44.000Z) up to the stream's trade 13000008");
    // t(4).time = T0 + 13_000_000 + 4_000 ms = T0 + 3 h 36 min 44 s.
  });

  it('leaves the gap open with an alert when REST keeps refusing, and streams on', async () => {
    const t = tape(14_000_000);
    const waits: number[] = [];
    const r = run(await binanceAtFake(), {
      ports: { random: new SeededRandom(1), sleeper: { sleep: (ms) => (waits.push(ms), Promise.resolve()) } },
      gapFill: { retry: { maxAttempts: 2 } },
    });
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));
    // ccxt binance makes this 429 a DDoSProtection: a rate-limit fault, retried by the fill's policy.
    fake.failTradeHistory({ status: 429, code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' });
    fake.recordTrade(t(2));
    fake.pushTrade(t(3));
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));
    expect(r.trades).toEqual([t(1), t(3)].map(expected));
    expect(r.alerts.map((a) => a.kind)).toEqual([DataAlertKind.GapOpen]);
    expect(r.fills[0]?.report.outcome).toBe(GapOutcome.Failed);
    expect(r.fills[0]?.report.detail).toContain('binance historicalTrades failed');
    // Two attempts, one jittered wait between them: ceiling 1000 ms, draw 16807/2147483647 → floor(0.0078) = 0.
    expect(waits).toEqual([0]);
  });

  it('backs off by the policy with seeded jitter, and alerts once when the outage outlasts the threshold', async () => {
    const clock = new ManualClock(T0);
    const waits: number[] = [];
    const health = new StreamHealth('binance', StreamHealthConfigSchema.parse({ connectionLostAfterMs: 5_000 }), clock);
    // The venue is unreachable until the fifth wait has been taken.
    const sleeper = {
      sleep: (ms: number) => {
        waits.push(ms);
        clock.advance(ms);
        if (waits.length === 5) fake.refuseConnections(false);
        return Promise.resolve();
      },
    };
    const t = tape(15_000_000);
    // Only the checks after failed reconnects may alert here, not the wall-clock timer.
    const r = run(await binanceAtFake(), { backoff: { initialMs: 1_000, maxMs: 30_000 }, ports: { clock, sleeper, random: new SeededRandom(1) }, health, healthCheckEveryMs: 3_600_000 });
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(r.trades).toHaveLength(1));

    fake.refuseConnections(true);
    fake.dropConnections();
    await vi.waitFor(() => expect(waits).toHaveLength(5));
    await fake.untilSubscribed('btcusdt@trade');
    fake.pushTrade(t(2));
    await vi.waitFor(() => expect(r.trades).toHaveLength(2));

    // Park–Miller seed 1 draws: 16807/M = 0.0000078, 282475249/M = 0.1315378, 1622650073/M = 0.7556053,
    // 984943658/M = 0.4586501, 1144108930/M = 0.5327672 (M = 2^31 − 1). Ceilings min(30000, 1000·2^(n−1)):
    // 1000, 2000, 4000, 8000, 16000 → floor(d·c) = 0, 263, 3022, 3669, 8524.
    expect(waits).toEqual([0, 263, 3022, 3669, 8524]);
    expect(r.errors.map((e) => e.retryInMs)).toEqual([0, 263, 3022, 3669, 8524]);
    // Failures at +0 (the drop), +0, +263, +3285, +6954 ms: the fifth is past 5 s → one alert; none after.
    expect(r.alerts).toEqual([
      { kind: DataAlertKind.ConnectionLost, exchange: 'binance', symbol: 'BTC/USDT', since: T0, at: T0 + 6_954, failures: 5, lastError: expect.stringContaining('NetworkError') as string },
    ]);
    expect(health.snapshot().symbols[0]).toMatchObject({ state: 'live', reconnects: 1, failures: 5, disconnectedSince: null, lastTradeTs: t(2).time });
  });
});

/** A BusPublisher that keeps what it is given. */
function memoryBus() {
  const sent: { topic: string; message: BusMessage; orderingKey: string | undefined }[] = [];
  const bus = {
    publish: (topic: string, message: BusMessage, orderingKey?: string) => {
      sent.push({ topic, message, orderingKey });
      return Promise.resolve();
    },
    resumeOrdering: () => undefined,
    flush: () => Promise.resolve(),
  };
  return { sent, bus: bus as unknown as BusPublisher };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

describe('streamLive', () => {
  it('publishes gap-filled batches and a critical system.error, and reports stream health on /status', async () => {
    const t = tape(16_000_000);
    const { sent, bus } = memoryBus();
    const port = await freePort();
    const ctl = new AbortController();
    const done = streamLive({
      bus, exchange: 'binance', symbols: ['BTC/USDT'], port, urls: fake.ccxtUrls, options: { fetchMarkets: { types: ['spot'] } }, signal: ctl.signal, gapFill: { maxTrades: 1 },
    });
    cleanups.push(async () => {
      ctl.abort();
      await done;
    });
    await fake.untilSubscribed('btcusdt@trade');
    const batches = () => sent.filter((s) => s.topic === Topic.MarketTrades).flatMap((s) => (s.message as TradesReceived).payload.trades.map((x) => x.id));
    fake.pushTrade(t(1));
    await vi.waitFor(() => expect(batches()).toEqual(['16000001']));
    fake.recordTrade(t(2));
    fake.recordTrade(t(3));
    fake.pushTrade(t(4));
    await vi.waitFor(() => expect(batches()).toEqual(['16000001', '16000002', '16000004']));

    const events = sent.filter((s) => s.topic === Topic.TradingEvents);
    expect(events).toHaveLength(1);
    const ev = SystemError.parse(events[0]?.message);
    expect(ev.payload).toMatchObject({ component: 'data_connection', critical: true });
    expect(ev.payload.error).toContain("binance BTC/USDT: gap in trades not filled: trades after 16000002");
    expect(events[0]?.orderingKey).toBeUndefined();

    const status = (await (await fetch(`http://127.0.0.1:${port}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ state: 'running', published: 3, alerts: 1 });
    expect(status['streams']).toMatchObject({
      connectionLostAfterMs: 30_000,
      symbols: [{ symbol: 'BTC/USDT', state: 'live', lastTradeTs: t(4).time, reconnects: 0, failures: 0, gapFilledTrades: 1, gapsOpen: 1, disconnectedSince: null }],
    });
  });
});
