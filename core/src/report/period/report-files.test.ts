import { describe, expect, it } from 'vitest';
import { buildReport, startingEquityAt } from './build-report.js';
import { REPORT_CSV_HEADER, headline, reportCsv, reportJson } from './report-files.js';
import { dayPeriod } from './report-period.js';
import { ACCOUNTS, DAY, SET, trade } from '../../../../test/support/report-trades.js';

const report = buildReport({ period: dayPeriod(DAY), trades: SET, startingEquity: startingEquityAt(ACCOUNTS, SET.filter((t) => t.closedAt >= DAY)), defaultStartingEquity: '10000' });

describe('report CSV', () => {
  it('has one row per trade of the period, exit order, exact money and ISO times', () => {
    const lines = reportCsv(report).split('\n');
    expect(lines[0]).toBe(REPORT_CSV_HEADER);
    expect(lines).toHaveLength(1 + 5 + 1); // header, p1 p2 p3 p4 p6, final LF
    expect(lines.at(-1)).toBe('');
    // pnl % = 10 / (100 × 10) × 100 = 1.0000; p2: −5 / (50 × 10) × 100 = −1.0000; p6: −2.5 / (1.08 × 1000) × 100 = −0.231481… → −0.2315.
    expect(lines[1]).toBe('p1,2024-03-04T23:30:00.000Z,2024-03-05T00:30:00.000Z,orderflow_scalp,orderflow_scalp,binance,BTC/USDT,long,USDT,100,101.1,10,1,10,1.0000,trailing_stop,sig-p1');
    expect(lines[2]).toBe('p2,2024-03-05T01:30:00.000Z,2024-03-05T02:00:00.000Z,orderflow_scalp,orderflow_scalp,binance,ETH/USDT,short,USDT,50,50.4,10,1,-5,-1.0000,trailing_stop,sig-p2');
    expect(lines[3]).toContain(',meme_hunter,meme,bybit,');
    expect(lines[5]).toBe('p6,2024-03-05T04:30:00.000Z,2024-03-05T05:00:00.000Z,orderflow_scalp,orderflow_scalp,oanda,EUR/USD,long,USD,1.08,1.0775,1000,0.5,-2.5,-0.2315,max_hold,sig-p6');
  });

  it('quotes text fields that need it and leaves a missing signal empty', () => {
    const r = buildReport({ period: dayPeriod(DAY), trades: [trade({ positionId: 'q', pnl: '1', closedAt: DAY + 1, reason: 'stop, "hard"', signalId: null })], startingEquity: {}, defaultStartingEquity: '100' });
    expect(reportCsv(r).split('\n')[1]).toMatch(/,"stop, ""hard""",$/);
  });
});

describe('report JSON', () => {
  const json = reportJson(report);
  const doc = JSON.parse(json) as { report: string; start: string; end: string; trades: number; currencies: { quote: string; summary: Record<string, unknown>; byVenue: { key: string; netPnl: string; profitFactor: number | null; winRate: number }[]; best: { positionId: string }[] }[]; ledger: unknown };

  it('names the period and carries the summary per currency', () => {
    expect([doc.report, doc.start, doc.end, doc.trades]).toEqual(['daily-2024-03-05', '2024-03-05T00:00:00.000Z', '2024-03-06T00:00:00.000Z', 5]);
    const usdt = doc.currencies.find((c) => c.quote === 'USDT')!;
    expect(usdt.summary).toMatchObject({ trades: 4, wins: 2, losses: 2, winRate: 50, netPnl: '15', fees: '5', profitFactor: 2, startingEquity: '1000', endingEquity: '1015' });
    // Ratios with 6 decimals: Sharpe 0.27851655… → 0.278517, max drawdown 0.97560976 → 0.97561.
    expect(usdt.summary.sharpe).toBe(0.278517);
    expect(usdt.summary.maxDrawdownPct).toBe(0.97561);
    // binance: win rate 33.333333 %, profit factor 0.666667.
    expect(usdt.byVenue[1]).toMatchObject({ key: 'binance', netPnl: '-5', winRate: 33.333333, profitFactor: 0.666667 });
    expect(usdt.best.map((t) => t.positionId)).toEqual(['p3', 'p1']);
    expect(doc.ledger).toBeNull();
  });

  it('keeps the summary keys in the shared order and ends with a newline', () => {
    const keys = Object.keys(doc.currencies[1]!.summary);
    expect(keys.slice(0, 5)).toEqual(['trades', 'wins', 'losses', 'winRate', 'netPnl']);
    expect(json.endsWith('}\n')).toBe(true);
    expect(reportJson(report)).toBe(json);
  });

  it('gives the reports document its headline numbers', () => {
    expect(headline(report).map((h) => [h.quote, h.trades, h.netPnl, h.winRate])).toEqual([['USD', 1, '-2.5', 0], ['USDT', 4, '15', 50]]);
  });
});
