import type { FunnelLevel, ScoreBucket } from '../backtest/backtest-result.js';
import { stopReasonText } from '../decision/levels/stop-reasons.js';
import { count, fixed } from './number-format.js';
import { W, c, esc, svgDoc } from './svg-kit.js';

const L = 10;
const R = W - 10;
/** Rough width of a 12-px label character (as svg-kit), for wrapping the reason keys. */
const CHAR = 6.6;
/** Reason colours (`.r0`–`.r7` in the page CSS): the Okabe–Ito palette, readable with colour blindness. */
const SLOTS = 8;
const pct = (part: number, whole: number): string => (whole > 0 ? `${fixed((part / whole) * 100, 1)} %` : '—');

interface Key {
  readonly text: string;
  readonly cls: string;
}

/** Keys laid out left to right, wrapped at the chart's width; returns the SVG and the height used. */
function keyRows(keys: readonly Key[], y0: number): { svg: string; height: number } {
  let svg = '';
  let x = L;
  let y = y0;
  for (const k of keys) {
    const w = 20 + k.text.length * CHAR;
    if (x > L && x + w > R) {
      x = L;
      y += 17;
    }
    svg += `<rect class="${k.cls}" x="${c(x)}" y="${c(y - 9)}" width="10" height="10"/><text class="lg" x="${c(x + 14)}" y="${c(y)}">${esc(k.text)}</text>`;
    x += w + 8;
  }
  return { svg, height: y - y0 + 17 };
}

/** Words joined by `sep` into lines that fit the chart's width (the first word is a heading: no separator after it). */
function wrap(words: readonly string[], sep: string): string[] {
  const lines: string[] = [];
  let line = '';
  words.forEach((w, i) => {
    const joint = i === 0 ? '' : i === 1 ? ' ' : sep;
    if (line !== '' && (line.length + joint.length + w.length) * CHAR > R - L) {
      lines.push(line);
      line = w;
    } else line += joint + w;
  });
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Why evaluations stopped, per level: a bar of the stopped evaluations split by the check that
 * stopped each (they add up to the level's "stopped here"), and under it every reason with its count
 * and share. Level 1 adds the count of every failed check, which a first-failure split hides.
 */
export function stopReasonChart(levels: readonly FunnelLevel[]): string {
  const rows = levels.filter((l) => l.reasons !== undefined);
  let y = 34;
  let body = '';
  if (rows.every((l) => l.stoppedHere === 0)) {
    body += `<text class="lg" x="${L}" y="${y + 16}">no evaluation stopped</text>`;
    y += 30;
  }
  for (const l of rows) {
    if (l.stoppedHere === 0) continue;
    const reasons = Object.entries(l.reasons ?? {});
    const total = l.stoppedHere;
    body += `<text class="lg" x="${L}" y="${c(y + 14)}"><tspan class="b">${esc(l.level)}</tspan>: ${count(total)} stopped of ${count(l.evaluated)} evaluated</text>`;
    let x = L;
    reasons.forEach(([name, n], i) => {
      if (n <= 0) return;
      const w = (n / total) * (R - L);
      body += `<rect class="r${i % SLOTS}" x="${c(x)}" y="${c(y + 20)}" width="${c(Math.max(w, 1.5))}" height="14"><title>${esc(`${name}: ${n} (${pct(n, total)}) — ${stopReasonText[name] ?? name}`)}</title></rect>`;
      x += w;
    });
    const keys = reasons.map(([name, n], i) => ({ text: `${name} ${count(n)} (${pct(n, total)})`, cls: `r${i % SLOTS}` })).filter((_, i) => (reasons[i] as [string, number])[1] > 0);
    const k = keyRows(keys, y + 50);
    body += k.svg;
    y += 50 + k.height - 6;
    const failed = Object.entries(l.failedChecks ?? {}).filter(([, n]) => n > 0);
    if (failed.length > 0) {
      const lines = wrap(['every failed check (an evaluation may fail several):', ...failed.map(([name, n]) => `${name} ${count(n)}`)], ' · ');
      lines.forEach((line, i) => {
        body += `<text class="at" x="${L}" y="${c(y + 8 + i * 16)}">${esc(line)}</text>`;
      });
      y += 6 + lines.length * 16;
    }
    y += 10;
  }
  const desc = rows.map((l) => `${l.level}: ${Object.entries(l.reasons ?? {}).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ') || 'none stopped'}`).join('; ');
  return svgDoc('stops', 'Why evaluations stopped, per level', y + 4, body, desc);
}

/** Scored setups per score bucket, the threshold marked: how far the misses fell short. */
export function scoreDistributionChart(row: FunnelLevel | undefined): string {
  const buckets: readonly ScoreBucket[] = row?.distribution ?? [];
  const top = 52;
  const bottom = 162;
  const height = bottom + 36;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const n = Math.max(1, buckets.length);
  const bw = (R - L - 30) / n;
  const x0 = L + 30;
  const threshold = row?.threshold ?? null;
  let body = `<line class="axis" x1="${c(x0)}" y1="${bottom}" x2="${c(R)}" y2="${bottom}"/><text class="tk" x="${c(x0 - 6)}" y="${top + 4}" text-anchor="end">${count(max)}</text><text class="tk" x="${c(x0 - 6)}" y="${bottom}" text-anchor="end">0</text>`;
  if (buckets.length === 0 || buckets.every((b) => b.count === 0)) body += `<text class="lg" x="${c(x0 + 10)}" y="${top + 30}">no setup was scored</text>`;
  buckets.forEach((b, i) => {
    const h = (b.count / max) * (bottom - top);
    const pass = threshold !== null && b.from >= threshold;
    if (b.count > 0) body += `<rect class="${pass ? 'pass' : 'stop'}" x="${c(x0 + i * bw + 1)}" y="${c(bottom - h)}" width="${c(bw - 2)}" height="${c(Math.max(h, 1.5))}"><title>${esc(`score ${fixed(b.from, 1)}–${fixed(b.to, 1)}: ${b.count}`)}</title></rect>`;
    if (i % 2 === 0) body += `<text class="tk" x="${c(x0 + i * bw)}" y="${bottom + 16}" text-anchor="middle">${fixed(b.from, 0)}</text>`;
  });
  const end = buckets.at(-1);
  if (end && Number.isInteger(end.to)) body += `<text class="tk" x="${c(R)}" y="${bottom + 16}" text-anchor="end">${fixed(end.to, 0)}</text>`;
  if (threshold !== null && buckets.length > 0) {
    const last = buckets[buckets.length - 1] as ScoreBucket;
    const tx = x0 + (threshold / last.to) * (R - x0);
    body += `<line class="ref" x1="${c(tx)}" y1="${top - 6}" x2="${c(tx)}" y2="${bottom}"/><text class="at" x="${c(tx + 4)}" y="${top - 8}">minimum score ${fixed(threshold, 1)}</text>`;
  }
  body += `<text class="at" x="${c(x0)}" y="${bottom + 32}">confluence score (half-point buckets); green: at or above the minimum, orange: below</text>`;
  const desc = buckets.filter((b) => b.count > 0).map((b) => `${fixed(b.from, 1)}–${fixed(b.to, 1)}: ${b.count}`).join('; ') || 'no scored setups';
  return svgDoc('scores', 'Confluence scores of the setups decide scored', height, body, desc);
}
