import { describe, expect, it } from 'vitest';
import type { Trade } from '../model/trade.js';
import { PositionMonitor } from './position-monitor.js';
import { ExitConfigSchema } from './exit-config.js';

const noAdverse = ExitConfigSchema.parse({ adverseMoves: { enabled: false } });

const t = (id: string, ts: number, price: number): Trade => ({ id, ts, price, amount: 1, side: 'sell', sideInferred: false });
const pos = { positionId: 'p1', symbol: 'X/Y', side: 'long' as const, entryPrice: 100, openedAt: 0, trailingStopPct: 0.01, maxHoldMs: 60_000 };

describe('PositionMonitor', () => {
  it('exits on the trailing stop: best 110 → stop 108.9; 108.9 exits', () => {
    // Adverse moves off: at +8.9 % profit one drop would already exit (threshold 1 at ≥ 2 %).
    const m = new PositionMonitor(noAdverse);
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 1_000, 110))).toEqual([]);
    const out = m.onTrade('X/Y', t('2', 2_000, 108.9));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ positionId: 'p1', reason: 'trailing_stop', trigger: { tradeId: '2', price: 108.9 } });
  });

  it('exits on max hold when the stop has not been hit', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 59_999, 100))).toEqual([]);
    expect(m.onTrade('X/Y', t('2', 60_000, 100))[0]?.reason).toBe('max_hold');
  });

  it('never exits a position twice, even when its opening is redelivered after the exit', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('X/Y', t('1', 1_000, 90))).toHaveLength(1);
    m.track(pos); // duplicate position.opened
    expect(m.size).toBe(0);
    expect(m.onTrade('X/Y', t('2', 2_000, 80))).toEqual([]);
  });

  it('ignores trades of other symbols', () => {
    const m = new PositionMonitor();
    m.track(pos);
    expect(m.onTrade('Z/Y', t('1', 1_000, 1))).toEqual([]);
  });

  it('counts consecutive price drops, not sell prints, with the document\'s profit thresholds (§2.6.2 example)', () => {
    // Entry 50,000. Prices every 2 s: 50,020 50,080 50,150 50,180 50,200 50,195 50,190 50,185.
    // Profit at 50,185 = 0.37 % → threshold 3; three drops (50,200→50,195→50,190→50,185) → exit at 50,185.
    const m = new PositionMonitor();
    m.track({ ...pos, entryPrice: 50_000, trailingStopPct: 0.005, maxHoldMs: 300_000 });
    const px = [50_020, 50_080, 50_150, 50_180, 50_200, 50_195, 50_190];
    px.forEach((p, i) => expect(m.onTrade('X/Y', t(String(i), (i + 1) * 2_000, p))).toEqual([]));
    const out = m.onTrade('X/Y', t('8', 16_000, 50_185));
    expect(out[0]).toMatchObject({ reason: 'adverse_moves', values: { moves: 3, threshold: 3 } });
  });

  it('needs 5 drops below 0.3 % profit, and a flat tick breaks the streak', () => {
    const m = new PositionMonitor();
    m.track({ ...pos, trailingStopPct: 0.05 });
    // 100 → 99.9 → 99.8 → 99.8 (flat: streak broken) → 99.7 → 99.6 → 99.5 → 99.4: 4 drops after the flat tick.
    const px = [100, 99.9, 99.8, 99.8, 99.7, 99.6, 99.5, 99.4];
    px.forEach((p, i) => expect(m.onTrade('X/Y', t(String(i), 1_000 + i * 1_000, p))).toEqual([]));
    // The 5th consecutive drop exits (profit −0.7 % < 0.3 % → threshold 5).
    expect(m.onTrade('X/Y', t('9', 9_500, 99.3))[0]).toMatchObject({ reason: 'adverse_moves', values: { moves: 5, threshold: 5 } });
  });

  it('exits on a cascade reversal in the 15-s window before anything else (§2.6.1)', () => {
    const m = new PositionMonitor();
    m.track(pos);
    // Long: 15 s 0.4 < 0.5, and 0.4 < 1m 0.6 < 5m 0.9 → selling accelerating.
    const flow = () => ({ r15s: 0.4, trades15s: 6, r1m: 0.6, r5m: 0.9 });
    expect(m.onTrade('X/Y', t('1', 1_000, 100.5), flow)[0]).toMatchObject({ reason: 'cascade_reversal', values: { r15s: 0.4, r1m: 0.6, r5m: 0.9 } });
    // Not a reversal: too few trades in the window, or the order not accelerating.
    const m2 = new PositionMonitor();
    m2.track(pos);
    expect(m2.onTrade('X/Y', t('1', 1_000, 100.5), () => ({ r15s: 0.4, trades15s: 4, r1m: 0.6, r5m: 0.9 }))).toEqual([]);
    expect(m2.onTrade('X/Y', t('2', 2_000, 100.6), () => ({ r15s: 0.4, trades15s: 9, r1m: 0.9, r5m: 0.6 }))).toEqual([]);
  });

  it('checks on the 2-s timer without trades: max hold and the flow', () => {
    const m = new PositionMonitor();
    m.track(pos);
    m.onTrade('X/Y', t('1', 1_000, 100.1));
    expect(m.onTimer('X/Y', 58_000)).toEqual([]);
    expect(m.onTimer('X/Y', 60_000)[0]).toMatchObject({ reason: 'max_hold', trigger: { tradeId: '1', ts: 60_000, price: 100.1 } });
  });
  describe('tighten (portfolio risk: health < 50 or moderate leader correlation)', () => {
    it('moves a long stop to pct below the best price at once: entry 100, 1 % trail → 0.3 % puts the stop at 99.7', () => {
      const m = new PositionMonitor(noAdverse);
      m.track(pos); // stop 100 × 0.99 = 99
      expect(m.tighten(['p1'], 0.003)).toEqual(['p1']);
      expect(m.onTrade('X/Y', t('1', 1_000, 99.8))).toEqual([]); // 99.8 > 99.7
      expect(m.onTrade('X/Y', t('2', 2_000, 99.7))[0]).toMatchObject({ reason: 'trailing_stop', values: { stop: 99.7 } });
    });

    it('keeps trailing at the tightened distance: best 110 → stop 110 × 0.997 = 109.67 (the 1 % trail alone would be 108.9)', () => {
      const m = new PositionMonitor(noAdverse);
      m.track(pos);
      m.tighten(['p1'], 0.003);
      expect(m.onTrade('X/Y', t('1', 1_000, 110))).toEqual([]);
      expect(m.onTrade('X/Y', t('2', 2_000, 109.7))).toEqual([]); // 109.7 > 109.67
      expect(m.onTrade('X/Y', t('3', 3_000, 109.6))[0]?.reason).toBe('trailing_stop');
    });

    it('never loosens: a wider pct than the trail, or than an earlier tightening, changes nothing', () => {
      const m = new PositionMonitor(noAdverse);
      m.track(pos);
      expect(m.tighten(['p1'], 0.02)).toEqual([]); // 2 % > the 1 % trail
      expect(m.tighten(['p1'], 0.003)).toEqual(['p1']);
      expect(m.tighten(['p1'], 0.005)).toEqual([]); // 0.5 % > the 0.3 % already in force
      expect(m.onTrade('X/Y', t('1', 1_000, 99.7))[0]?.reason).toBe('trailing_stop'); // still 99.7, not 99.5
    });

    it('mirrors for shorts (entry 100 → stop 100.3) and skips ids it does not watch', () => {
      const m = new PositionMonitor(noAdverse);
      m.track({ ...pos, side: 'short' }); // stop 101
      expect(m.tighten(['nope', 'p1'], 0.003)).toEqual(['p1']);
      expect(m.onTrade('X/Y', t('1', 1_000, 100.2))).toEqual([]);
      expect(m.onTrade('X/Y', t('2', 2_000, 100.3))[0]?.reason).toBe('trailing_stop');
      expect(m.tighten(['p1'], 0.001)).toEqual([]); // exited: forgotten
    });
  });
});
