import { fixed } from './number-format.js';

export interface Ticks {
  /** Domain widened to whole steps, so the plot starts and ends on a labelled line. */
  lo: number;
  hi: number;
  values: number[];
  labels: string[];
}

/** 1, 2 or 5 × 10^k: the steps people read without effort. */
export function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** About `target` value ticks covering [min, max], labelled with just enough decimals for the step. */
export function valueTicks(min: number, max: number, target = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return valueTicks(0, 1, target);
  if (max - min <= Math.abs(max) * 1e-12) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.01;
    return valueTicks(min - pad, max + pad, target);
  }
  const step = niceStep(max - min, target);
  const k0 = Math.floor(min / step + 1e-9);
  const k1 = Math.ceil(max / step - 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const values: number[] = [];
  const labels: string[] = [];
  for (let k = k0; k <= k1; k++) {
    const v = k * step;
    values.push(v);
    labels.push(fixed(v, decimals));
  }
  return { lo: k0 * step, hi: k1 * step, values, labels };
}

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SEC, 2 * SEC, 5 * SEC, 10 * SEC, 15 * SEC, 30 * SEC, MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY,
];

export interface TimeTicks {
  values: number[];
  /** One or two lines per tick: the time, and the UTC date where it changes (and on the first tick). */
  labels: string[][];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** UTC ticks on round steps (10 s, 5 min, 1 h, 1 d, …) across [t0, t1]; the domain is not widened. */
export function timeTicks(t0: number, t1: number, target = 6): TimeTicks {
  const span = Math.max(t1 - t0, 1);
  const step = TIME_STEPS.find((s) => s >= span / target) ?? 365 * DAY * Math.ceil(span / target / (365 * DAY));
  const values: number[] = [];
  const labels: string[][] = [];
  let lastDate = '';
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const s = iso(t);
    const date = s.slice(0, 10);
    if (step >= DAY) labels.push([date]);
    else {
      const time = step < MIN ? s.slice(11, 19) : s.slice(11, 16);
      labels.push(date !== lastDate ? [time, date] : [time]);
    }
    lastDate = date;
    values.push(t);
  }
  return { values, labels };
}

/** A UTC timestamp for people: 2021-01-08 14:03:07.250 (milliseconds only when present). */
export function utc(ms: number): string {
  const s = iso(ms);
  return `${s.slice(0, 10)} ${ms % 1000 === 0 ? s.slice(11, 19) : s.slice(11, 23)}`;
}
