import { utc } from './axis-ticks.js';
import { type BacktestResult, type ClosedTradeRecord, type EquityPoint, type PricePoint } from '../backtest/backtest-result.js';
import { dec } from '../execution/money.js';
import { drawdownPctSeries } from '../backtest/drawdown.js';
import { tradePnlPct } from '../backtest/trade-pnl-pct.js';
import { minMaxDownsample, strideIndices } from './downsample.js';
import { fixed } from './number-format.js';
import { TimeFrame, c, esc, legend, lineSwatch, svgDoc } from './svg-kit.js';

/** Buckets per time chart: about one per viewBox unit of plot width, so nothing visible is lost. */
const BUCKETS = 560;
/** Trades drawn on the price chart at most; beyond it every k-th trade is drawn (the caption says so). */
export const MAX_MARKERS = 300;

/** The time span every time chart shares, so they line up under each other. */
export function timeSpan(r: BacktestResult): { t0: number; t1: number } {
  let t0 = r.period.from;
  let t1 = r.period.to;
  if (!(t1 > t0)) {
    // No usable period: span whatever the data covers (a loop, not Math.min(...xs), for long series).
    t0 = Infinity;
    t1 = -Infinity;
    const see = (t: number): void => {
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
    };
    for (const p of r.equityCurve) see(p.ts);
    for (const p of r.priceSeries) see(p.ts);
    for (const t of r.trades) {
      see(t.entryTime);
      see(t.exitTime);
    }
    if (!Number.isFinite(t0)) t0 = r.period.from;
    if (!(t1 > t0)) t1 = t0 + 60_000;
  }
  return { t0, t1 };
}

function range(ys: readonly number[], extra: readonly number[] = []): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...ys, ...extra]) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

function curveOf(r: BacktestResult): EquityPoint[] {
  return r.equityCurve.length > 0 ? r.equityCurve : [{ ts: timeSpan(r).t0, equity: r.startingEquity }];
}

export function equityChart(r: BacktestResult, currency: string): string {
  const { t0, t1 } = timeSpan(r);
  const curve = curveOf(r);
  const d = minMaxDownsample(curve.length, (i) => (curve[i] as EquityPoint).ts, (i) => Number((curve[i] as EquityPoint).equity), t0, t1, BUCKETS);
  const start = Number(r.startingEquity);
  const [lo, hi] = range(d.ys, [start]);
  const f = new TimeFrame('equity', 300, t0, t1, lo, hi, `equity (${currency})`, true);
  const body = f.axes()
    + `<line class="ref" x1="${c(f.left)}" y1="${c(f.sy(start))}" x2="${c(f.right)}" y2="${c(f.sy(start))}"/>`
    + f.step(d.xs, d.ys, t1, 'eq')
    + legend([{ label: 'equity after each close', swatch: lineSwatch('eq') }, { label: 'starting equity', swatch: lineSwatch('ref') }], f.left, 36);
  return svgDoc('equity', 'Equity curve', 300, body, `Realised equity from ${utc(t0)} to ${utc(t1)} UTC, ${curve.length} marks.`);
}

export function drawdownChart(r: BacktestResult): string {
  const { t0, t1 } = timeSpan(r);
  const curve = curveOf(r);
  const dd = drawdownPctSeries(curve);
  let worst = 0;
  for (let i = 1; i < dd.length; i++) if ((dd[i] as number) > (dd[worst] as number)) worst = i;
  const d = minMaxDownsample(curve.length, (i) => (curve[i] as EquityPoint).ts, (i) => -(dd[i] as number), t0, t1, BUCKETS);
  const maxDd = dd.length > 0 ? (dd[worst] as number) : 0;
  const f = new TimeFrame('drawdown', 220, t0, t1, -Math.max(maxDd, 0.01), 0, 'below peak (%)', false);
  let body = f.axes() + f.stepArea(d.xs, d.ys, t1, 0, 'dd');
  if (maxDd > 0) {
    const x = f.sx((curve[worst] as EquityPoint).ts);
    const y = f.sy(-maxDd);
    const anchor = x > (f.left + f.right) / 2 ? 'end' : 'start';
    body += `<circle class="ddm" cx="${c(x)}" cy="${c(y)}" r="3.5"/><text class="lg halo" x="${c(anchor === 'end' ? x - 8 : x + 8)}" y="${c(Math.max(y - 6, f.top + 10))}" text-anchor="${anchor}">max −${fixed(maxDd, 2)} % at ${esc(utc((curve[worst] as EquityPoint).ts))}</text>`;
  }
  return svgDoc('drawdown', 'Drawdown from the running peak', 220, body, `Largest drawdown ${fixed(maxDd, 2)} %.`);
}

/** Price with each (drawn) trade: entry triangle (up long, down short), exit dot green for a win, red for a loss. */
export function priceChart(r: BacktestResult, symbol: string | undefined, currency: string): { svg: string; drawn: number; total: number } {
  const { t0, t1 } = timeSpan(r);
  const ps = r.priceSeries;
  const d = minMaxDownsample(ps.length, (i) => (ps[i] as PricePoint).ts, (i) => (ps[i] as PricePoint).price, t0, t1, BUCKETS);
  const trades = symbol === undefined ? r.trades : r.trades.filter((t) => t.symbol === symbol);
  const picked = strideIndices(trades.length, MAX_MARKERS).map((i) => trades[i] as ClosedTradeRecord);
  const [lo, hi] = range(d.ys, picked.flatMap((t) => [Number(t.entryPrice), Number(t.exitPrice)]));
  const f = new TimeFrame('price', 340, t0, t1, lo, hi, `price (${currency})`, true);
  let marks = '';
  for (const t of picked) {
    const pnl = dec(t.pnl);
    const outcome = pnl.gt(0) ? 'w' : pnl.lt(0) ? 'l' : 'b';
    const x0 = f.sx(t.entryTime);
    const y0 = f.sy(Number(t.entryPrice));
    const x1 = f.sx(t.exitTime);
    const y1 = f.sy(Number(t.exitPrice));
    const tri = t.side === 'long'
      ? `M${c(x0)},${c(y0 - 6)}L${c(x0 + 5.5)},${c(y0 + 4)}L${c(x0 - 5.5)},${c(y0 + 4)}Z`
      : `M${c(x0)},${c(y0 + 6)}L${c(x0 + 5.5)},${c(y0 - 4)}L${c(x0 - 5.5)},${c(y0 - 4)}Z`;
    const tip = `${t.id} ${t.side} ${t.symbol}: ${utc(t.entryTime)} @ ${t.entryPrice} → ${utc(t.exitTime)} @ ${t.exitPrice}; pnl ${t.pnl} (${fixed(tradePnlPct(t), 2)} %), ${t.exitReason}`;
    marks += `<g><title>${esc(tip)}</title><line class="c${outcome}" x1="${c(x0)}" y1="${c(y0)}" x2="${c(x1)}" y2="${c(y1)}"/>`
      + `<path class="${t.side === 'long' ? 'le' : 'se'}" d="${tri}"/><circle class="x${outcome}" cx="${c(x1)}" cy="${c(y1)}" r="4"/></g>`;
  }
  const items = [
    { label: 'price', swatch: lineSwatch('px') },
    { label: 'long entry', swatch: '<path class="le" d="M0,-6L5.5,4L-5.5,4Z"/>' },
    { label: 'short entry', swatch: '<path class="se" d="M0,6L5.5,-4L-5.5,-4Z"/>' },
    { label: 'exit, win', swatch: '<circle class="xw" r="4"/>' },
    { label: 'exit, loss', swatch: '<circle class="xl" r="4"/>' },
  ];
  const body = f.axes() + f.line(d.xs, d.ys, 'px') + `<g clip-path="url(#${f.clip})">${marks}</g>` + legend(items, f.left, 36);
  const title = symbol === undefined ? 'Price with entries and exits' : `${symbol} price with entries and exits`;
  return { svg: svgDoc('price', title, 340, body, `${picked.length} of ${trades.length} trades drawn.`), drawn: picked.length, total: trades.length };
}
