import { describe, expect, it } from 'vitest';
import { buildReport, exposure, groupRows, ledgerTotals, startingEquityAt } from './build-report.js';
import { dayPeriod } from './report-period.js';
import { ACCOUNTS, DAY, H, M, SET, trade } from '../../../../test/support/report-trades.js';

const period = dayPeriod(DAY);
const build = (ledger: Parameters<typeof ledgerTotals>[1] | null = null) =>
  buildReport({ period, trades: SET, startingEquity: startingEquityAt(ACCOUNTS, SET.filter((t) => t.closedAt >= DAY)), defaultStartingEquity: '10000', ledger: ledger ? ledgerTotals(['2024-03-05'], ledger) : null });

describe('buildReport on the hand-worked day', () => {
  const r = build();
  const usdt = r.currencies.find((c) => c.quote === 'USDT')!;
  const usd = r.currencies.find((c) => c.quote === 'USD')!;

  it('takes the trades closed in [00:00, 24:00) UTC, in exit order, and keeps currencies apart', () => {
    expect(r.trades.map((t) => t.positionId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p6']);
    expect(r.currencies.map((c) => c.quote)).toEqual(['USD', 'USDT']);
    expect(usdt.records.map((t) => t.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(usd.summary.netPnl).toBe('-2.5');
  });

  it('starts from the realised equity at 00:00, worked back from the accounts', () => {
    // 607 − 9 + 400 + 20 = 1018 now; the day's closes and the next day's: 10 − 5 + 20 − 10 + 3 = 18 → 1000.
    expect(usdt.startingEquity).toBe('1000');
    expect(usd.startingEquity).toBe('500');
    expect(usdt.equityCurve).toEqual([
      { ts: DAY, equity: '1000' }, { ts: DAY + 30 * M, equity: '1010' }, { ts: DAY + 2 * H, equity: '1005' },
      { ts: DAY + 3 * H, equity: '1025' }, { ts: DAY + 4 * H, equity: '1015' },
    ]);
  });

  it('computes the headline metrics by hand', () => {
    const s = usdt.summary;
    expect([s.trades, s.wins, s.losses, s.breakeven]).toEqual([4, 2, 2, 0]);
    expect(s.winRate).toBe(50);
    expect(s.netPnl).toBe('15'); // 10 − 5 + 20 − 10
    expect(s.fees).toBe('5'); // 1 + 1 + 2 + 1
    expect([s.grossProfit, s.grossLoss]).toEqual(['30', '15']);
    expect(s.profitFactor).toBe(2); // 30 / 15
    expect(s.expectancy).toBe('3.75'); // 15 / 4
    expect(s.returnPct).toBeCloseTo(1.5, 12); // 15 / 1000
    expect(s.endingEquity).toBe('1015');
    // Returns r = 10/1000, −5/1010, 20/1005, −10/1025. Python 3 `statistics`: mean 0.0037984762254893124,
    // stdev 0.01363824225666637 → Sharpe 0.27851655323343577; downside sqrt((0.0049505² + 0.0097561²)/4)
    // → Sortino 0.6944045817217704.
    expect(s.sharpe).toBeCloseTo(0.27851655323343577, 12);
    expect(s.sortino).toBeCloseTo(0.6944045817217704, 12);
    // Sorted r: −0.0097560976, −0.0049504950, 0.01, 0.0199004975. 95 %: h = 3 × 0.05 = 0.15,
    // q = −0.0097560976 + 0.15 × 0.0048056025 = −0.0090352572 → 0.90352572 %; 99 %: h = 0.03 → 0.96119295 %.
    expect(s.var95).toBeCloseTo(0.903525718425501, 9);
    expect(s.var99).toBeCloseTo(0.961192948563149, 9);
    // Peak 1025 → 1015: 10 / 1025 = 0.975609756 %.
    expect(s.maxDrawdownPct).toBeCloseTo(0.975609756097561, 12);
    // Held 3600 + 1800 + 4500 + 1800 s → 2925 s each on average.
    expect(s.avgHoldSec).toBe(2925);
    // Open 00:00–00:30 (p1 clipped at midnight), 01:30–03:00 (p2 ∪ p3), 03:30–04:00 = 150 of 1440 min.
    expect(usdt.exposureMs).toBe(150 * M);
    expect(s.exposurePct).toBeCloseTo((150 / 1440) * 100, 12);
    // × sqrt(4 trades × 365 d / 1 d) = 0.27851655 × 38.2099463 = 10.642102556.
    expect(s.sharpeAnnualised).toBeCloseTo(10.642102556381824, 9);
  });

  it('breaks P&L down by strategy, module, venue and symbol, largest first', () => {
    const rows = (g: readonly { key: string; trades: number; netPnl: string }[]) => g.map((x) => [x.key, x.trades, x.netPnl]);
    expect(rows(usdt.byStrategy)).toEqual([['meme', 1, '20'], ['orderflow_scalp', 3, '-5']]);
    expect(rows(usdt.byModule)).toEqual([['meme_hunter', 1, '20'], ['orderflow_scalp', 3, '-5']]);
    expect(rows(usdt.byVenue)).toEqual([['bybit', 1, '20'], ['binance', 3, '-5']]);
    expect(rows(usdt.bySymbol)).toEqual([['BTC/USDT', 3, '20'], ['ETH/USDT', 1, '-5']]);
    const binance = usdt.byVenue[1]!;
    // binance: +10, −5, −10 → 1 win, 2 losses, fees 3, profit factor 10 / 15, average −5 / 3.
    expect([binance.wins, binance.losses, binance.fees, binance.grossProfit, binance.grossLoss]).toEqual([1, 2, '3', '10', '15']);
    expect(binance.winRate).toBeCloseTo(100 / 3, 12);
    expect(binance.profitFactor).toBeCloseTo(2 / 3, 12);
    expect(binance.expectancy).toBe('-1.66666666666666666667');
    const btc = usdt.bySymbol[0]!;
    expect(btc.profitFactor).toBe(3); // (10 + 20) / 10
    expect(usdt.byVenue[0]!.profitFactor).toBeNull(); // bybit lost nothing
  });

  it('lists winners as best and losers as worst, largest first', () => {
    expect(usdt.best.map((t) => t.positionId)).toEqual(['p3', 'p1']);
    expect(usdt.worst.map((t) => t.positionId)).toEqual(['p4', 'p2']);
    expect(usd.best).toEqual([]);
    expect(usd.worst.map((t) => t.positionId)).toEqual(['p6']);
  });

  it('gives the same model whatever order the trades arrive in', () => {
    const again = buildReport({ period, trades: [...SET].reverse(), startingEquity: startingEquityAt(ACCOUNTS, [...SET].filter((t) => t.closedAt >= DAY).reverse()), defaultStartingEquity: '10000', ledger: null });
    expect(again).toEqual(r);
  });

  it('checks the trades against the portfolio ledger', () => {
    // The ledger adds all currencies: 15 − 2.5 = 12.5 over 5 trades.
    expect(build([{ realizedPnl: '12.5', fees: '5.5', trades: 5, wins: 2 }]).ledger).toMatchObject({ realizedPnl: '12.5', trades: 5, matches: true });
    expect(build([{ realizedPnl: '12.5', fees: '5.5', trades: 4, wins: 2 }]).ledger?.matches).toBe(false);
    expect(build([null]).ledger).toMatchObject({ realizedPnl: '0', trades: 0, matches: false });
  });

  it('uses the default starting equity for a currency without an account, and reports an empty day as empty', () => {
    const r2 = buildReport({ period, trades: [trade({ positionId: 'x', pnl: '1', closedAt: DAY + H, quote: 'EUR' })], startingEquity: {}, defaultStartingEquity: '250', ledger: null });
    expect(r2.currencies[0]?.startingEquity).toBe('250');
    expect(r2.currencies[0]?.summary.returnPct).toBeCloseTo(0.4, 12); // 1 / 250
    const empty = buildReport({ period, trades: [], startingEquity: {}, defaultStartingEquity: '250' });
    expect([empty.trades.length, empty.currencies.length, empty.ledger]).toEqual([0, 0, null]);
  });
});

describe('exposure', () => {
  it('unions overlapping and nested intervals and clips them to the period', () => {
    const t = (openedAt: number, closedAt: number) => trade({ positionId: `e${openedAt}`, pnl: '0', openedAt, closedAt });
    // [−5, 10] clipped to [0, 10]; [5, 20] joins it → [0, 20]; [8, 12] nested; [30, 40]; [95, 120] clipped to [95, 100].
    expect(exposure([t(-5, 10), t(5, 20), t(8, 12), t(30, 40), t(95, 120)], 0, 100)).toBe(20 + 10 + 5);
    expect(exposure([], 0, 100)).toBe(0);
  });
});

describe('groupRows', () => {
  it('breaks P&L ties by key', () => {
    const ts = [trade({ positionId: 'a', pnl: '1', closedAt: 1, exchange: 'b' }), trade({ positionId: 'b', pnl: '1', closedAt: 2, exchange: 'a' })];
    expect(groupRows(ts, (t) => t.exchange, '100').map((g) => g.key)).toEqual(['a', 'b']);
  });
});
