import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { PositionMonitor } from './position-monitor.js';
import { ExitConfigSchema } from './exit-config.js';

// Issue 11: the exchange-held stop of a live position follows the client trailing stop. Hand-worked:
// long from 100, trail 1 %, initial stop 99.5 → stop max(99.5, 99) = 99.5.
const quiet = ExitConfigSchema.parse({ adverseMoves: { enabled: false }, cascadeReversal: { enabled: false } });
const t = (id: string, ts: number, price: number): Trade => ({ id, ts, price, amount: 1, side: 'buy', sideInferred: false });
const live = { positionId: 'L', symbol: 'X/Y', side: 'long' as const, entryPrice: 100, openedAt: 0, trailingStopPct: 0.01, maxHoldMs: 3_600_000, initialStop: 99.5, exchangeStop: true };

describe('trail moves for venue-held stops', () => {
  it('announces each tightening at most once per 5 s, the newest level, never a loosening, and repeats it once ≥ 5 s later', () => {
    const m = new PositionMonitor(quiet);
    m.track(live);
    m.onTrade('X/Y', t('1', 0, 100));
    expect(m.trailMoves('X/Y', 0)).toEqual([]); // still at the initial stop the entry placed
    m.onTrade('X/Y', t('2', 1_000, 101)); // best 101 → stop 99.99
    const first = m.trailMoves('X/Y', 1_000);
    expect(first).toHaveLength(1);
    expect(first[0]?.level).toBeCloseTo(99.99, 10);
    expect(first[0]).toMatchObject({ positionId: 'L', symbol: 'X/Y', lastPrice: 101, ts: 1_000 });
    m.onTrade('X/Y', t('3', 2_000, 102)); // stop 100.98, but only 1 s after the last move
    expect(m.trailMoves('X/Y', 2_000)).toEqual([]);
    m.onTrade('X/Y', t('4', 5_999, 101.5)); // a dip does not loosen; 4.999 s still too soon
    expect(m.trailMoves('X/Y', 5_999)).toEqual([]);
    const second = m.trailMoves('X/Y', 6_000);
    expect(second.map((x) => x.level)).toEqual([102 * 0.99]);
    expect(m.trailMoves('X/Y', 10_999)).toEqual([]); // nothing tighter, and the repeat waits 5 s too
    // The same level once more: execute may have held the first as too soon after its previous move.
    expect(m.trailMoves('X/Y', 11_000).map((x) => x.level)).toEqual([102 * 0.99]);
    expect(m.trailMoves('X/Y', 30_000)).toEqual([]); // repeated once; nothing more until it tightens
  });

  it('a short trails downward; a paper position (no venue stop) is never announced', () => {
    const m = new PositionMonitor(quiet);
    m.track({ ...live, positionId: 'S', side: 'short', initialStop: 100.5 });
    m.track({ ...live, positionId: 'P', exchangeStop: false });
    m.onTrade('X/Y', t('1', 0, 100));
    m.onTrade('X/Y', t('2', 1_000, 99)); // short: best 99 → stop 99.99 < 100.5
    const moves = m.trailMoves('X/Y', 1_000);
    expect(moves.map((x) => x.positionId)).toEqual(['S']);
    expect(moves[0]?.level).toBeCloseTo(99.99, 10);
  });

  it('a position exited is no longer announced', () => {
    const m = new PositionMonitor(quiet);
    m.track(live);
    m.onTrade('X/Y', t('1', 0, 101));
    expect(m.onTrade('X/Y', t('2', 1_000, 99.9))).toHaveLength(1); // through 99.99: trailing stop
    expect(m.trailMoves('X/Y', 10_000)).toEqual([]);
  });
});
