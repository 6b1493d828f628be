import { type Ticks, timeTicks, valueTicks } from './axis-ticks.js';
import { fixed } from './number-format.js';

/** Every chart is drawn on a 640-unit-wide viewBox and scales to its container (see the page CSS). */
export const W = 640;
/** Rough width of a 12-px label character, for margins. */
const CHAR = 7;

export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Coordinates with one decimal: enough at this scale, and identical bytes on every run. */
export const c = (v: number): string => fixed(v, 1);

export interface LegendItem {
  label: string;
  /** SVG drawing of the key, centred on (0, 0), about 12 × 12. */
  swatch: string;
}

export const lineSwatch = (cls: string): string => `<line class="${cls}" x1="-7" y1="0" x2="7" y2="0"/>`;
export const boxSwatch = (cls: string): string => `<rect class="${cls}" x="-6" y="-6" width="12" height="12"/>`;

/** A row of legend keys starting at (x, y). */
export function legend(items: readonly LegendItem[], x: number, y: number): string {
  let out = '';
  let at = x;
  for (const it of items) {
    out += `<g transform="translate(${c(at + 7)},${c(y)})">${it.swatch}</g><text class="lg" x="${c(at + 18)}" y="${c(y + 4)}">${esc(it.label)}</text>`;
    at += 30 + it.label.length * CHAR;
  }
  return out;
}

export function svgDoc(id: string, title: string, height: number, body: string, desc: string): string {
  return `<svg id="${esc(id)}" class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-labelledby="${esc(id)}-t" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="${esc(id)}-t">${esc(title)}</title><desc>${esc(desc)}</desc>`
    + `<text class="ttl" x="8" y="18">${esc(title)}</text>${body}</svg>`;
}

/**
 * A chart with a UTC time axis and a value axis. The value domain is widened to whole tick steps;
 * `sx`/`sy` map data to viewBox units; `clip` names the clip path that keeps marks inside the plot.
 */
export class TimeFrame {
  readonly left: number;
  readonly right = W - 14;
  readonly top: number;
  readonly bottom: number;
  readonly y: Ticks;
  readonly clip: string;

  constructor(
    readonly id: string,
    readonly height: number,
    readonly t0: number,
    readonly t1: number,
    yMin: number,
    yMax: number,
    readonly yTitle: string,
    withLegend: boolean,
  ) {
    this.y = valueTicks(yMin, yMax, Math.max(3, Math.round((height - 90) / 40)));
    const widest = Math.max(...this.y.labels.map((l) => l.length));
    this.left = 26 + widest * CHAR + 6;
    this.top = withLegend ? 50 : 32;
    this.bottom = height - 40;
    this.clip = `${id}-clip`;
  }

  sx = (t: number): number => this.left + ((t - this.t0) / (this.t1 > this.t0 ? this.t1 - this.t0 : 1)) * (this.right - this.left);
  sy = (v: number): number => this.bottom - ((v - this.y.lo) / (this.y.hi - this.y.lo)) * (this.bottom - this.top);

  /** Grid, tick labels, axis titles and the clip path. */
  axes(): string {
    let s = `<defs><clipPath id="${this.clip}"><rect x="${c(this.left)}" y="${c(this.top - 1)}" width="${c(this.right - this.left)}" height="${c(this.bottom - this.top + 2)}"/></clipPath></defs>`;
    this.y.values.forEach((v, i) => {
      const y = c(this.sy(v));
      s += `<line class="grid" x1="${c(this.left)}" y1="${y}" x2="${c(this.right)}" y2="${y}"/>`;
      s += `<text class="tk" x="${c(this.left - 6)}" y="${c(this.sy(v) + 4)}" text-anchor="end">${esc(this.y.labels[i] as string)}</text>`;
    });
    const tt = timeTicks(this.t0, this.t1, Math.max(2, Math.floor((this.right - this.left) / 75)));
    tt.values.forEach((t, i) => {
      const x = this.sx(t);
      // Labels at the plot's edges hang inwards instead of off the chart.
      const anchor = x - this.left < 30 ? 'start' : this.right - x < 30 ? 'end' : 'middle';
      s += `<line class="grid" x1="${c(x)}" y1="${c(this.top)}" x2="${c(x)}" y2="${c(this.bottom + 4)}"/>`;
      (tt.labels[i] as string[]).forEach((line, j) => {
        s += `<text class="tk" x="${c(x)}" y="${c(this.bottom + 16 + j * 13)}" text-anchor="${anchor}">${esc(line)}</text>`;
      });
    });
    s += `<line class="axis" x1="${c(this.left)}" y1="${c(this.bottom)}" x2="${c(this.right)}" y2="${c(this.bottom)}"/>`;
    s += `<line class="axis" x1="${c(this.left)}" y1="${c(this.top)}" x2="${c(this.left)}" y2="${c(this.bottom)}"/>`;
    s += `<text class="at" x="${c(this.right)}" y="18" text-anchor="end">times in UTC</text>`;
    const my = (this.top + this.bottom) / 2;
    s += `<text class="at" x="14" y="${c(my)}" transform="rotate(-90 14 ${c(my)})" text-anchor="middle">${esc(this.yTitle)}</text>`;
    return s;
  }

  /** A polyline through the points (prices). */
  line(xs: readonly number[], ys: readonly number[], cls: string): string {
    if (xs.length === 0) return '';
    const pts = xs.map((t, i) => `${c(this.sx(t))},${c(this.sy(ys[i] as number))}`).join(' ');
    return `<polyline class="${cls}" clip-path="url(#${this.clip})" points="${pts}"/>`;
  }

  /** A step line: each value holds until the next point, the last until `tEnd` (equity between closes). */
  step(xs: readonly number[], ys: readonly number[], tEnd: number, cls: string): string {
    return xs.length === 0 ? '' : `<path class="${cls}" clip-path="url(#${this.clip})" d="${this.stepD(xs, ys, tEnd)}"/>`;
  }

  /** A step area down to `base` (drawdown below zero). */
  stepArea(xs: readonly number[], ys: readonly number[], tEnd: number, base: number, cls: string): string {
    if (xs.length === 0) return '';
    const b = c(this.sy(base));
    return `<path class="${cls}" clip-path="url(#${this.clip})" d="${this.stepD(xs, ys, tEnd)} V${b} H${c(this.sx(xs[0] as number))} Z"/>`;
  }

  private stepD(xs: readonly number[], ys: readonly number[], tEnd: number): string {
    let d = `M${c(this.sx(xs[0] as number))},${c(this.sy(ys[0] as number))}`;
    for (let i = 1; i < xs.length; i++) d += `H${c(this.sx(xs[i] as number))}V${c(this.sy(ys[i] as number))}`;
    return `${d}H${c(this.sx(Math.max(tEnd, xs[xs.length - 1] as number)))}`;
  }
}
