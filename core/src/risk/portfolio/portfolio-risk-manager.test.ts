import { describe, expect, it } from 'vitest';
import type { Candle } from '../../analytics/candle.js';
import type { Trade } from '../../model/trade.js';
import { ManualClock } from '../../ports/clock.js';
import { type PortfolioRiskConfigInput, PortfolioRiskManager } from './portfolio-risk-manager.js';
import type { ClosePositionAction, RiskAction } from './risk-action.js';
import type { RiskPositionInput } from './risk-position.js';
import { RiskStateSchema } from './risk-state.js';

const H = 3_600_000;
const MIN = 60_000;
let seq = 0;
const trade = (ts: number, price: number, amount = 1, side: 'buy' | 'sell' = 'buy'): Trade => ({ id: String(seq++), ts, price, amount, side, sideInferred: false });
function candle(openTime: number, close: number, x: Partial<Candle> = {}): Candle {
  return { timeframe: '1m', openTime, open: close, high: close * 1.001, low: close * 0.999, close, volume: 10, buyVolume: 5, sellVolume: 5, trades: 10, buyTrades: 5, sellTrades: 5, ...x };
}
const closes = (a: readonly RiskAction[]): ClosePositionAction[] => a.filter((x): x is ClosePositionAction => x.type === 'close_position');
const types = (a: readonly RiskAction[]): string[] => a.map((x) => x.type);

function setup(t0: number, cfg: PortfolioRiskConfigInput = {}) {
  const clock = new ManualClock(t0);
  const m = new PortfolioRiskManager(clock, cfg);
  const open = (id: string, o: Partial<RiskPositionInput> = {}) =>
    m.onPositionOpened({ positionId: id, symbol: 'SOL/USDT', marketType: 'spot', strategy: 'orderflow_scalp', side: 'long', entryPrice: '100', amount: '1', openedAt: clock.now(), ...o });
  return { clock, m, open };
}

describe('PortfolioRiskManager: daily drawdown levels and the midnight-UTC reset', () => {
  const T0 = Date.UTC(2024, 2, 6, 0, 0, 5); // Wednesday

  it('alert → worst 50 % → close all + block → breaker until midnight → reset', () => {
    const { clock, m, open } = setup(T0, { healthScore: { enabled: false } });
    // a SOL long 100 → 97 (−3 %), b ADA long 1 → 0.99 (−1 %), c XRP short 0.5 → 0.49 (+2 %).
    open('a');
    open('b', { symbol: 'ADA/USDT', entryPrice: '1', amount: '1000' });
    open('c', { symbol: 'XRP/USDT', side: 'short', entryPrice: '0.5', amount: '1000' });
    m.onTrade('SOL/USDT', trade(T0 + 1, 97));
    m.onTrade('ADA/USDT', trade(T0 + 1, 0.99));
    m.onTrade('XRP/USDT', trade(T0 + 1, 0.49));

    expect(m.onEquity('100000', T0 + 10)).toEqual([]); // the day's start equity
    // 98,000 = −2 %: alert, notify only.
    const alert = m.onEquity('98000', T0 + H);
    expect(types(alert)).toEqual(['notify']);
    expect(alert[0]).toMatchObject({ event: 'risk.drawdown_level_changed', severity: 'warning' });
    // 97,000 = −3 %: close the worst ⌈3 × 50 %⌉ = 2: a (−3 %) then b (−1 %).
    const warn = closes(m.onEquity('97000', T0 + 2 * H));
    expect(warn.map((c) => [c.positionId, c.reason])).toEqual([
      ['a', 'drawdown_warning'],
      ['b', 'drawdown_warning'],
    ]);
    expect(warn[0]?.values.pnlPct).toBeCloseTo(-0.03, 12);
    // 95,800 = −4.2 % (the document's example): close all that are left (c) and refuse entries.
    const crit = m.onEquity('95800', T0 + 3 * H);
    expect(closes(crit).map((c) => [c.positionId, c.reason])).toEqual([['c', 'drawdown_critical']]);
    expect(crit.find((x) => x.type === 'block_entries')).toMatchObject({ reason: 'drawdown_critical', scope: 'all', until: null });
    expect(m.canOpen({ marketType: 'spot' })).toEqual({ allowed: false, reasons: ['drawdown_critical'] });
    // 96,500 = −3.5 %: back to warning; the critical block lifts (only the breaker latches).
    const back = m.onEquity('96500', T0 + 4 * H);
    expect(back.find((x) => x.type === 'unblock_entries')).toMatchObject({ reason: 'drawdown_critical' });
    expect(m.canOpen({ marketType: 'spot' }).allowed).toBe(true);
    // 95,000 = −5 %: circuit breaker, blocked until 2024-03-07T00:00Z.
    const midnight = Date.UTC(2024, 2, 7);
    const brk = m.onEquity('95000', T0 + 5 * H);
    expect(brk[0]).toMatchObject({ type: 'notify', event: 'risk.circuit_breaker_triggered', severity: 'critical' });
    expect(brk.filter((x) => x.type === 'block_entries').map((x) => (x.type === 'block_entries' ? [x.reason, x.until] : null))).toEqual([
      ['drawdown_critical', null],
      ['circuit_breaker', midnight],
    ]);
    expect(m.canOpen({ marketType: 'spot' }).reasons).toEqual(['circuit_breaker', 'drawdown_critical']);
    // Recovering to 99,000 (−1 %) does not lift it.
    expect(m.onEquity('99000', T0 + 6 * H)).toEqual([]);
    expect(m.canOpen({ marketType: 'spot' }).allowed).toBe(false);
    // A position that slips in is closed at once.
    clock.set(T0 + 7 * H);
    expect(closes(open('late')).map((c) => c.reason)).toEqual(['circuit_breaker']);

    const s = m.state(T0 + 7 * H);
    expect(RiskStateSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(s.breaker).toEqual({ tripped: true, trippedAt: T0 + 5 * H, drawdownPct: 0.01, resetsAt: midnight });
    expect(s.entries).toMatchObject({ blocked: true, reason: 'circuit_breaker' });
    expect(s.drawdown).toMatchObject({ day: '2024-03-06', level: 'circuit_breaker', dayStartEquity: '100000', equity: '99000', pct: 0.01 });
    expect(s.positions.closing).toEqual(['a', 'b', 'c', 'late']);

    // One millisecond before midnight: still blocked; at midnight the query already says open.
    expect(m.canOpen({ marketType: 'spot' }, midnight - 1).allowed).toBe(false);
    expect(m.canOpen({ marketType: 'spot' }, midnight).allowed).toBe(true);
    const reset = m.tick(midnight);
    expect(reset.filter((x) => x.type === 'unblock_entries').map((x) => (x.type === 'unblock_entries' ? x.reason : ''))).toEqual(['circuit_breaker', 'drawdown_critical']);
    expect(reset.find((x) => x.type === 'notify')).toMatchObject({ event: 'risk.daily_reset', values: { dayStartEquity: '99000', previousLevel: 'circuit_breaker' } });
    expect(m.state(midnight).drawdown).toMatchObject({ day: '2024-03-07', level: 'normal', dayStartEquity: '99000' });
    // The new day measures against 99,000: 97,020 is exactly −2 % → alert.
    expect(m.onEquity('97020', midnight + MIN)[0]).toMatchObject({ event: 'risk.drawdown_level_changed' });
  });

  it('restores a tripped breaker from risk_state/current after a restart', () => {
    const { m } = setup(T0, { healthScore: { enabled: false } });
    m.onEquity('100000', T0);
    m.onEquity('94000', T0 + H);
    const saved = RiskStateSchema.parse(JSON.parse(JSON.stringify(m.state(T0 + H))));
    const { m: fresh } = setup(T0 + 2 * H, { healthScore: { enabled: false } });
    fresh.restore(saved);
    expect(fresh.canOpen({ marketType: 'perp' }).reasons).toEqual(['circuit_breaker', 'drawdown_critical']);
    expect(fresh.onEquity('100000', T0 + 3 * H)).toEqual([]); // still latched
    expect(fresh.tick(Date.UTC(2024, 2, 7)).some((x) => x.type === 'unblock_entries')).toBe(true);
  });
});

describe('PortfolioRiskManager: leader-correlation exits (BTC −1.5 % in 5 min)', () => {
  const T0 = Date.UTC(2024, 2, 6, 10, 0);
  // 8 one-minute log returns (× 0.001), all with mean 0, so r = Σxy / √(Σx²·Σy²):
  // BTC  y = 1,−1,1,−1,1,−1,2,−2                  Σy² = 14
  // SOL  x = 1.5·y                                 r = 1
  // DOT  x = 1,−1,−1,1,−1,1,2,−2   Σxy = 1+1−1−1−1−1+4+4 = 6, Σx² = 14, r = 6/14 = 0.428571 (moderate)
  // DOGE x = 1,1,−1,−1,1,1,−1,−1   Σxy = 1−1−1+1+1−1−2+2 = 0, r = 0
  const y = [1, -1, 1, -1, 1, -1, 2, -2];
  const series: Record<string, number[]> = { 'BTC/USDT': y, 'SOL/USDT': y.map((v) => 1.5 * v), 'DOT/USDT': [1, -1, -1, 1, -1, 1, 2, -2], 'DOGE/USDT': [1, 1, -1, -1, 1, 1, -1, -1] };

  function warmed() {
    const s = setup(T0 + 10 * MIN, { correlationExit: { windowMinutes: 60, minSamples: 8 }, healthScore: { enabled: false } });
    for (const [sym, rs] of Object.entries(series)) {
      let px = 100;
      s.m.onCandle(sym, candle(T0, px));
      rs.forEach((r, i) => {
        px *= Math.exp(r / 1000);
        s.m.onCandle(sym, candle(T0 + (i + 1) * MIN, px));
      });
    }
    return s;
  }

  it('computes the rolling correlations', () => {
    const { m } = warmed();
    expect(m.correlation('SOL/USDT', 'BTC/USDT')).toBeCloseTo(1, 9);
    expect(m.correlation('DOT/USDT', 'BTC/USDT')).toBeCloseTo(6 / 14, 9);
    expect(m.correlation('DOGE/USDT', 'BTC/USDT')).toBeCloseTo(0, 9);
    expect(m.correlation('SOL/USDT', 'ETH/USDT')).toBeNull(); // no ETH data: unknown, never guessed
  });

  it('closes correlated longs, tightens moderate ones, keeps shorts and uncorrelated longs', () => {
    const { m, open } = warmed();
    open('sol-long');
    open('sol-short', { side: 'short' });
    open('dot-long', { symbol: 'DOT/USDT' });
    open('doge-long', { symbol: 'DOGE/USDT' });
    open('btc-long', { symbol: 'BTC/USDT', entryPrice: '50000', amount: '0.01' });
    const t = T0 + 12 * MIN;
    expect(m.onTrade('BTC/USDT', trade(t, 50_000))).toEqual([]);
    expect(m.onTrade('BTC/USDT', trade(t + 2 * MIN, 49_500))).toEqual([]); // −1 %
    // 49,250 is 1.5 % under the 5-minute high 50,000 (document example).
    const a = m.onTrade('BTC/USDT', trade(t + 4 * MIN, 49_250));
    expect(a[0]).toMatchObject({ type: 'notify', event: 'risk.correlated_dump_detected', severity: 'critical' });
    expect(closes(a).map((c) => [c.positionId, c.reason, c.values.correlation])).toEqual([
      ['sol-long', 'correlated_dump', expect.closeTo(1, 9)],
      ['btc-long', 'correlated_dump', 1],
    ]);
    expect(a.find((x) => x.type === 'tighten_trails')).toMatchObject({ pct: 0.003, positionIds: ['dot-long'], reason: 'moderate_correlation' });
    // Still dumping: nothing repeats.
    expect(m.onTrade('BTC/USDT', trade(t + 4 * MIN + 1, 49_200))).toEqual([]);
    expect(m.state(t + 5 * MIN).leaders[0]).toMatchObject({ symbol: 'BTC/USDT', dumpActive: true });
  });
});

describe('PortfolioRiskManager: health score actions', () => {
  const T0 = Date.UTC(2024, 2, 6, 10, 0);
  // P&L-only weights, so the score is 100 × (u + 5 %) / 10 % for total unrealised u of equity 100,000.
  const cfg: PortfolioRiskConfigInput = { healthScore: { weights: { unrealizedPnl: 1, positionQuality: 0, concentrationRisk: 0, holdTimeDistribution: 0, marketConditions: 0 } }, dumpDetection: { enabled: false } };

  it('< 70 blocks entries, < 50 tightens trails to 0.3 %, < 30 closes the worst two (ties: older first)', () => {
    const { clock, m, open } = setup(T0, cfg);
    m.onEquity('100000', T0);
    open('sol', { entryPrice: '100', amount: '50' });
    clock.set(T0 + 2_000);
    open('ada', { symbol: 'ADA/USDT', entryPrice: '1', amount: '3000' });
    clock.set(T0 + 1_000);
    open('xrp', { symbol: 'XRP/USDT', entryPrice: '0.5', amount: '6000' });
    open('dot', { symbol: 'DOT/USDT', side: 'short', entryPrice: '10', amount: '100' });

    // All flat: u = 0 → score 50 → caution (50 is not < 50).
    const t1 = m.tick(T0 + 10_000);
    expect(m.healthScore?.score).toBeCloseTo(50, 10);
    expect(t1.find((x) => x.type === 'block_entries')).toMatchObject({ reason: 'health_caution' });
    expect(t1.find((x) => x.type === 'notify')).toMatchObject({ event: 'risk.health_degraded', severity: 'warning' });
    expect(m.canOpen({ marketType: 'spot' }).reasons).toEqual(['health_caution']);

    // SOL 90 (−500), ADA 0.9 (−300), XRP 0.45 (−300), DOT short 11 (−100): u = −1,200 = −1.2 % → score 38 → warning.
    m.onTrade('SOL/USDT', trade(T0 + 11_000, 90));
    m.onTrade('ADA/USDT', trade(T0 + 11_000, 0.9));
    m.onTrade('XRP/USDT', trade(T0 + 11_000, 0.45));
    m.onTrade('DOT/USDT', trade(T0 + 11_000, 11));
    expect(m.tick(T0 + 15_000)).toEqual([]); // inside the 10-s interval: not re-scored
    const t2 = m.tick(T0 + 20_000);
    expect(m.healthScore?.score).toBeCloseTo(38, 9);
    expect(t2.find((x) => x.type === 'tighten_trails')).toMatchObject({ pct: 0.003, positionIds: ['sol', 'ada', 'xrp', 'dot'], reason: 'health_warning' });

    // SOL 60 (−2,000, −40 %), ADA 0.7 (−900, −30 %), XRP 0.35 (−900, −30 %), DOT 12 (−200, −20 %):
    // u = −4,000 = −4 % → score 10 → critical. Worst: SOL (−40 %), then the −30 % tie → XRP (opened 1 s
    // after T0) before ADA (2 s after).
    m.onTrade('SOL/USDT', trade(T0 + 21_000, 60));
    m.onTrade('ADA/USDT', trade(T0 + 21_000, 0.7));
    m.onTrade('XRP/USDT', trade(T0 + 21_000, 0.35));
    m.onTrade('DOT/USDT', trade(T0 + 21_000, 12));
    const t3 = m.tick(T0 + 30_000);
    expect(m.healthScore?.score).toBeCloseTo(10, 9);
    expect(closes(t3).map((c) => [c.positionId, c.reason, c.values.pnlPct])).toEqual([
      ['sol', 'health_critical', expect.closeTo(-0.4, 12)],
      ['xrp', 'health_critical', expect.closeTo(-0.3, 12)],
    ]);
    // Staying critical does not close two more.
    expect(closes(m.tick(T0 + 40_000))).toEqual([]);

    // SOL and XRP closed; ADA at 1.7 (+2,100) and DOT at 10 (0): u = +2.1 % → 71 → healthy → entries allowed.
    m.onPositionClosed('sol');
    m.onPositionClosed('xrp');
    m.onTrade('ADA/USDT', trade(T0 + 41_000, 1.7));
    m.onTrade('DOT/USDT', trade(T0 + 41_000, 10));
    const t4 = m.tick(T0 + 50_000);
    expect(m.healthScore?.score).toBeCloseTo(71, 9);
    expect(t4).toEqual([{ type: 'unblock_entries', reason: 'health_caution', scope: 'all' }]);
    expect(m.canOpen({ marketType: 'spot' }).allowed).toBe(true);
    const s = m.state(T0 + 50_000);
    expect(s.health).toMatchObject({ band: 'healthy', evaluatedAt: T0 + 50_000 });
    expect(s.health.factors?.unrealizedPnl.points).toBeCloseTo(71, 9);
  });
});

describe('PortfolioRiskManager: max hold and the forex Friday close', () => {
  // Friday 2024-07-12 (London on summer time; the rule is GMT): close at 23:30 UTC, reopen Monday 00:00 UTC.
  const FRI_2300 = Date.UTC(2024, 6, 12, 23, 0);
  const CLOSE = Date.UTC(2024, 6, 12, 23, 30);
  const MON = Date.UTC(2024, 6, 15, 0, 0);
  const cfg: PortfolioRiskConfigInput = { healthScore: { enabled: false }, maxHold: { byModule: { fx: 2 * H } } };

  it('closes forex at 23:30 GMT, refuses forex entries until Monday 00:00, and enforces max hold', () => {
    const { clock, m, open } = setup(FRI_2300, cfg);
    open('eur', { symbol: 'EUR/USD', marketType: 'forex', moduleId: 'fx', entryPrice: '1.08', amount: '10000' });
    clock.set(FRI_2300 + 5 * MIN);
    open('sol');
    expect(m.tick(CLOSE - 1)).toEqual([]);
    const at = m.tick(CLOSE);
    expect(at[0]).toMatchObject({ type: 'notify', event: 'risk.forex_session_closed' });
    expect(at.find((x) => x.type === 'block_entries')).toMatchObject({ reason: 'forex_session_closed', scope: 'forex', until: MON });
    expect(closes(at).map((c) => [c.positionId, c.reason, c.values.reopensAt])).toEqual([['eur', 'forex_session_close', MON]]);
    expect(m.canOpen({ marketType: 'forex' }, CLOSE + MIN)).toEqual({ allowed: false, reasons: ['forex_session_closed'] });
    expect(m.canOpen({ marketType: 'spot' }, CLOSE + MIN).allowed).toBe(true);
    expect(m.state(CLOSE + MIN).entries).toMatchObject({ blocked: false, forexClosed: true, forexReopensAt: MON });

    // Unconfirmed close asked again after 60 s.
    expect(m.tick(CLOSE + MIN - 1)).toEqual([]);
    expect(m.tick(CLOSE + MIN)).toEqual([expect.objectContaining({ type: 'close_position', positionId: 'eur', retry: true })]);
    m.onPositionClosed('eur');

    // The scalp opened at 23:05 reaches its 30 min at 23:35.
    expect(closes(m.tick(FRI_2300 + 35 * MIN - 1))).toEqual([]);
    const mh = closes(m.tick(FRI_2300 + 35 * MIN));
    expect(mh.map((c) => [c.positionId, c.reason, c.event, c.values.heldMs, c.values.maxHoldMs])).toEqual([['sol', 'max_hold', 'risk.max_hold_exceeded', 1_800_000, 1_800_000]]);

    // A forex position that slips in over the weekend is closed at once.
    clock.set(Date.UTC(2024, 6, 13, 12, 0));
    expect(closes(open('gbp', { symbol: 'GBP/USD', marketType: 'forex' })).map((c) => c.reason)).toEqual(['forex_session_close']);

    expect(m.tick(MON - 1).some((x) => x.type === 'unblock_entries')).toBe(false);
    expect(m.tick(MON)).toContainEqual({ type: 'unblock_entries', reason: 'forex_session_closed', scope: 'forex' });
    expect(m.canOpen({ marketType: 'forex' }, MON).allowed).toBe(true);
  });

  it('meme positions get 24 h', () => {
    const { m, open } = setup(FRI_2300 - 48 * H, cfg);
    open('pepe', { symbol: 'PEPE/USDT', strategy: 'meme' });
    expect(closes(m.tick(FRI_2300 - 24 * H - 1))).toEqual([]);
    expect(closes(m.tick(FRI_2300 - 24 * H)).map((c) => c.reason)).toEqual(['max_hold']);
  });
});

describe('PortfolioRiskManager: dump detection', () => {
  const T0 = Date.UTC(2024, 2, 6, 10, 0);

  it('a single 2:8 candle after neutral ones is a bearish cascade (1m 0.25 < 5m 0.786 < 15m 0.923, 1m < 0.5)', () => {
    // 5m = (2 + 4·5)/(8 + 4·5) = 22/28 = 0.786; 15m = (2 + 14·5)/(8 + 14·5) = 72/78 = 0.923.
    const { m, open } = setup(T0 + 20 * MIN, { healthScore: { enabled: false } });
    for (let i = 0; i < 20; i++) m.onCandle('SOL/USDT', candle(T0 + i * MIN, 100));
    open('L');
    const a = closes(m.onCandle('SOL/USDT', candle(T0 + 20 * MIN, 100, { buyVolume: 2, sellVolume: 8 })));
    expect(a[0]?.signals?.map((f) => [f.rule, f.values.ratio1m, f.values.ratio5m, f.values.ratio15m])).toEqual([['cascade_reversal', 0.25, 22 / 28, 72 / 78]]);
  });

  it('closes a long on three sell-dominant candles, a short on a 2.5:1 buy flip, each once', () => {
    const { m, open } = setup(T0 + 20 * MIN, { healthScore: { enabled: false } });
    for (let i = 0; i < 20; i++) m.onCandle('SOL/USDT', candle(T0 + i * MIN, 100));
    open('L');
    open('S', { side: 'short' });
    // 6.5 sold / 3.5 bought = 1.857 > 1.5 on each candle; buy/sell 0.538 stays above the cascade's 0.5, so
    // only the volume-reversal rule can fire (a single 2/8 candle after neutral ones is already a bearish cascade).
    const sells = { buyVolume: 3.5, sellVolume: 6.5 };
    expect(m.onCandle('SOL/USDT', candle(T0 + 20 * MIN, 100, sells))).toEqual([]);
    expect(m.onCandle('SOL/USDT', candle(T0 + 21 * MIN, 100, sells))).toEqual([]);
    const a = closes(m.onCandle('SOL/USDT', candle(T0 + 22 * MIN, 100, sells)));
    expect(a.map((c) => [c.positionId, c.reason, c.event])).toEqual([['L', 'dump', 'risk.dump_detected']]);
    expect(a[0]?.signals?.map((f) => f.rule)).toContain('sell_dominant_candles');
    expect(a[0]?.signals?.map((f) => f.rule)).toEqual(['sell_dominant_candles']);
    expect(a[0]?.values['sell_dominant_candles:weakestRatio']).toBeCloseTo(6.5 / 3.5, 12);
    expect(m.onCandle('SOL/USDT', candle(T0 + 23 * MIN, 100, sells))).toEqual([]); // not twice

    // Five buys in 30 s against the short: buy/sell = ∞ ≥ 2.5.
    const t = T0 + 24 * MIN;
    for (let i = 0; i < 4; i++) expect(m.onTrade('SOL/USDT', trade(t + i * 1000, 100, 1, 'buy'))).toEqual([]);
    const b = closes(m.onTrade('SOL/USDT', trade(t + 4000, 100, 1, 'buy')));
    expect(b.map((c) => [c.positionId, c.signals?.[0]?.rule])).toEqual([['S', 'flow_flip']]);

    // Closed positions stay closed, even if `position.opened` is redelivered.
    m.onPositionClosed('L');
    expect(m.onPositionOpened({ positionId: 'L', symbol: 'SOL/USDT', marketType: 'spot', strategy: 'orderflow_scalp', side: 'long', entryPrice: '100', amount: '1', openedAt: T0 })).toEqual([]);
    expect(m.openPositions).toBe(1);
  });

  it('judges a position only on trades and candles from its fill on, whenever they reach risk', () => {
    // A replay's batch (or a lagging one) can reach risk after `position.opened` with trades from
    // before the fill: five buys in 30 s (buy/sell ∞ ≥ 2.5) would close a short, but not one opened after them.
    const { m, open } = setup(T0 + 20 * MIN, { healthScore: { enabled: false } });
    for (let i = 0; i < 20; i++) m.onCandle('SOL/USDT', candle(T0 + i * MIN, 100));
    open('S', { side: 'short', openedAt: T0 + 25 * MIN });
    const before = T0 + 25 * MIN - 5000;
    for (let i = 0; i < 5; i++) expect(m.onTrade('SOL/USDT', trade(before + i * 1000, 100, 1, 'buy'))).toEqual([]);
    // The candle of 24:00–25:00 ended at the fill: all of it from before. (Three 6.5:3.5 buy-dominant candles would close a short.)
    const buys = { buyVolume: 6.5, sellVolume: 3.5 };
    expect(m.onCandle('SOL/USDT', candle(T0 + 22 * MIN, 100, buys))).toEqual([]);
    expect(m.onCandle('SOL/USDT', candle(T0 + 23 * MIN, 100, buys))).toEqual([]);
    expect(m.onCandle('SOL/USDT', candle(T0 + 24 * MIN, 100, buys))).toEqual([]);
    // The first trade at the fill's time is judged: the 30 s window still holds the five buys, now six.
    const a = closes(m.onTrade('SOL/USDT', trade(T0 + 25 * MIN, 100, 1, 'buy')));
    expect(a.map((c) => [c.positionId, c.signals?.map((f) => f.rule)])).toEqual([['S', ['flow_flip']]]);
  });

  it('meme-only liquidity evaporation', () => {
    const { m, open } = setup(T0, { healthScore: { enabled: false } });
    open('meme', { symbol: 'WIF/SOL', marketType: 'dex', strategy: 'meme' });
    open('scalp', { symbol: 'WIF/SOL', marketType: 'dex' });
    expect(m.onLiquidity('WIF/SOL', T0, 100_000)).toEqual([]);
    expect(m.onLiquidity('WIF/SOL', T0 + 5 * MIN, 70_000)).toEqual([]); // −30 %: not > 30 %
    const a = closes(m.onLiquidity('WIF/SOL', T0 + 6 * MIN, 69_000)); // −31 % within 10 min
    expect(a.map((c) => [c.positionId, c.signals?.[0]?.rule])).toEqual([['meme', 'liquidity_drop']]);
  });
});

describe('PortfolioRiskManager: disabled', () => {
  it('does nothing and allows everything', () => {
    const { m, open } = setup(Date.UTC(2024, 2, 6), { enabled: false });
    expect(open('x')).toEqual([]);
    expect(m.onEquity('1', 0)).toEqual([]);
    expect(m.tick(Date.UTC(2024, 2, 8))).toEqual([]);
    expect(m.canOpen({ marketType: 'forex' }, Date.UTC(2024, 6, 13)).allowed).toBe(true);
  });
});
