import { describe, expect, it } from 'vitest';
import { MeanReversionStrength, type MeanReversionOptions, defaultMeanReversionOptions } from './mean-reversion.js';

function run(closes: readonly number[], opts: MeanReversionOptions): MeanReversionStrength {
  const m = new MeanReversionStrength(opts);
  for (const c of closes) m.updateClose(c);
  return m;
}

/** The definition in mean-reversion.ts, written out naively (O(lookback) per candle, arrays). */
function bruteForce(closes: readonly number[], o: MeanReversionOptions): (number | null)[] {
  const ended: { start: number; points: number }[] = [];
  let open: { start: number; side: number } | null = null;
  const out: (number | null)[] = [];
  closes.forEach((c, t) => {
    if (t + 1 < o.lookback) return out.push(null);
    const w = closes.slice(t - o.lookback + 1, t + 1);
    const m = w.reduce((s, v) => s + v, 0) / o.lookback;
    const sd = Math.sqrt(w.reduce((s, v) => s + (v - m) ** 2, 0) / o.lookback);
    const z = sd > 0 ? (c - m) / sd : 0;
    if (open !== null) {
      const age = t - open.start;
      if (open.side * z <= o.exitSigma) {
        ended.push({ start: open.start, points: o.maxWait + 1 - age });
        open = null;
      } else if (age >= o.maxWait) {
        ended.push({ start: open.start, points: 0 });
        open = null;
      }
    }
    if (open === null && Math.abs(z) > o.entrySigma) open = { start: t, side: z > 0 ? 1 : -1 };
    const inWindow = ended.filter((e) => e.start >= t - o.window + 1);
    if (t + 1 < o.lookback + o.window - 1) return out.push(null);
    return out.push(inWindow.length === 0 ? 0 : inWindow.reduce((s, e) => s + e.points, 0) / (inWindow.length * o.maxWait));
  });
  return out;
}

// lookback 5, in at |z| > 1.5, back at z within 0.6 on its side, 3 candles to come back, 12-candle window.
const small: MeanReversionOptions = { lookback: 5, entrySigma: 1.5, exitSigma: 0.6, maxWait: 3, window: 12 };

describe('MeanReversionStrength (hand-built series)', () => {
  // t 0–4: 10 ×5; t5: 15; t6–10: 10; t11–15: 20; t16–19: 30, 40, 50, 60; then 60s.
  const closes = [10, 10, 10, 10, 10, 15, 10, 10, 10, 10, 10, 20, 20, 20, 20, 20, 30, 40, 50, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60];
  //  t5  window 10,10,10,10,15: mean 11, σ² (4·1 + 16)/5 = 4 → z = 4/2 = 2 > 1.5 → episode A (up)
  //  t6  window 10,10,10,15,10: mean 11, σ 2 → z = −0.5 ≤ 0.6 → A back in d = 1 → 3 − 0 = 3 points (score 1)
  //  t11 window 10,10,10,10,20: mean 12, σ² (4·4 + 64)/5 = 16 → z = 8/4 = 2 → episode B
  //  t12 window 10,10,10,20,20: mean 14, σ² (3·16 + 2·36)/5 = 24 → z = 6/4.899 = 1.225 > 0.6
  //  t13 window 10,10,20,20,20: mean 16, σ² 24 → z = 4/4.899 = 0.816 > 0.6
  //  t14 window 10,20,20,20,20: mean 18, σ² (64 + 4·4)/5 = 16 → z = 2/4 = 0.5 → B back in d = 3 → 1 point (1/3)
  //  t16 window 20,20,20,20,30: z = 2 → episode C
  //  t17 20,20,20,30,40: mean 26, σ² (3·36 + 16 + 196)/5 = 64 → z = 14/8 = 1.75
  //  t18 20,20,30,40,50: mean 32, σ² (3·144… ) = 680/5 = 136 → z = 18/11.66 = 1.54
  //  t19 20,30,40,50,60: mean 40, σ² 1000/5 = 200 → z = 20/14.14 = 1.41 > 0.6 at age 3 = maxWait → C ends, 0 points
  // Values from close 16 (t15) on, averaging episodes that started in the last 12 candles (start ≥ t − 11):
  //  t15, t16: A (5) and B (11) → (3 + 1)/(2·3) = 2/3;  t17, t18: A has left (5 < 6) → B → 1/3
  //  t19–t22: B, C → (1 + 0)/(2·3) = 1/6;  t23–t27: B left (11 < 12) → C → 0;  t28: none → 0, 0 episodes
  it('scores each episode by its return time and averages over the window', () => {
    const m = new MeanReversionStrength(small);
    const values = closes.map((c) => m.updateClose(c));
    expect(values.slice(0, 15)).toEqual(new Array(15).fill(null));
    expect(values[15]).toBeCloseTo(2 / 3, 15);
    expect(values[16]).toBeCloseTo(2 / 3, 15);
    expect(values[17]).toBeCloseTo(1 / 3, 15);
    expect(values[18]).toBeCloseTo(1 / 3, 15);
    for (let t = 19; t <= 22; t++) expect(values[t]).toBeCloseTo(1 / 6, 15);
    for (let t = 23; t <= 28; t++) expect(values[t]).toBe(0);
    expect(m.episodes).toBe(0);
    expect(m.warmUpCandles).toBe(16);
  });

  it('counts episodes in the window while they last', () => {
    expect(run(closes.slice(0, 16), small).episodes).toBe(2);
    expect(run(closes.slice(0, 18), small).episodes).toBe(1);
    expect(run(closes.slice(0, 20), small).episodes).toBe(2);
    expect(run(closes.slice(0, 19), small).episodeOpen).toBe(true);
  });

  it('treats a drop below the mean exactly like a rise above it (mirror series, same values)', () => {
    const up = new MeanReversionStrength(small);
    const down = new MeanReversionStrength(small);
    const a = closes.map((c) => up.updateClose(c));
    const b = closes.map((c) => down.updateClose(100 - c));
    expect(b).toEqual(a);
  });

  it('counts a swing through to the other side as a return, and may start the next episode there', () => {
    // t5: 15 → z = 2, episode (up). t6: 0 → window 10,10,10,15,0: mean 9, σ² (1+1+1+36+81)/5 = 24 →
    // z = −9/4.899 = −1.84: back (d = 1, score 1) and beyond −1.5, so a down episode opens at t6.
    const m = run([10, 10, 10, 10, 10, 15, 0], { ...small, window: 3 });
    expect(m.value).toBe(1);
    expect(m.episodes).toBe(1);
    expect(m.episodeOpen).toBe(true);
    expect(m.z).toBeCloseTo(-9 / Math.sqrt(24), 12);
  });

  it('is 1 for noise around a fixed level and low for a drift', () => {
    // Alternating 100 ± 1 with a spike every 25th candle: every spike is undone on the next candle.
    const noisy = Array.from({ length: 200 }, (_, i) => (i % 25 === 24 ? 110 : 100 + (i % 2 === 0 ? 1 : -1)));
    const n = run(noisy, defaultMeanReversionOptions);
    expect(n.value).toBe(1);
    // Spikes at t = 24, 49, …, 199; at t = 199 the window holds starts ≥ 100: 124, 149, 174 ended, 199 open.
    expect(n.episodes).toBe(3);
    expect(n.episodeOpen).toBe(true);
    // Geometric climb 1 % per candle: z is constant at (close − mean)/σ of an almost-linear ramp
    // ≈ 9.5/5.77 = 1.65 < 2 → no episodes, strength 0.
    const ramp = Array.from({ length: 200 }, (_, i) => 100 * 1.01 ** i);
    const m = run(ramp, defaultMeanReversionOptions);
    expect(m.value).toBe(0);
    expect(m.episodes).toBe(0);
  });
});

describe('MeanReversionStrength (incremental = definition)', () => {
  it('matches the naive definition on 3,000 seeded candles with the default options', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const closes: number[] = [];
    let p = 50_000;
    let level = p;
    for (let i = 0; i < 3000; i++) {
      // Regimes of 300 candles: a drifting climb, then noise pulled back to the level it reached.
      if (i % 300 === 0) level = p;
      const trending = Math.floor(i / 300) % 2 === 0;
      p = trending ? p * (1 + 0.0005 + 0.002 * (rnd() - 0.5)) : p + 0.3 * (level - p) + 100 * (rnd() - 0.5);
      closes.push(p);
    }
    const m = new MeanReversionStrength(defaultMeanReversionOptions);
    const mine = closes.map((c) => m.updateClose(c));
    const want = bruteForce(closes, defaultMeanReversionOptions);
    expect(mine.length).toBe(want.length);
    let compared = 0;
    mine.forEach((v, i) => {
      const w = want[i];
      if (w === null || w === undefined) expect(v).toBeNull();
      else {
        expect(v).toBeCloseTo(w, 12);
        compared += 1;
      }
    });
    expect(compared).toBe(3000 - 118);
    // The series exercises the whole scale, not just the ends.
    const inner = mine.filter((v) => v !== null && v > 0.05 && v < 0.95).length;
    expect(inner).toBeGreaterThan(1000);
  });

  it('rejects an exit band that is not inside the entry band', () => {
    expect(() => new MeanReversionStrength({ ...small, exitSigma: 1.5 })).toThrow(/must exceed/);
  });
});
