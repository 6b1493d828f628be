import { describe, expect, it } from 'vitest';
import { buildReport, ledgerTotals, startingEquityAt } from './build-report.js';
import { renderReportEmail } from './report-email.js';
import { dayPeriod, weekPeriod } from './report-period.js';
import { ACCOUNTS, DAY, SET } from '../../../../test/support/report-trades.js';

const report = buildReport({ period: dayPeriod(DAY), trades: SET, startingEquity: startingEquityAt(ACCOUNTS, SET.filter((t) => t.closedAt >= DAY)), defaultStartingEquity: '10000' });
const cloud = { html: 'https://storage.example/r.html?X-Goog-Signature=a&b', csv: 'https://storage.example/r.csv', json: 'https://storage.example/r.json', clickable: true };

describe('renderReportEmail', () => {
  it('puts the trade count and each currency’s P&L in the subject', () => {
    const e = renderReportEmail(report, cloud, null);
    expect(e.subject).toBe('[Cascade] Daily report 2024-03-05: 5 trades, -2.5 USD, +15 USDT');
    expect(e.severity).toBe('info');
  });

  it('summarises each currency and links the files (signed URLs, escaped)', () => {
    const e = renderReportEmail(report, cloud, null);
    expect(e.html).toContain('href="https://storage.example/r.html?X-Goog-Signature=a&amp;b"');
    expect(e.html).toContain('Open the full report');
    expect(e.text).toContain('Report: https://storage.example/r.html?X-Goog-Signature=a&b');
    // USDT: 4 trades, 2 won / 2 lost, win rate 50.0 %, profit factor 2.00, best trade p3 +20 on bybit, worst p4 −10.
    expect(e.text).toContain('Trades (won / lost): 4 (2 / 2)');
    expect(e.text).toContain('Win rate: 50.0 %');
    expect(e.text).toContain('Profit factor: 2.00');
    expect(e.text).toContain('Best trade: BTC/USDT bybit +20');
    expect(e.text).toContain('Worst trade: BTC/USDT binance -10');
    expect(e.text).toContain('Top module: meme_hunter +20');
    expect(e.text).toContain('The links stay valid for 7 days.');
  });

  it('attaches the summary when the mailer can, and only then says so', () => {
    const body = '{"report":"daily-2024-03-05"}\n';
    const e = renderReportEmail(report, cloud, { filename: 'daily-2024-03-05.json', body });
    expect(e.attachments).toEqual([{ filename: 'daily-2024-03-05.json', content: Buffer.from(body).toString('base64'), type: 'application/json' }]);
    expect(e.text).toContain('The summary is attached as daily-2024-03-05.json.');
    const without = renderReportEmail(report, cloud, null);
    expect(without.attachments).toEqual([]);
    expect(without.text).not.toContain('attached');
  });

  it('shows local file paths as text, not links, and warns when the ledger disagrees', () => {
    const r = buildReport({ period: weekPeriod(DAY), trades: SET, startingEquity: {}, defaultStartingEquity: '1000', ledger: ledgerTotals(['2024-03-05'], [{ realizedPnl: '1', fees: '0', trades: 1, wins: 1 }]) });
    const e = renderReportEmail(r, { html: '/tmp/r/2024/03/04/weekly-2024-W10.html', csv: '/tmp/a.csv', json: '/tmp/a.json', clickable: false }, null);
    expect(e.subject.startsWith('[Cascade] Weekly report 2024-W10: ')).toBe(true);
    expect(e.html).not.toContain('<a href');
    expect(e.html).toContain('/tmp/r/2024/03/04/weekly-2024-W10.html');
    expect(e.text).toContain('does not match the trade history');
  });

  it('renders the same bytes for the same input', () => {
    expect(renderReportEmail(report, cloud, null)).toEqual(renderReportEmail(report, cloud, null));
  });
});
