import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../model/trade.js';
import { TradeWindow } from '../trade-window.js';
import { type FlowWindowRole, allFlowWindowRoles } from './order-flow-snapshot.js';
import { OrderFlowEvent, OrderFlowState } from './order-flow-state.js';

/*
 * Every measure against a brute-force oracle that recomputes it from the list of trades by its
 * definition (filter the window, sum). Amounts are k/1024 (k ≤ 2^20) and streams hold ≤ 400 trades,
 * so every sum is a multiple of 2^-10 below 2^19 and exact in any order: the incremental state and
 * the oracle must then agree exactly (toBe), including the strict "> 10×" and "< 50 %" comparisons.
 */
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const M = 60_000;
const windowMs: Record<FlowWindowRole, number> = { exit: 15_000, primary: 30_000, '1m': M, '5m': 5 * M, '15m': 15 * M };

const row = fc.record({
  dt: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 5_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 240_000 }) }),
  k: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 20 })),
  buy: fc.boolean(),
});

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

describe('OrderFlowState against a brute-force oracle (property)', () => {
  it('agrees on every window, CVD, large trades, exhaustion and volume spike', () => {
    const seen = { large: 0, exhausted: 0, notExhausted: 0, spike: 0, noSpike: 0 };
    fc.assert(
      fc.property(fc.array(row, { minLength: 30, maxLength: 400 }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 600_000 })), fc.integer({ min: 0, max: 59_999 }), (rows, readLater, offset) => {
        // A small shared buffer and rebuild period: growth and rebuilds on every run.
        const s = new OrderFlowState({ volumeSpike: { periods: 5 }, rebuildEvery: 7 }, { window: new TradeWindow(15 * M, 2) });
        const trades: Trade[] = [];
        const flagged: boolean[] = [];
        let ts = T0 + offset;
        rows.forEach((r, i) => {
          ts += r.dt;
          const t: Trade = { id: String(i), ts, price: 100, amount: r.k / 1024, side: r.buy ? 'buy' : 'sell', sideInferred: false };
          trades.push(t);
          flagged.push((s.onTrade(t) & OrderFlowEvent.LargeTrade) !== 0);
        });
        // Large: amount > 10 × mean of the trades already in (ts − 5 min, ts], once there are ≥ 5 of them.
        trades.forEach((t, i) => {
          const prior = trades.slice(0, i).filter((p) => p.ts > t.ts - 5 * M);
          const expected = prior.length >= 5 && t.amount > (10 * sum(prior.map((p) => p.amount))) / prior.length;
          expect(flagged[i]).toBe(expected);
          if (expected) seen.large += 1;
        });
        const at = ts + readLater;
        const snap = s.snapshot(at);
        const inWin = (ms: number) => trades.map((t, i) => ({ t, large: flagged[i] as boolean })).filter((x) => x.t.ts > at - ms);
        const vol = (xs: ReturnType<typeof inWin>, side?: 'buy' | 'sell') => sum(xs.filter((x) => side === undefined || x.t.side === side).map((x) => x.t.amount));
        for (const role of allFlowWindowRoles) {
          const xs = inWin(windowMs[role]);
          const buy = vol(xs, 'buy');
          const sell = vol(xs, 'sell');
          expect(snap.imbalance[role]).toEqual({
            windowMs: windowMs[role],
            buyVolume: buy,
            sellVolume: sell,
            trades: xs.length,
            ratio: sell > 0 ? buy / sell : null,
            buyTrades: xs.filter((x) => x.t.side === 'buy').length,
            sellTrades: xs.filter((x) => x.t.side === 'sell').length,
            delta: buy - sell,
            largeBuyTrades: xs.filter((x) => x.large && x.t.side === 'buy').length,
            largeSellTrades: xs.filter((x) => x.large && x.t.side === 'sell').length,
            sufficient: xs.length >= 5,
          });
        }
        const w15 = inWin(15 * M);
        expect(snap.cvd.value).toBe(vol(w15, 'buy') - vol(w15, 'sell'));
        const w1 = inWin(M);
        expect(snap.cvd.slopePerMinute).toBe(vol(w1, 'buy') - vol(w1, 'sell'));
        const w5 = inWin(5 * M);
        expect(snap.largeTrades.averageSize).toBe(w5.length > 0 ? vol(w5) / w5.length : null);
        expect([snap.largeTrades.buy, snap.largeTrades.sell]).toEqual([w5.filter((x) => x.large && x.t.side === 'buy').length, w5.filter((x) => x.large && x.t.side === 'sell').length]);
        // Exhaustion: V(30 s) / (V(5 min) · 30/300), once the stream spans 5 min.
        const warm = at - (trades[0] as Trade).ts >= 5 * M;
        const w30 = inWin(30_000);
        if (snap.exhaustion.total.exhausted) seen.exhausted += 1;
        else if (snap.exhaustion.total.ratio !== null) seen.notExhausted += 1;
        if (snap.volumeSpike['1m'].spike) seen.spike += 1;
        else if (snap.volumeSpike['1m'].ratio !== null) seen.noSpike += 1;
        for (const side of ['buy', 'sell', undefined] as const) {
          const base = warm ? (vol(w5, side) * 30_000) / 300_000 : null;
          const ratio = base !== null && base > 0 ? vol(w30, side) / base : null;
          expect(snap.exhaustion[side ?? 'total']).toEqual({ volume: vol(w30, side), baseline: base, ratio, exhausted: ratio !== null && ratio < 0.5 });
        }
        // Volume spike (1m, 5 periods): minute buckets from the first trade's minute; empty minutes are 0.
        const bucket = (x: number) => x - (x % M);
        const first = bucket((trades[0] as Trade).ts);
        const now = bucket(at);
        const volIn = (b: number) => sum(trades.filter((t) => bucket(t.ts) === b).map((t) => t.amount));
        const known = (now - first) / M;
        const avg = known >= 5 ? sum([1, 2, 3, 4, 5].map((k) => volIn(now - k * M))) / 5 : null;
        const cur = volIn(now);
        expect(snap.volumeSpike['1m']).toEqual({ timeframe: '1m', periods: 5, current: cur, average: avg, ratio: avg !== null && avg > 0 ? cur / avg : null, spike: avg !== null && avg > 0 && cur / avg > 1.5 });
      }),
      { numRuns: 300 },
    );
    // Each outcome must actually occur, or the property would hold vacuously.
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(10);
  });
});
