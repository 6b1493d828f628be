import { utc } from './axis-ticks.js';
import { exitReasonChart, filterChart, funnelChart } from './bar-charts.js';
import { scoreDistributionChart, stopReasonChart } from './funnel-charts.js';
import { warmUpText } from './funnel-summary.js';
import { type BacktestResult, type ClosedTradeRecord } from '../backtest/backtest-result.js';
import { type Summary } from '../backtest/summary.js';
import { dec } from '../execution/money.js';
import { formatTradePnlPct } from '../backtest/trade-pnl-pct.js';
import { count, fixed } from './number-format.js';
import { esc } from './svg-kit.js';
import { summaryCards } from './summary-cards.js';
import { drawdownChart, equityChart, priceChart } from './time-charts.js';

export interface ReportMeta {
  /** Heading and document title, e.g. "Backtest BTC/USDT · binance · 2021-01-08". */
  title: string;
  /** Quote currency for labels; "quote" when absent. */
  currency?: string;
  /** The symbol `priceSeries` belongs to: only its trades are marked on the price chart. All trades when absent. */
  priceSymbol?: string;
  /** Label/value lines shown under the heading (tape, config, command). Keep wall-clock times out for identical bytes. */
  details?: readonly (readonly [string, string])[];
}

/** Rows of the trades table at most; the full list is trades.csv. Keeps a huge backtest's page small. */
export const MAX_TABLE_ROWS = 1000;

const STYLE = `
:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:12px}
h1{font-size:1.35rem;margin:.4rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9rem;color:#444;margin:0 0 .5rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.kpi{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 10px}.kpi .k{font-size:.78rem;color:#555}.kpi .v{font-size:1.15rem;font-weight:600;overflow-wrap:anywhere}
.pos{color:#00734f}.neg{color:#b33c00}
figure{margin:0 0 12px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;overflow-x:auto}
figcaption{font-size:.82rem;color:#555;padding:2px 4px}
svg.chart{display:block;width:100%;height:auto;min-width:540px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.ttl{font-size:15px;font-weight:600;fill:#1a1a1a}.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.tk,.lg,.at{font-size:12px;fill:#333}.at{fill:#555}.b{font-weight:600}
.grid{stroke:#e6e6e6}.axis{stroke:#888}.ref{stroke:#888;stroke-dasharray:5 4;fill:none}
.eq{fill:none;stroke:#0072B2;stroke-width:1.8}.px{fill:none;stroke:#555;stroke-width:1.2}
.dd{fill:#D55E0040;stroke:#D55E00;stroke-width:1.2}.ddm{fill:#D55E00}
.le{fill:#0072B2}.se{fill:#E69F00}.xw{fill:#009E73;stroke:#fff}.xl{fill:#D55E00;stroke:#fff}.xb{fill:#999;stroke:#fff}
.cw{stroke:#009E73;stroke-dasharray:3 2}.cl{stroke:#D55E00;stroke-dasharray:3 2}.cb{stroke:#999;stroke-dasharray:3 2}
.r0{fill:#E69F00}.r1{fill:#56B4E9}.r2{fill:#009E73}.r3{fill:#F0E442}.r4{fill:#0072B2}.r5{fill:#D55E00}.r6{fill:#CC79A7}.r7{fill:#999}
.pass{fill:#009E73}.stop{fill:#D55E00}.rest{fill:#bbb}.track{fill:#f0f0f0}.fire{fill:#0072B2}.pts{fill:#CC79A7}
.tw{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;font-size:.8rem;white-space:nowrap;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #eee;text-align:right}
th{position:sticky;top:0;background:#f3f3f3}td.t,th.t{text-align:left}
.defs{font-size:.85rem;color:#333}.defs li{margin:.2rem 0}
`;

function tradesTable(trades: readonly ClosedTradeRecord[]): string {
  const head = ['#', 'id', 'symbol', 'side', 'entry (UTC)', 'entry price', 'exit (UTC)', 'exit price', 'qty', 'pnl', 'pnl %', 'fees', 'held s', 'exit reason', 'score'];
  const text = new Set(['id', 'symbol', 'side', 'exit reason']);
  let rows = '';
  const n = Math.min(trades.length, MAX_TABLE_ROWS);
  for (let i = 0; i < n; i++) {
    const t = trades[i] as ClosedTradeRecord;
    const pnl = dec(t.pnl);
    const cls = pnl.gt(0) ? ' class="pos"' : pnl.lt(0) ? ' class="neg"' : '';
    rows += `<tr><td>${i + 1}</td><td class="t">${esc(t.id)}</td><td class="t">${esc(t.symbol)}</td><td class="t">${t.side}</td>`
      + `<td>${utc(t.entryTime)}</td><td>${esc(t.entryPrice)}</td><td>${utc(t.exitTime)}</td><td>${esc(t.exitPrice)}</td><td>${esc(t.qty)}</td>`
      + `<td${cls}>${esc(t.pnl)}</td><td${cls}>${formatTradePnlPct(t, 3)}</td><td>${esc(t.fees)}</td><td>${fixed((t.exitTime - t.entryTime) / 1000, 1)}</td>`
      + `<td class="t">${esc(t.exitReason)}</td><td>${fixed(t.score, 2)}</td></tr>`;
  }
  const note = trades.length > n ? `<figcaption>First ${count(n)} of ${count(trades.length)} trades in exit order; every trade is in trades.csv.</figcaption>` : '';
  const empty = trades.length === 0 ? '<figcaption>No closed trades.</figcaption>' : '';
  return `${note}${empty}<div class="tw"><table id="trades"><thead><tr>${head.map((h) => `<th${text.has(h) ? ' class="t"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

const DEFINITIONS = [
  'Returns r<sub>i</sub> = pnl<sub>i</sub> / equity before trade i (realised equity: start + earlier pnl), trades in exit order.',
  'Sharpe = mean r / sample standard deviation of r (n − 1), risk-free 0, not annualised. Sortino = mean r / √(Σ min(r, 0)² / n).',
  'Annualised Sharpe = per-trade Sharpe × √(trades per year), trades per year = trades × 365 d / tape period; assumes independent, sequential trades.',
  'VaR = −(1 − c) quantile of r in percent (linear interpolation, numpy default), 0 when that quantile is a gain.',
  'Profit factor = gross profit / gross loss. Win: pnl &gt; 0 after fees; loss: pnl &lt; 0. pnl % = pnl / (entry price × qty) × 100.',
  'Max drawdown = largest fall from a running peak of the equity curve, in percent of that peak. Exposure = time with a position open / tape period.',
];

/**
 * The report page: one self-contained HTML document (inline CSS and SVG, no scripts, nothing fetched;
 * a CSP forbids it). Pure and deterministic: the same inputs render the same string.
 */
export function renderReportHtml(result: BacktestResult, summary: Summary, meta: ReportMeta): string {
  const currency = meta.currency ?? 'quote';
  const price = priceChart(result, meta.priceSymbol, currency);
  const period = `${utc(result.period.from)} → ${utc(result.period.to)} UTC`;
  const details: (readonly [string, string])[] = [['Period', period], ...(result.warmUp ? [['Regime warm-up', warmUpText(result.warmUp)] as const] : []), ...(meta.details ?? [])];
  const fig = (svg: string, caption: string): string => `<figure>${svg}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/>
<title>${esc(meta.title)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>${esc(meta.title)}</h1>
<dl class="meta">${details.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<h2>Summary</h2>
${summaryCards(summary, currency)}
<h2>Equity</h2>
${fig(equityChart(result, currency), '')}
${fig(drawdownChart(result), '')}
<h2>Price and trades</h2>
${fig(price.svg, price.drawn < price.total ? `Every ${count(Math.ceil(price.total / price.drawn))}th trade is drawn (${count(price.drawn)} of ${count(price.total)}); hover a mark for its details.` : 'Hover a mark for the trade’s details.')}
<h2>Decision levels</h2>
${fig(funnelChart(result.funnel), 'Each level sees what the level above passed; a regime of RANGING, a missing zone, a broken cascade or no bounce stops an evaluation at levels 1–4.')}
${fig(stopReasonChart(result.funnel), 'One reason per stopped evaluation: the first check that failed, in the order the level checks them (Level 1: warmingUp while the regime lacks history, then structure, adx, di, persistence, meanReversion, atr, volume). Hover a segment for what the reason means.')}
${fig(scoreDistributionChart(result.funnel.find((l) => l.level === 'confluence_score')), '')}
<h2>Score filters</h2>
${fig(filterChart(result.filterStats), '')}
<h2>Exits</h2>
${fig(exitReasonChart(result.trades, currency), '')}
<h2>Trades</h2>
${tradesTable(result.trades)}
<h2>Definitions</h2>
<ul class="defs">${DEFINITIONS.map((d) => `<li>${d}</li>`).join('')}</ul>
</main></body></html>
`;
}
