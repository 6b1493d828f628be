import { valueTicks } from './axis-ticks.js';
import { type ClosedTradeRecord, type FilterStat, type FunnelLevel } from '../backtest/backtest-result.js';
import { type Dec, dec } from '../execution/money.js';
import { count, fixed } from './number-format.js';
import { W, boxSwatch, c, esc, legend, svgDoc } from './svg-kit.js';
import { moneyText } from './money-display.js';

const L = 10;
const R = W - 10;
/** Non-zero counts get at least this width so they stay visible next to much larger ones. */
const MIN_BAR = 1.5;
const pct = (part: number, whole: number): string => (whole > 0 ? `${fixed((part / whole) * 100, 1)} %` : '—');

function bar(x: number, y: number, w: number, h: number, cls: string): string {
  return w > 0 ? `<rect class="${cls}" x="${c(x)}" y="${c(y)}" width="${c(Math.max(w, MIN_BAR))}" height="${c(h)}"/>` : '';
}

/**
 * The level funnel (§2.3): per level a bar as long as the evaluations that reached it (shared scale),
 * split into those that passed on and those that stopped there.
 */
export function funnelChart(levels: readonly FunnelLevel[]): string {
  const top = 48;
  const row = 46;
  const height = top + Math.max(1, levels.length) * row + 8;
  const max = Math.max(1, ...levels.map((l) => l.evaluated));
  const scale = (n: number): number => (n / max) * (R - L);
  const anyRest = levels.some((l) => l.evaluated > l.passed + l.stoppedHere);
  const keys = [{ label: 'passed on', swatch: boxSwatch('pass') }, { label: 'stopped here', swatch: boxSwatch('stop') }];
  let body = legend(anyRest ? [...keys, { label: 'not accounted for', swatch: boxSwatch('rest') }] : keys, L, 36);
  if (levels.length === 0) body += `<text class="lg" x="${L}" y="${top + 20}">no evaluations recorded</text>`;
  levels.forEach((l, i) => {
    const y = top + i * row;
    const rest = Math.max(0, l.evaluated - l.passed - l.stoppedHere);
    body += `<text class="lg" x="${L}" y="${c(y + 14)}"><tspan class="b">${esc(l.level)}</tspan>: ${count(l.evaluated)} evaluated · ${count(l.stoppedHere)} stopped here (${pct(l.stoppedHere, l.evaluated)}) · ${count(l.passed)} passed</text>`;
    body += `<rect class="track" x="${L}" y="${c(y + 20)}" width="${c(R - L)}" height="16"/>`;
    body += bar(L, y + 20, scale(l.passed), 16, 'pass');
    body += bar(L + scale(l.passed), y + 20, scale(l.stoppedHere), 16, 'stop');
    body += bar(L + scale(l.passed + l.stoppedHere), y + 20, scale(rest), 16, 'rest');
  });
  return svgDoc('funnel', 'Level funnel: where evaluations stopped', height, body, levels.map((l) => `${l.level} ${l.evaluated}/${l.stoppedHere}/${l.passed}`).join('; '));
}

/**
 * Secondary filters (§2.2.2): left, how often each fired (percent of the evaluations it saw);
 * right, the average points it added when it fired.
 */
export function filterChart(stats: readonly FilterStat[]): string {
  const top = 56;
  const row = 42;
  const height = top + Math.max(1, stats.length) * row + 8;
  const mid = W / 2;
  const avg = stats.map((s) => (s.fired > 0 ? s.pointsTotal / s.fired : 0));
  const avgTicks = valueTicks(0, Math.max(0.5, ...avg), 4);
  const half = mid - L - 12;
  let body = `<text class="at" x="${L}" y="40">fired, % of evaluations (scale 0–100 %)</text><text class="at" x="${c(mid + 6)}" y="40">average points when fired (scale 0–${esc(avgTicks.labels.at(-1) ?? '')})</text>`;
  if (stats.length === 0) body += `<text class="lg" x="${L}" y="${top + 20}">no filter statistics recorded</text>`;
  stats.forEach((s, i) => {
    const y = top + i * row;
    const a = avg[i] as number;
    body += `<text class="lg" x="${L}" y="${c(y + 12)}"><tspan class="b">${esc(s.filter)}</tspan>: fired ${count(s.fired)} of ${count(s.evaluated)} (${pct(s.fired, s.evaluated)}) · ${s.fired > 0 ? `${fixed(a, 2)} pts avg` : 'never fired'} · ${fixed(s.pointsTotal, 1)} pts total</text>`;
    body += `<rect class="track" x="${L}" y="${c(y + 18)}" width="${c(half)}" height="14"/>`;
    body += bar(L, y + 18, s.evaluated > 0 ? (s.fired / s.evaluated) * half : 0, 14, 'fire');
    body += `<rect class="track" x="${c(mid + 6)}" y="${c(y + 18)}" width="${c(half)}" height="14"/>`;
    body += bar(mid + 6, y + 18, (a / avgTicks.hi) * half, 14, 'pts');
  });
  return svgDoc('filters', 'Secondary filters: how often they fired and what they added', height, body, stats.map((s) => `${s.filter} fired ${s.fired}/${s.evaluated}, ${s.pointsTotal} points`).join('; '));
}

interface ReasonRow {
  reason: string;
  wins: number;
  losses: number;
  flat: number;
  pnl: Dec;
}

/** Trades per exit reason, split into wins, losses and flat, most frequent first, with the net pnl. */
export function exitReasonChart(trades: readonly ClosedTradeRecord[], currency: string): string {
  const by = new Map<string, ReasonRow>();
  for (const t of trades) {
    const r = by.get(t.exitReason) ?? { reason: t.exitReason, wins: 0, losses: 0, flat: 0, pnl: dec(0) };
    const p = dec(t.pnl);
    if (p.gt(0)) r.wins++;
    else if (p.lt(0)) r.losses++;
    else r.flat++;
    r.pnl = r.pnl.plus(p);
    by.set(t.exitReason, r);
  }
  const rows = [...by.values()].sort((a, b) => b.wins + b.losses + b.flat - (a.wins + a.losses + a.flat) || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const top = 48;
  const row = 42;
  const height = top + Math.max(1, rows.length) * row + 8;
  const max = Math.max(1, ...rows.map((r) => r.wins + r.losses + r.flat));
  const scale = (n: number): number => (n / max) * (R - L);
  const keys = [{ label: 'win', swatch: boxSwatch('pass') }, { label: 'loss', swatch: boxSwatch('stop') }];
  let body = legend(rows.some((r) => r.flat > 0) ? [...keys, { label: 'flat (pnl 0)', swatch: boxSwatch('rest') }] : keys, L, 36);
  if (rows.length === 0) body += `<text class="lg" x="${L}" y="${top + 20}">no closed trades</text>`;
  rows.forEach((r, i) => {
    const y = top + i * row;
    const n = r.wins + r.losses + r.flat;
    body += `<text class="lg" x="${L}" y="${c(y + 12)}"><tspan class="b">${esc(r.reason)}</tspan>: ${count(n)} trades · ${count(r.wins)} won (${pct(r.wins, n)}) · net ${esc(moneyText(r.pnl.toFixed(), currency))} ${esc(currency)}</text>`;
    body += bar(L, y + 18, scale(r.wins), 14, 'pass');
    body += bar(L + scale(r.wins), y + 18, scale(r.losses), 14, 'stop');
    body += bar(L + scale(r.wins + r.losses), y + 18, scale(r.flat), 14, 'rest');
  });
  return svgDoc('exits', 'Exit reasons', height, body, rows.map((r) => `${r.reason} ${r.wins}/${r.losses}/${r.flat}`).join('; '));
}
