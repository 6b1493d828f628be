import { describe, expect, it } from 'vitest';
import { type BacktestResult, type ClosedTradeRecord } from '../backtest/backtest-result.js';
import { computeSummary } from '../backtest/summary.js';
import { MAX_TABLE_ROWS, renderReportHtml } from './backtest-report-html.js';
import { MAX_MARKERS } from './time-charts.js';

const from = Date.UTC(2021, 0, 8, 9, 0, 0);
const to = from + 6 * 3_600_000;

const trade = (id: string, side: 'long' | 'short', entryMin: number, exitMin: number, entryPrice: string, exitPrice: string, pnl: string): ClosedTradeRecord => ({
  id, symbol: 'BTC/USDT', side, entryTime: from + entryMin * 60_000, entryPrice, exitTime: from + exitMin * 60_000, exitPrice, qty: '0.01', pnl, fees: '0.76', exitReason: 'trailing_stop', score: 5,
});

function small(): BacktestResult {
  const trades = [
    trade('w-long', 'long', 30, 40, '38000', '38200', '1.24'),
    trade('<script>alert(1)</script>', 'long', 100, 120, '38100', '37900', '-2.76'),
    trade('w-short', 'short', 200, 230, '38300', '38000', '2.24'),
  ];
  return {
    startingEquity: '10000',
    trades,
    equityCurve: [{ ts: from, equity: '10000' }, { ts: from + 40 * 60_000, equity: '10001.24' }, { ts: from + 120 * 60_000, equity: '9998.48' }, { ts: from + 230 * 60_000, equity: '10000.72' }],
    priceSeries: Array.from({ length: 361 }, (_, i) => ({ ts: from + i * 60_000, price: 38_000 + 300 * Math.sin(i / 40) })),
    funnel: [
      { level: 'L1 regime', evaluated: 1000, stoppedHere: 700, passed: 300 },
      { level: 'L2 zone', evaluated: 300, stoppedHere: 250, passed: 50 },
      { level: 'L3 cascade', evaluated: 50, stoppedHere: 40, passed: 10 },
      { level: 'L4 bounce', evaluated: 10, stoppedHere: 7, passed: 3 },
    ],
    filterStats: [{ filter: 'market_profile', evaluated: 3, fired: 2, pointsTotal: 2 }, { filter: 'fvg', evaluated: 3, fired: 0, pointsTotal: 0 }],
    period: { from, to },
    exposureMs: 60 * 60_000,
  };
}

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

/** Checks that every element is closed in order (the page is written as XHTML-style markup). Returns open-tag names. */
function wellFormed(html: string): string[] {
  const stack: string[] = [];
  const seen: string[] = [];
  for (const m of html.replace(/<!DOCTYPE html>/, '').matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, close, name, , self] = m as unknown as [string, string, string, string, string];
    if (close) {
      const top = stack.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top ?? 'nothing'}>`);
    } else {
      seen.push(name);
      if (!self && !VOID.has(name)) stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(' ')}`);
  return seen;
}

const svgOf = (html: string, id: string): string => {
  const m = new RegExp(`<svg id="${id}"[^>]*>[\\s\\S]*?</svg>`).exec(html);
  if (m === null) throw new Error(`no svg#${id}`);
  return m[0];
};

describe('renderReportHtml', () => {
  const r = small();
  const s = computeSummary(r);
  const html = renderReportHtml(r, s, { title: 'Backtest BTC/USDT', currency: 'USDT', priceSymbol: 'BTC/USDT', details: [['Tape', 'a.csv']] });

  it('is deterministic: the same input renders the same bytes', () => {
    expect(renderReportHtml(small(), computeSummary(small()), { title: 'Backtest BTC/USDT', currency: 'USDT', priceSymbol: 'BTC/USDT', details: [['Tape', 'a.csv']] })).toBe(html);
  });

  it('is well-formed and self-contained: no scripts, no external resources', () => {
    expect(() => wellFormed('<svg><g><rect></g></svg>')).toThrow(/closes/); // the checker itself can fail
    const tags = wellFormed(html);
    expect(tags).not.toContain('script');
    expect(tags).not.toContain('link');
    expect(tags).not.toContain('img');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/);
    expect(html.match(/https?:\/\/[^"\s]*/g)?.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true); // the SVG namespace is a name, not a fetch
    expect(html).toContain('Content-Security-Policy');
  });

  it('draws the six charts as SVG with a viewBox, a title and axis labels', () => {
    for (const id of ['equity', 'drawdown', 'price', 'funnel', 'filters', 'exits']) {
      const svg = svgOf(html, id);
      expect(svg).toMatch(/viewBox="0 0 640 \d+"/);
      expect(svg).toMatch(/<title id="[\w-]+">[^<]+<\/title>/);
    }
    const eq = svgOf(html, 'equity');
    expect(eq).toContain('>10:00<');
    expect(eq).toContain('>2021-01-08<');
    expect(eq).toContain('equity (USDT)');
    expect(eq).toContain('times in UTC');
    expect(eq).toMatch(/<path class="eq"[^>]* d="M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)+H[\d.]+"/);
    expect(svgOf(html, 'drawdown')).toContain('max −0.03 %'); // peak 10001.24 → 9998.48: 2.76 / 10001.24 = 0.0276 %
    expect(svgOf(html, 'price')).toContain('price (USDT)');
  });

  it('marks entries by side and exits by outcome', () => {
    const price = svgOf(html, 'price');
    const count = (re: RegExp): number => price.match(re)?.length ?? 0;
    // one legend key each, plus the trades: two longs, one short; two wins, one loss.
    expect(count(/<path class="le"/g)).toBe(1 + 2);
    expect(count(/<path class="se"/g)).toBe(1 + 1);
    expect(count(/<circle class="xw"/g)).toBe(1 + 2);
    expect(count(/<circle class="xl"/g)).toBe(1 + 1);
    expect(price).toContain('w-short short BTC/USDT: 2021-01-08 12:20:00 @ 38300 → 2021-01-08 12:50:00 @ 38000');
  });

  it('shows the funnel counts, the filter statistics and the KPIs', () => {
    expect(svgOf(html, 'funnel')).toContain('L3 cascade</tspan>: 50 evaluated · 40 stopped here (80.0 %) · 10 passed');
    expect(svgOf(html, 'filters')).toContain('market_profile</tspan>: fired 2 of 3 (66.7 %) · 1.00 pts avg');
    expect(svgOf(html, 'filters')).toContain('fvg</tspan>: fired 0 of 3 (0.0 %) · never fired');
    expect(html).toContain('<div class="k">Win rate</div><div class="v">66.67 %</div>');
    expect(html).toContain('<div class="k">Net P&amp;L (after fees)</div><div class="v pos">0.72 USDT</div>');
  });

  it('renders an empty backtest (no trades, no prices, zero-length period) without NaN', () => {
    const empty: BacktestResult = { startingEquity: '1000', trades: [], equityCurve: [], priceSeries: [], funnel: [], filterStats: [], period: { from, to: from }, exposureMs: 0 };
    const out = renderReportHtml(empty, computeSummary(empty), { title: 'empty' });
    wellFormed(out);
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(out).toContain('No closed trades.');
    expect(out).toContain('no evaluations recorded');
  });

  it('escapes text from the trades', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('stays small for a huge backtest: series downsampled, markers and table rows capped', () => {
    const n = 200_000;
    const big = small();
    big.trades = Array.from({ length: n }, (_, i) => trade(`t${i}`, i % 2 ? 'long' : 'short', (i * 360) / n, (i * 360) / n + 0.5, '38000', '38010', i % 3 ? '0.5' : '-0.4'));
    let eq = 10_000;
    big.equityCurve = [{ ts: from, equity: '10000' }, ...big.trades.map((t) => ({ ts: t.exitTime, equity: (eq += Number(t.pnl)).toFixed(2) }))];
    big.priceSeries = Array.from({ length: 1_000_000 }, (_, i) => ({ ts: from + Math.floor((i * (to - from)) / 1_000_000), price: 38_000 + (i % 997) }));
    const out = renderReportHtml(big, computeSummary(big), { title: 'big' });
    expect(Buffer.byteLength(out)).toBeLessThan(2 * 1024 * 1024);
    expect(svgOf(out, 'price').match(/<path class="[ls]e" d=/g)?.length).toBe(MAX_MARKERS + 2);
    expect(out.match(/<tr>/g)?.length).toBe(MAX_TABLE_ROWS + 1); // + header row
    expect(out).toContain('First 1\u2009000 of 200\u2009000 trades');
    wellFormed(out);
  });
});
