import { describe, expect, it } from 'vitest';
import {
  type BusMessage,
  type ExitRequested,
  ManualClock,
  type MarketSpec,
  type MessageOf,
  type PortfolioRiskConfigInput,
  type PositionClosed,
  type PositionOpened,
  type RiskState,
  RiskStateSchema,
  type SystemError,
  Topic,
  type TradesReceived,
  exitEventId,
  topicSchemas,
} from '@cascade/core';
import { type LedgerSnapshot, RiskService, type RiskServiceOptions, RiskTime } from './index.js';

const T0 = Date.UTC(2024, 2, 6, 0, 0, 5); // Wednesday 2024-03-06
const S = 1_000;
const MIN = 60_000;

const spec = (symbol: string): MarketSpec => ({ exchange: 'binance', marketType: 'spot', symbol, base: symbol.split('/')[0] as string, quote: 'USDT', pricePrecision: 4, amountPrecision: 4, takerFee: '0.001', makerFee: '0.001', minNotional: '5' });

const seqs = new Map<string, number>();
function batch(symbol: string, trades: readonly [ts: number, price: number][], seq?: number): TradesReceived {
  const n = seq ?? (seqs.get(symbol) ?? 0) + 1;
  seqs.set(symbol, Math.max(n, seqs.get(symbol) ?? 0));
  return {
    type: 'trades.received',
    eventId: `b-${symbol}-${n}`,
    tsEvent: trades[0]?.[0] ?? 0,
    tsInit: 0,
    correlationId: `b-${symbol}-${n}`,
    causationId: null,
    payload: { market: spec(symbol), seq: n, source: 'replay', trades: trades.map(([ts, price], i) => ({ id: `${symbol}:${ts}:${price}:${i}`, ts, price, amount: 1, side: 'sell' as const, sideInferred: false })) },
  };
}

function opened(id: string, symbol: string, entryPrice: string, amount: string, openedAt: number): PositionOpened {
  return { type: 'position.opened', eventId: `o-${id}`, tsEvent: openedAt, tsInit: 0, correlationId: id, causationId: null, payload: { positionId: id, symbol, exchange: 'binance', side: 'long', entryPrice, amount, openedAt, trailingStopPct: 0.005, initialStopPrice: null, maxHoldMs: 1_800_000 } };
}

function closed(id: string, symbol: string, closedAt: number, pnl: string): PositionClosed {
  return { type: 'position.closed', eventId: `c-${id}`, tsEvent: closedAt, tsInit: 0, correlationId: id, causationId: null, payload: { positionId: id, symbol, exchange: 'binance', side: 'long', entryPrice: '100', exitPrice: '50', amount: '10', fees: '0', pnl, pnlPct: -50, reason: 'risk', openedAt: T0, closedAt } };
}

interface Sent {
  topic: Topic;
  message: BusMessage;
}

/** Ports that record: every message is checked against its topic's schema, as BusPublisher does. */
function harness(opts: Partial<RiskServiceOptions> & { config?: PortfolioRiskConfigInput; ledger?: () => LedgerSnapshot; wall?: number } = {}) {
  const clock = new ManualClock(opts.wall ?? T0);
  const sent: Sent[] = [];
  const writes: { at: number; state: RiskState }[] = [];
  const deferred: { fn: () => void; ms: number }[] = [];
  const monitor = { tightened: [] as [string[], number][], forgotten: [] as string[] };
  const reads: (string | null)[] = [];
  const ledgerFn = opts.ledger;
  const svc = new RiskService(
    {
      publish: async <T extends Topic>(topic: T, message: MessageOf<T>) => {
        topicSchemas[topic].parse(message);
        sent.push({ topic, message });
      },
      writeState: async (s) => {
        writes.push({ at: clock.now(), state: RiskStateSchema.parse(JSON.parse(JSON.stringify(s))) });
      },
      clock,
      ...(ledgerFn ? { ledger: { read: async (day: string | null) => (reads.push(day), ledgerFn()) } } : {}),
      schedule: (fn, ms) => {
        const d = { fn, ms };
        deferred.push(d);
        return () => deferred.splice(deferred.indexOf(d), 1);
      },
      log: () => undefined,
    },
    {
      startingEquity: opts.startingEquity ?? '1000',
      time: opts.time ?? RiskTime.Wall,
      autoTick: false,
      config: opts.config ?? { healthScore: { enabled: false } },
      ...(opts.settleWrites ? { settleWrites: true } : {}),
      monitor: {
        tighten: (ids, pct) => {
          monitor.tightened.push([[...ids], pct]);
          return [...ids];
        },
        forget: (id) => {
          monitor.forgotten.push(id);
        },
      },
    },
  );
  const exits = () => sent.filter((s) => s.topic === Topic.ExitsRequested).map((s) => s.message as ExitRequested);
  const errors = () => sent.filter((s) => s.message.type === 'system.error').map((s) => s.message as SystemError);
  return { svc, clock, sent, writes, deferred, monitor, exits, errors, reads };
}

describe('RiskService: the circuit breaker end to end (actions → effects)', () => {
  it('a 6 % paper drawdown closes the position through exits.requested, alerts critically, and writes the tripped breaker', async () => {
    const h = harness();
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0));
    await h.svc.tick(T0 + S); // equity 1000: the day's start
    expect(h.sent).toEqual([]);

    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 2 * S, 94]]));
    h.clock.set(T0 + 3 * S);
    await h.svc.tick(T0 + 3 * S);
    // Unrealized (94 − 100) × 10 = −60 → equity 940 → drawdown 60 / 1000 = 6 % ≥ 5 %: breaker.
    expect(h.svc.equity().toFixed()).toBe('940');

    const [exit] = h.exits();
    expect(h.exits()).toHaveLength(1);
    expect(exit).toMatchObject({
      eventId: exitEventId('p1'), // the monitor's id: one closing order whoever asks
      correlationId: 'p1',
      payload: { positionId: 'p1', symbol: 'SOL/USDT', reason: 'risk', trigger: { price: 94, ts: T0 + 2 * S }, fillReference: null, values: { riskReason: 'circuit_breaker', riskEvent: 'risk.circuit_breaker_triggered', drawdownPct: 0.06 } },
    });
    expect(exit?.payload.detail).toMatch(/^circuit_breaker: /);
    expect(h.monitor.forgotten).toEqual(['p1']);

    // One critical alert for the breaker (the close is part of it, not a second email).
    expect(h.errors().map((e) => [e.payload.component, e.payload.critical])).toEqual([['risk.circuit_breaker_triggered', true]]);

    const last = h.writes.at(-1)?.state;
    expect(last?.breaker).toMatchObject({ tripped: true, trippedAt: T0 + 3 * S, drawdownPct: 0.06, resetsAt: Date.UTC(2024, 2, 7) });
    expect(last?.entries).toMatchObject({ blocked: true, reason: 'circuit_breaker', reasons: ['circuit_breaker', 'drawdown_critical'] });
    expect(last?.positions.closing).toEqual(['p1']);
  });

  it('a repeated close (not confirmed within closeRetryMs) re-sends the same exit event id and alerts nothing new', async () => {
    const h = harness({ config: { healthScore: { enabled: false }, closeRetryMs: 60_000 } });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0));
    await h.svc.tick(T0 + S);
    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 2 * S, 90]]));
    await h.svc.tick(T0 + 3 * S);
    const alerts = h.errors().length;
    await h.svc.tick(T0 + 3 * S + 60_000);
    expect(h.exits().map((e) => e.eventId)).toEqual([exitEventId('p1'), exitEventId('p1')]);
    expect(h.errors()).toHaveLength(alerts);
    // Confirmed: nothing more is asked for.
    await h.svc.onTradingEvent(closed('p1', 'SOL/USDT', T0 + 70_000, '-100'));
    await h.svc.tick(T0 + 3 * S + 180_000);
    expect(h.exits()).toHaveLength(2);
  });

  it('the midnight reset unblocks entries and writes it; the info-level reset is not sent as an alert', async () => {
    const h = harness();
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0));
    await h.svc.tick(T0 + S);
    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 2 * S, 94]]));
    h.clock.set(T0 + 3 * S);
    await h.svc.tick(T0 + 3 * S);
    const alerts = h.errors().length;
    const midnight = Date.UTC(2024, 2, 7);
    h.clock.set(midnight);
    await h.svc.tick(midnight);
    expect(h.writes.at(-1)?.state.entries).toMatchObject({ blocked: false, reasons: [] });
    expect(h.writes.at(-1)?.state.breaker.tripped).toBe(false);
    expect(h.errors()).toHaveLength(alerts);
  });
});

describe('RiskService: leader dump from the trade stream', () => {
  it('builds 1m candles from trades, and a BTC drop of 1.5 % in 5 min closes a correlated SOL long via exits.requested', async () => {
    const h = harness({ config: { healthScore: { enabled: false }, dumpDetection: { enabled: false }, correlationExit: { windowMinutes: 60, minSamples: 8 } } });
    await h.svc.begin();
    const T = Date.UTC(2024, 2, 6, 10, 0);
    // One trade a minute; each closes the previous minute's candle. Log returns (× 0.001):
    // BTC y = 1,−1,1,−1,1,−1,2,−2 and SOL x = 1.5·y → correlation 1 over 8 aligned returns.
    const y = [1, -1, 1, -1, 1, -1, 2, -2];
    let btc = 100;
    let sol = 20;
    const btcPx = [btc];
    const solPx = [sol];
    for (const r of y) {
      btcPx.push((btc *= Math.exp(r / 1000)));
      solPx.push((sol *= Math.exp((1.5 * r) / 1000)));
    }
    for (let i = 0; i <= y.length + 1; i++) {
      const k = Math.min(i, y.length);
      await h.svc.onBatch(batch('BTC/USDT', [[T + i * MIN + 1_000, btcPx[k] as number]]));
      await h.svc.onBatch(batch('SOL/USDT', [[T + i * MIN + 2_000, solPx[k] as number]]));
    }
    expect(h.svc.manager.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(1, 6);
    await h.svc.onTradingEvent(opened('sol', 'SOL/USDT', '20', '5', T + 10 * MIN));
    const t = T + 11 * MIN;
    await h.svc.onBatch(batch('BTC/USDT', [[t, 100], [t + 2 * MIN, 99]]));
    expect(h.exits()).toEqual([]);
    // 98.5 is 1.5 % under the 5-minute high 100.
    await h.svc.onBatch(batch('BTC/USDT', [[t + 4 * MIN, 98.5]]));
    expect(h.exits().map((e) => [e.payload.positionId, e.payload.reason, e.payload.values.riskReason, e.payload.values.leader])).toEqual([['sol', 'risk', 'correlated_dump', 'BTC/USDT']]);
    expect(h.exits()[0]?.payload.trigger.price).toBeCloseTo(solPx[y.length] as number, 12); // SOL's last trade
    expect(h.errors().map((e) => [e.payload.component, e.payload.critical])).toEqual([['risk.correlated_dump_detected', true]]);
    expect(h.monitor.forgotten).toEqual(['sol']);
  });
});

describe('RiskService: risk_state/current writes', () => {
  it('writes a change at once, a second change within the second is deferred to the 1-s mark, unchanged figures every refreshMs', async () => {
    const h = harness({ refreshMs: 10_000 });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.tick(T0); // first state: written
    expect(h.writes.map((w) => w.at)).toEqual([T0]);
    h.clock.set(T0 + 400);
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0)); // open count 0 → 1: a change
    expect(h.writes).toHaveLength(1); // 400 ms after the last write: deferred
    expect(h.deferred.map((d) => d.ms)).toEqual([600]);
    h.clock.set(T0 + 1_000);
    h.deferred[0]?.fn();
    await Promise.resolve();
    expect(h.writes.map((w) => [w.at, w.state.positions.open])).toEqual([
      [T0, 0],
      [T0 + 1_000, 1],
    ]);
    // Nothing decided changes for 9 s: no write; at 10 s the figures are refreshed.
    for (let t = 2; t <= 10; t++) {
      h.clock.set(T0 + t * S);
      await h.svc.tick(T0 + t * S);
    }
    expect(h.writes.map((w) => w.at)).toEqual([T0, T0 + 1_000]);
    h.clock.set(T0 + 11 * S);
    await h.svc.tick(T0 + 11 * S);
    expect(h.writes.map((w) => w.at)).toEqual([T0, T0 + 1_000, T0 + 11 * S]);
  });
});

describe('RiskService in a replay (settleWrites): what a close or a batch changed is written before it returns', () => {
  it('a change within the throttle second is written at once, not deferred, and closeApplied resolves with the close', async () => {
    const h = harness({ settleWrites: true, time: RiskTime.Tape });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]])); // first state: written by the batch
    expect(h.writes.map((w) => w.state.positions.open)).toEqual([0]);
    h.clock.set(T0 + 400); // wall ms: live would defer the next change to T0 + 1 000
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0));
    expect(h.writes.map((w) => [w.at, w.state.positions.open])).toEqual([
      [T0, 0],
      [T0 + 400, 1],
    ]);
    expect(h.deferred).toEqual([]);
    const waiting = h.svc.closeApplied('p1', 60_000);
    let settled: boolean | null = null;
    void waiting.then((v) => (settled = v));
    await Promise.resolve();
    expect(settled).toBe(null); // not closed yet
    h.clock.set(T0 + 500);
    await h.svc.onTradingEvent(closed('p1', 'SOL/USDT', T0 + 500, '0'));
    expect(await waiting).toBe(true);
    expect(h.writes.at(-1)).toMatchObject({ at: T0 + 500, state: { positions: { open: 0 } } });
    // Asked after the close was applied: at once.
    expect(await h.svc.closeApplied('p1', 1)).toBe(true);
  });

  it('openApplied resolves once the position.opened is tracked (and written), false when none arrives in time', async () => {
    const h = harness({ settleWrites: true, time: RiskTime.Tape });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    const waiting = h.svc.openApplied('p1', 60_000);
    let settled: boolean | null = null;
    void waiting.then((v) => (settled = v));
    await Promise.resolve();
    expect(settled).toBe(null); // not opened yet
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '10', T0));
    expect(await waiting).toBe(true);
    expect(h.svc.manager.openPositions).toBe(1);
    expect(h.writes.at(-1)?.state.positions.open).toBe(1);
    // Asked after the open was applied: at once.
    expect(await h.svc.openApplied('p1', 1)).toBe(true);
    expect(await h.svc.openApplied('never', 5)).toBe(false);
  });

  it('closeApplied is false when no close arrives in time', async () => {
    const h = harness({ settleWrites: true, time: RiskTime.Tape });
    await h.svc.begin();
    expect(await h.svc.closeApplied('never', 5)).toBe(false);
  });
});

describe('RiskService: trails and the health score', () => {
  // P&L-only weights: score = 100 × (u / equity + 5 %) / 10 %.
  const cfg: PortfolioRiskConfigInput = { healthScore: { weights: { unrealizedPnl: 1, positionQuality: 0, concentrationRisk: 0, holdTimeDistribution: 0, marketConditions: 0 } }, dumpDetection: { enabled: false } };

  it('health < 70 blocks entries (state written), < 50 tightens the monitor’s trails to 0.3 %', async () => {
    const h = harness({ config: cfg, startingEquity: '100000' });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '120', T0));
    // u = 0 → score 50: caution (not < 50).
    h.clock.set(T0 + S);
    await h.svc.tick(T0 + S);
    expect(h.writes.at(-1)?.state.entries).toMatchObject({ blocked: true, reason: 'health_caution' });
    expect(h.monitor.tightened).toEqual([]);
    // SOL 90: u = (90 − 100) × 120 = −1,200; equity 98,800; u / equity = −1.2146 % → score 37.85: warning.
    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 5 * S, 90]]));
    h.clock.set(T0 + 11 * S);
    await h.svc.tick(T0 + 11 * S);
    expect(h.svc.manager.healthScore?.score).toBeCloseTo(100 * (-1200 / 98800 + 0.05) / 0.1, 9);
    expect(h.monitor.tightened).toEqual([[['p1'], 0.003]]);
    expect(h.errors().map((e) => [e.payload.component, e.payload.critical])).toEqual([
      ['risk.health_degraded', false],
      ['risk.health_degraded', false],
    ]);
  });
});

describe('RiskService: paper equity from the ledger', () => {
  const D5 = '2024-03-05';
  const D6 = '2024-03-06';

  it('starting equity + every day’s realized P&L; a close re-reads its day, and a redelivered close changes nothing', async () => {
    let ledger: LedgerSnapshot = { realized: { [D5]: '-100' }, open: [{ positionId: 'p1', symbol: 'SOL/USDT', marketType: 'spot', strategy: 'orderflow_scalp', side: 'long', entryPrice: '100', amount: '10', openedAt: T0 }] };
    const h = harness({ startingEquity: '10000', ledger: () => ledger });
    await h.svc.begin();
    expect(h.reads).toEqual([null]); // every day at start
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]]));
    await h.svc.tick(T0 + S);
    // 10,000 − 100 + (100 − 100) × 10 = 9,900: the day's start.
    expect(h.svc.equity().toFixed()).toBe('9900');
    expect(h.writes.at(-1)?.state.drawdown).toMatchObject({ day: D6, dayStartEquity: '9900', level: 'normal' });

    // p1 closes at 50: the ledger now holds −500 for the day and no open position.
    ledger = { realized: { [D6]: '-500' }, open: [] };
    h.clock.set(T0 + 5 * S);
    await h.svc.onTradingEvent(closed('p1', 'SOL/USDT', T0 + 4 * S, '-500'));
    expect(h.reads).toEqual([null, D6]);
    // 10,000 − 100 − 500 = 9,400: 500 / 9,900 = 5.05 % ≥ 5 %.
    expect(h.svc.equity().toFixed()).toBe('9400');
    expect(h.svc.state().breaker.tripped).toBe(true);

    await h.svc.onTradingEvent(closed('p1', 'SOL/USDT', T0 + 4 * S, '-500'));
    expect(h.svc.equity().toFixed()).toBe('9400');
  });
});

describe('RiskService: tape time (replays)', () => {
  async function replay(wallStart: number) {
    const h = harness({ time: RiskTime.Tape, wall: wallStart, config: { healthScore: { enabled: false }, dumpDetection: { enabled: false } } });
    await h.svc.begin();
    await h.svc.onBatch(batch('SOL/USDT', [[T0, 100]], 1));
    await h.svc.onTradingEvent(opened('p1', 'SOL/USDT', '100', '1', T0));
    // 30 min of quiet tape, then one trade: the scalp's 30-min max hold is passed in tape time.
    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 30 * MIN + 1_500, 100.5]], 2));
    await h.svc.onBatch(batch('SOL/USDT', [[T0 + 30 * MIN + 1_500, 100.5]], 2)); // redelivered: skipped
    return h;
  }

  it('ticks on tape seconds: max hold closes at tape time whatever the wall clock, the same at any replay speed', async () => {
    const a = await replay(Date.UTC(2030, 0, 1));
    const b = await replay(Date.UTC(2031, 5, 1));
    const strip = (s: { topic: Topic; message: BusMessage }) => ({ ...s, message: { ...s.message, tsInit: 0 } });
    expect(a.sent.map(strip)).toEqual(b.sent.map(strip));
    const [exit] = a.exits();
    expect(a.exits()).toHaveLength(1);
    // The tick at the tape second T0 + 30 min + 1 s (the trade's own second) is the first past T0 + 30 min.
    expect(exit?.tsEvent).toBe(T0 + 30 * MIN + 1_000);
    expect(exit?.payload.values).toMatchObject({ riskReason: 'max_hold', maxHoldMs: 1_800_000 });
    // Max hold is routine: a warning, not a critical alert.
    expect(a.errors().map((e) => [e.payload.component, e.payload.critical])).toEqual([['risk.max_hold_exceeded', false]]);
  });
});
