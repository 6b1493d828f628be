import { describe, expect, it } from 'vitest';
import type { GroupRow } from './build-report.js';
import { MAX_BARS, pnlBarChart } from './pnl-bar-chart.js';

const row = (key: string, netPnl: string): GroupRow => ({ key, trades: 1, wins: 0, losses: 0, winRate: 0, netPnl, grossProfit: '0', grossLoss: '0', fees: '0', profitFactor: null, expectancy: netPnl });
const rects = (svg: string) => [...svg.matchAll(/<rect class="(pass|stop)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ cls: m[1], x: Number(m[2]), w: Number(m[3]) }));

describe('pnlBarChart', () => {
  it('draws gains right and losses left of one zero line, on one scale', () => {
    // Plot 10…630 (620 units); gains up to 30, losses down to −10: zero at 10 + 10/40 × 620 = 165;
    // +30 → 465 units wide from 165; −10 → 155 wide ending at 165; +15 → 232.5.
    const bars = rects(pnlBarChart('t', 'P&L', [row('a', '30'), row('b', '15'), row('c', '-10')], 'USDT'));
    expect(bars).toEqual([{ cls: 'pass', x: 165, w: 465 }, { cls: 'pass', x: 165, w: 232.5 }, { cls: 'stop', x: 10, w: 155 }]);
  });

  it('draws no bar for a flat group and says so when there is none', () => {
    expect(rects(pnlBarChart('t', 'P&L', [row('a', '0')], 'USDT'))).toEqual([]);
    expect(pnlBarChart('t', 'P&L', [], 'USDT')).toContain('no closed trades');
  });

  it('caps the rows and says how many there were', () => {
    const many = Array.from({ length: MAX_BARS + 3 }, (_, i) => row(`k${i}`, String(100 - i)));
    const svg = pnlBarChart('t', 'By symbol', many, 'USDT');
    expect(rects(svg)).toHaveLength(MAX_BARS);
    expect(svg).toContain(`By symbol (first ${MAX_BARS} of ${MAX_BARS + 3})`);
  });
});
