import { describe, expect, it } from 'vitest';
import { buildReport, ledgerTotals, startingEquityAt } from './build-report.js';
import { renderPeriodReportHtml } from './period-report-html.js';
import { dayPeriod, weekPeriod } from './report-period.js';
import { ACCOUNTS, DAY, SET, trade } from '../../../../test/support/report-trades.js';

const links = { csv: 'daily-2024-03-05.csv', json: 'daily-2024-03-05.json' };
const report = buildReport({ period: dayPeriod(DAY), trades: SET, startingEquity: startingEquityAt(ACCOUNTS, SET.filter((t) => t.closedAt >= DAY)), defaultStartingEquity: '10000', ledger: ledgerTotals(['2024-03-05'], [{ realizedPnl: '12.5', fees: '5.5', trades: 5, wins: 2 }]) });
const html = renderPeriodReportHtml(report, links);

describe('renderPeriodReportHtml', () => {
  it('is one self-contained page: no scripts, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/);
    expect(html).toContain("default-src 'none'");
  });

  it('has a section per currency with the KPIs, charts and breakdown tables', () => {
    expect(html).toContain('<title>Cascade daily report 2024-03-05</title>');
    expect(html).toMatch(/<h2 id="cur-usdt">USDT<\/h2>/);
    expect(html).toMatch(/<h2 id="cur-usd">USD<\/h2>/);
    for (const k of ['Win rate', 'Profit factor', 'Sharpe (per trade)', 'Sortino (per trade)', 'VaR 95 % / trade', 'Max drawdown', 'Fees paid']) expect(html).toContain(`<div class="k">${k}</div>`);
    for (const id of ['pnl-strategy-usdt', 'pnl-module-usdt', 'pnl-venue-usdt', 'pnl-symbol-usdt', 'by-venue-usdt', 'by-symbol-usdt', 'best-usdt', 'worst-usdt', 'equity-usdt', 'drawdown-usdt', 'exits-usdt']) expect(html).toContain(`id="${id}"`);
    // USDT: net P&L 15 USDT; binance row −5 over 3 trades.
    expect(html).toContain('<div class="v pos">15.00 USDT</div>'); // cents: USDT shows 2 decimals (money-display.ts)
    expect(html).toMatch(/<td class="t">binance<\/td><td>3<\/td><td>1<\/td><td>2<\/td><td>33.3 %<\/td><td class="neg">-5<\/td>/);
  });

  it('keeps element ids unique across the currency sections', () => {
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // Every clip-path reference points at a clip path on the page.
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('states the ledger check and names the sibling files', () => {
    expect(html).toContain('realised 12.5, fees 5.5 (matches the trades)');
    expect(html).toContain('daily-2024-03-05.csv (every trade), daily-2024-03-05.json (the summary)');
  });

  it('renders the same bytes twice and escapes what it prints', () => {
    expect(renderPeriodReportHtml(report, links)).toBe(html);
    const r = buildReport({ period: weekPeriod(DAY), trades: [trade({ positionId: '<b>x</b>', pnl: '1', closedAt: DAY + 1, symbol: 'A&B/USDT' })], startingEquity: {}, defaultStartingEquity: '100' });
    const h = renderPeriodReportHtml(r, links);
    expect(h).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(h).not.toContain('<b>x</b>');
    expect(h).toContain('Cascade weekly report 2024-W10 (2024-03-04 → 2024-03-10)');
  });

  it('says so when nothing closed', () => {
    const empty = renderPeriodReportHtml(buildReport({ period: dayPeriod(DAY), trades: [], startingEquity: {}, defaultStartingEquity: '1' }), links);
    expect(empty).toContain('No trades closed in this period.');
  });
});
