import { describe, expect, it } from 'vitest';
import { groupReports, parseCsv, pnlCurve, tradeTable } from './report-vm.js';

describe('report files', () => {
  it('parses RFC 4180 CSV: quotes, doubled quotes, commas and CRLF inside', () => {
    expect(parseCsv('a,b\r\n"x,1","say ""hi"""\n3,\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['3', ''],
    ]);
  });
  it('cumulative P&L and drawdown of a backtest trades.csv, in exit-time order', () => {
    const t = tradeTable('id,exitTime,pnl\nb,2000,-3.5\na,1000,2\nc,3000,1.25\n');
    // 2 → 2 − 3.5 = −1.5 → −1.5 + 1.25 = −0.25; peak 2: drawdown 0, 3.5, 2.25
    expect(pnlCurve(t)).toEqual([
      { t: 1000, equity: '2', drawdown: '0' },
      { t: 2000, equity: '-1.5', drawdown: '3.5' },
      { t: 3000, equity: '-0.25', drawdown: '2.25' },
    ]);
  });
  it('period reports (closedAt ISO) too; a table without the columns has no curve', () => {
    expect(pnlCurve(tradeTable('positionId,closedAt,pnl\np,2024-03-05T00:00:01.000Z,4\n'))).toEqual([{ t: Date.UTC(2024, 2, 5, 0, 0, 1), equity: '4', drawdown: '0' }]);
    expect(pnlCurve(tradeTable('x,y\n1,2\n'))).toBeNull();
  });
  it('groups a backtest folder as one report and period files by stem, newest first', () => {
    const f = (path: string) => ({ path, url: `/r/${path}` });
    const g = groupReports([f('backtests/eth/trades.csv'), f('backtests/eth/summary.json'), f('backtests/eth/report.html'), f('2024/03/05/daily-2024-03-05.csv'), f('2024/03/05/daily-2024-03-05.html'), f('2024/03/06/daily-2024-03-06.json'), f('notes.txt')]);
    expect(g.map((e) => [e.id, e.csv?.path ?? null, e.html?.path ?? null, e.json?.path ?? null])).toEqual([
      ['backtests/eth', 'backtests/eth/trades.csv', 'backtests/eth/report.html', 'backtests/eth/summary.json'],
      ['2024/03/06/daily-2024-03-06', null, null, '2024/03/06/daily-2024-03-06.json'],
      ['2024/03/05/daily-2024-03-05', '2024/03/05/daily-2024-03-05.csv', '2024/03/05/daily-2024-03-05.html', null],
    ]);
  });
});
