import { dec } from '../../execution/money.js';
import { count, fixed } from '../number-format.js';
import { W, boxSwatch, c, esc, legend, svgDoc } from '../svg-kit.js';
import type { GroupRow } from './build-report.js';

const L = 10;
const R = W - 10;
/** Rows drawn at most; the tables below the chart list every row. */
export const MAX_BARS = 15;

/**
 * Net P&L per group as bars from a shared zero line: gains to the right, losses to the left, on one
 * scale so bars compare across the chart. Rows in the order given (largest P&L first).
 */
export function pnlBarChart(id: string, title: string, rows: readonly GroupRow[], currency: string): string {
  const shown = rows.slice(0, MAX_BARS);
  const top = 48;
  const row = 40;
  const height = top + Math.max(1, shown.length) * row + 8;
  const vals = shown.map((r) => Number(r.netPnl));
  const pos = Math.max(0, ...vals);
  const neg = Math.max(0, ...vals.map((v) => -v));
  const span = pos + neg > 0 ? pos + neg : 1;
  const zero = L + (neg / span) * (R - L);
  const w = (v: number): number => (Math.abs(v) / span) * (R - L);
  let body = legend([{ label: `gain (${currency})`, swatch: boxSwatch('pass') }, { label: `loss (${currency})`, swatch: boxSwatch('stop') }], L, 36);
  if (shown.length === 0) body += `<text class="lg" x="${L}" y="${top + 20}">no closed trades</text>`;
  shown.forEach((r, i) => {
    const y = top + i * row;
    const v = vals[i] as number;
    const pnl = dec(r.netPnl);
    body += `<text class="lg" x="${L}" y="${c(y + 12)}"><tspan class="b">${esc(r.key)}</tspan>: net ${esc(pnl.toFixed())} ${esc(currency)} · ${count(r.trades)} trade${r.trades === 1 ? '' : 's'} · win rate ${r.winRate === null ? '—' : `${fixed(r.winRate, 1)} %`}</text>`;
    if (v !== 0) body += `<rect class="${v > 0 ? 'pass' : 'stop'}" x="${c(v > 0 ? zero : zero - w(v))}" y="${c(y + 18)}" width="${c(Math.max(w(v), 1.5))}" height="14"/>`;
    // The zero line per row, beside the bar only, so it never crosses the labels.
    body += `<line class="axis" x1="${c(zero)}" y1="${c(y + 16)}" x2="${c(zero)}" y2="${c(y + 34)}"/>`;
  });
  const more = rows.length > shown.length ? ` (first ${shown.length} of ${rows.length})` : '';
  return svgDoc(id, `${title}${more}`, height, body, shown.map((r) => `${r.key} ${r.netPnl}`).join('; '));
}
