import { type BacktestResult } from '../../backtest/backtest-result.js';
import { formatTradePnlPct } from '../../backtest/trade-pnl-pct.js';
import { utc } from '../axis-ticks.js';
import { exitReasonChart } from '../bar-charts.js';
import { count, fixed } from '../number-format.js';
import { MAX_TABLE_ROWS } from '../backtest-report-html.js';
import { esc } from '../svg-kit.js';
import { money, moneyTone, num, profitFactorText, summaryCards } from '../summary-cards.js';
import { drawdownChart, equityChart } from '../time-charts.js';
import type { CurrencyReport, GroupRow, PeriodReport } from './build-report.js';
import { pnlBarChart } from './pnl-bar-chart.js';
import { ReportKind, periodLabel } from './report-period.js';
import { type ReportTrade, toClosedTradeRecord } from './report-trade.js';

export interface PeriodReportLinks {
  /** How the page names its sibling files (relative: they sit in the same folder). */
  readonly csv: string;
  readonly json: string;
}

// The chart classes are the backtest report's (svg-kit, time-charts, bar-charts), so their colours match.
const STYLE = `
:root{color-scheme:light}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:12px}
h1{font-size:1.35rem;margin:.4rem 0}h2{font-size:1.15rem;margin:1.8rem 0 .5rem;border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1.2rem 0 .4rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9rem;color:#444;margin:0 0 .5rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0;overflow-wrap:anywhere}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.kpi{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 10px}.kpi .k{font-size:.78rem;color:#555}.kpi .v{font-size:1.15rem;font-weight:600;overflow-wrap:anywhere}
.pos{color:#00734f}.neg{color:#b33c00}.warn{color:#b33c00;font-weight:600}
figure{margin:0 0 12px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px;overflow-x:auto}
figcaption{font-size:.82rem;color:#555;padding:2px 4px}
svg.chart{display:block;width:100%;height:auto;min-width:540px;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.ttl{font-size:15px;font-weight:600;fill:#1a1a1a}.halo{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.tk,.lg,.at{font-size:12px;fill:#333}.at{fill:#555}.b{font-weight:600}
.grid{stroke:#e6e6e6}.axis{stroke:#888}.ref{stroke:#888;stroke-dasharray:5 4;fill:none}
.eq{fill:none;stroke:#0072B2;stroke-width:1.8}.dd{fill:#D55E0040;stroke:#D55E00;stroke-width:1.2}.ddm{fill:#D55E00}
.pass{fill:#009E73}.stop{fill:#D55E00}.rest{fill:#bbb}.track{fill:#f0f0f0}
.tw{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px;margin-bottom:10px}
table{border-collapse:collapse;font-size:.8rem;white-space:nowrap;width:100%}th,td{padding:3px 6px;border-bottom:1px solid #eee;text-align:right}
th{position:sticky;top:0;background:#f3f3f3}td.t,th.t{text-align:left}
.defs{font-size:.85rem;color:#333}.defs li{margin:.2rem 0}
`;

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** The shared charts carry fixed element ids; a page with several currencies needs them unique. */
function renameIds(svg: string, base: string, suffix: string): string {
  return svg.replace(new RegExp(`(id="|#|aria-labelledby=")${base}(?=["-])`, 'g'), `$1${base}-${suffix}`);
}

const table = (id: string, head: readonly string[], textCols: ReadonlySet<string>, rows: readonly string[]): string =>
  `<div class="tw"><table id="${esc(id)}"><thead><tr>${head.map((h) => `<th${textCols.has(h) ? ' class="t"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;

function groupTable(id: string, label: string, rows: readonly GroupRow[]): string {
  const body = rows.map((r) => {
    const cls = moneyTone(r.netPnl);
    return `<tr><td class="t">${esc(r.key)}</td><td>${count(r.trades)}</td><td>${count(r.wins)}</td><td>${count(r.losses)}</td><td>${num(r.winRate, 1, ' %')}</td>`
      + `<td${cls ? ` class="${cls}"` : ''}>${esc(money(r.netPnl))}</td><td>${esc(money(r.fees))}</td><td>${esc(profitFactorText(r.profitFactor, r.wins))}</td><td>${esc(money(r.expectancy))}</td></tr>`;
  });
  return table(id, [label, 'trades', 'wins', 'losses', 'win rate', 'net P&L', 'fees', 'profit factor', 'avg P&L'], new Set([label]), body);
}

function tradeRows(trades: readonly ReportTrade[], limit: number): string[] {
  const out: string[] = [];
  const n = Math.min(trades.length, limit);
  for (let i = 0; i < n; i++) {
    const t = trades[i] as ReportTrade;
    const cls = moneyTone(t.pnl);
    const c = cls ? ` class="${cls}"` : '';
    out.push(`<tr><td>${i + 1}</td><td>${utc(t.closedAt)}</td><td class="t">${esc(t.positionId)}</td><td class="t">${esc(t.module)}</td><td class="t">${esc(t.exchange)}</td><td class="t">${esc(t.symbol)}</td><td class="t">${t.side}</td>`
      + `<td>${esc(t.entryPrice)}</td><td>${esc(t.exitPrice)}</td><td>${esc(t.amount)}</td><td${c}>${esc(t.pnl)}</td><td${c}>${formatTradePnlPct(toClosedTradeRecord(t), 3)}</td>`
      + `<td>${esc(t.fees)}</td><td>${fixed((t.closedAt - t.openedAt) / 1000, 1)}</td><td class="t">${esc(t.reason)}</td></tr>`);
  }
  return out;
}

const TRADE_HEAD = ['#', 'closed (UTC)', 'position', 'module', 'venue', 'symbol', 'side', 'entry', 'exit', 'amount', 'pnl', 'pnl %', 'fees', 'held s', 'exit reason'];
const TRADE_TEXT = new Set(['position', 'module', 'venue', 'symbol', 'side', 'exit reason']);

function currencySection(r: PeriodReport, cur: CurrencyReport): string {
  const q = cur.quote;
  const s = slug(q);
  const shim: BacktestResult = { startingEquity: cur.startingEquity, trades: [...cur.records], equityCurve: [...cur.equityCurve], priceSeries: [], funnel: [], filterStats: [], period: { from: r.period.start, to: r.period.end }, exposureMs: cur.exposureMs };
  const fig = (svg: string, caption = ''): string => `<figure>${svg}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
  const breakdowns: [string, string, readonly GroupRow[]][] = [
    ['strategy', 'Strategy', cur.byStrategy],
    ['module', 'Module', cur.byModule],
    ['venue', 'Venue', cur.byVenue],
    ['symbol', 'Symbol', cur.bySymbol],
  ];
  return `<h2 id="cur-${esc(s)}">${esc(q)}</h2>
${summaryCards(cur.summary, q)}
<h3>Equity</h3>
${fig(renameIds(equityChart(shim, q), 'equity', s))}
${fig(renameIds(drawdownChart(shim), 'drawdown', s))}
${breakdowns.map(([k, label, rows]) => `<h3>P&amp;L by ${k}</h3>\n${fig(pnlBarChart(`pnl-${k}-${s}`, `Net P&L by ${k} (${q})`, rows, q))}\n${groupTable(`by-${k}-${s}`, label.toLowerCase(), rows)}`).join('\n')}
<h3>Exits</h3>
${fig(renameIds(exitReasonChart(cur.records, q), 'exits', s))}
<h3>Best trades</h3>
${cur.best.length ? table(`best-${s}`, TRADE_HEAD, TRADE_TEXT, tradeRows(cur.best, cur.best.length)) : '<p>No winning trade.</p>'}
<h3>Worst trades</h3>
${cur.worst.length ? table(`worst-${s}`, TRADE_HEAD, TRADE_TEXT, tradeRows(cur.worst, cur.worst.length)) : '<p>No losing trade.</p>'}`;
}

const DEFINITIONS = [
  'Per quote currency: P&amp;L in different currencies is never added together.',
  'Start equity = realised equity of the paper accounts in that currency when the period began (starting equity + realised P&amp;L before the period).',
  'Returns r<sub>i</sub> = pnl<sub>i</sub> / equity before trade i, trades in exit order. Sharpe = mean r / sample standard deviation of r, risk-free 0, not annualised; Sortino = mean r / √(Σ min(r, 0)² / n).',
  'Annualised Sharpe = per-trade Sharpe × √(trades per year), trades per year = trades × 365 d / period length.',
  'VaR = −(1 − c) quantile of r in percent (linear interpolation, numpy default), 0 when that quantile is a gain.',
  'Profit factor = gross profit / gross loss. Win: pnl &gt; 0 after fees; loss: pnl &lt; 0. pnl % = pnl / (entry price × amount) × 100.',
  'Max drawdown = largest fall of realised equity from its running peak within the period, in percent of that peak. Exposure = time with a position open / period length.',
  'A trade belongs to the period in which it closed (UTC). Trades without a module count under their strategy, by default orderflow_scalp.',
];

/**
 * The period report page: one self-contained HTML document (inline CSS and SVG, no scripts, nothing
 * fetched; a CSP forbids it). Pure and deterministic: no clock reading, so reruns give the same bytes.
 */
export function renderPeriodReportHtml(r: PeriodReport, links: PeriodReportLinks): string {
  const kind = r.period.kind === ReportKind.Daily ? 'Daily' : 'Weekly';
  const title = `Cascade ${kind.toLowerCase()} report ${periodLabel(r.period)}`;
  const l = r.ledger;
  const details: [string, string][] = [
    ['Period', `${utc(r.period.start)} → ${utc(r.period.end)} UTC (trades closed in it)`],
    ['Trades', `${count(r.trades.length)}${r.currencies.length > 1 ? ` in ${r.currencies.map((c) => c.quote).join(', ')}` : ''}`],
    ...(l ? [['Ledger', `portfolio ${l.days[0] ?? ''}${l.days.length > 1 ? ` … ${l.days.at(-1) ?? ''}` : ''}: ${l.trades} trades, realised ${l.realizedPnl}, fees ${l.fees}${l.matches ? ' (matches the trades)' : ' (DOES NOT match the trades)'}`] as [string, string]] : []),
    ['Files', `${links.csv} (every trade), ${links.json} (the summary)`],
    ...(r.skipped.length ? [['Skipped', `${r.skipped.length} trade document(s) failing their schema: ${r.skipped.join('; ')}`] as [string, string]] : []),
  ];
  const cards = r.currencies.map((c) => currencySection(r, c)).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"/>
<title>${esc(title)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<dl class="meta">${details.map(([k, v]) => `<dt>${esc(k)}</dt><dd${k === 'Ledger' && l && !l.matches ? ' class="warn"' : ''}>${esc(v)}</dd>`).join('')}</dl>
${r.trades.length === 0 ? '<p>No trades closed in this period.</p>' : cards}
<h2>Trades</h2>
${r.trades.length > MAX_TABLE_ROWS ? `<p>First ${count(MAX_TABLE_ROWS)} of ${count(r.trades.length)} trades in exit order; every trade is in ${esc(links.csv)}.</p>` : ''}
${table('trades', TRADE_HEAD, TRADE_TEXT, tradeRows(r.trades, MAX_TABLE_ROWS))}
<h2>Definitions</h2>
<ul class="defs">${DEFINITIONS.map((d) => `<li>${d}</li>`).join('')}</ul>
</main></body></html>
`;
}
