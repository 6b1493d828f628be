import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CandleBuilder, type Trade } from '@cascade/core';
import { readWarmupFile } from '@cascade/adapters/tape-files';
import { MEASURED } from './microstructure.js';
import { regimeTapePlan, regimeTrades, type RegimeTapeOptions } from './regime-tape.js';
import { measureTrades } from './tape-stats.js';
import { KlineWriter, TextFile } from './write-synth.js';

// Seeds 101–105 are for these tests only; calibration (docs/calibration.md) uses other seeds.
const tmp = mkdtempSync(join(tmpdir(), 'cascade-synth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const take = (opts: RegimeTapeOptions, n = Infinity): Trade[] => {
  const out: Trade[] = [];
  for (const t of regimeTrades(opts)) {
    if (out.length >= n) break;
    out.push(t);
  }
  return out;
};

describe('regimeTrades', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const opts = { regime: 'walk', seed: 101, hours: 0.25, warmupHours: 0 } as const;
    const a = take(opts);
    expect(take(opts)).toEqual(a);
    expect(take({ ...opts, seed: 102 }, 50)).not.toEqual(a.slice(0, 50));
    expect(a.length).toBeGreaterThan(1000);
    for (let i = 1; i < a.length; i++) expect((a[i] as Trade).ts).toBeGreaterThanOrEqual((a[i - 1] as Trade).ts);
  });

  it('the mirror is trend with every price p → 2·p0 − p and every side flipped, exactly', () => {
    const opts = { seed: 103, hours: 3, warmupHours: 0.5, price: 2500, activity: 0.2 } as const;
    const trend = take({ ...opts, regime: 'trend' });
    const mirror = take({ ...opts, regime: 'mirror' });
    expect(mirror).toHaveLength(trend.length);
    let risen = 0;
    const wrong: number[] = [];
    trend.forEach((t, i) => {
      const m = mirror[i] as Trade;
      // In cents, exact integers: 2 × 250000 − p; the mirrored price is a 2-decimal double.
      const priceOk = Math.round(m.price * 100) === 2 * 250_000 - Math.round(t.price * 100) && m.price === Number(m.price.toFixed(2));
      if (!priceOk || m.ts !== t.ts || m.amount !== t.amount || m.side === t.side) wrong.push(i);
      if (t.price > 2500) risen += 1;
    });
    expect(wrong).toEqual([]);
    expect(risen).toBeGreaterThan(trend.length / 2); // the trend is above its pivot most of the time
  });

  it('walk output matches the statistics measured on the real 2024 ETHUSDT tapes', () => {
    const s = measureTrades(regimeTrades({ regime: 'walk', seed: 104, hours: 1, warmupHours: 0 }));
    // MEASURED (microstructure.ts): ln notional 4.744 / 2.409, buy share 0.505, 3.44 fills per taker
    // order, 55.3 % single fills, mean gap 99.6 ms, ln-gap sd 1.994, same side next 0.716.
    expect(s.muLnNotional).toBeCloseTo(MEASURED.muLnNotional, 1);
    expect(Math.abs(s.sdLnNotional - MEASURED.sdLnNotional)).toBeLessThan(0.05);
    expect(Math.abs(s.buyShareTrades - MEASURED.buyShareTrades)).toBeLessThan(0.03);
    // Orders a few ms apart on the same side read as one run in both the real and generated tapes,
    // so the run statistics carry the same merging; 10 % / 0.05 absorbs the rest.
    expect(Math.abs(s.fillsPerOrder / MEASURED.fillsPerOrder - 1)).toBeLessThan(0.1);
    expect(Math.abs(s.singleFillShare - MEASURED.singleFillShare)).toBeLessThan(0.05);
    expect(Math.abs(s.meanGapMs / MEASURED.meanGapMs - 1)).toBeLessThan(0.15);
    expect(Math.abs(s.sdLnGap - MEASURED.sdLnGap)).toBeLessThan(0.25);
    expect(Math.abs(s.sameSideNextOrder - MEASURED.sameSideNextOrder)).toBeLessThan(0.05);
  });

  it('each regime has its shape: trend up, crash down 25–40 %, chop within a range', () => {
    const closes = (regime: RegimeTapeOptions['regime'], hours: number): number[] => {
      const b = new CandleBuilder('15m', 10_000);
      for (const t of regimeTrades({ regime, seed: 105, hours, warmupHours: 0, activity: 0.1 })) b.update(t);
      return b.history.map((c) => c.close);
    };
    // Trend: +0.45 %/h by design → 12 h ≈ +5.5 %, wiggles of 0.05 %.
    const trend = closes('trend', 12);
    expect((trend.at(-1) as number) / (trend[0] as number)).toBeGreaterThan(1.03);
    // Crash: flat for 60 % of 10 h, then −25…−40 % over 2 h.
    const crash = closes('crash', 10);
    const fall = 1 - Math.min(...crash) / (crash[0] as number);
    expect(fall).toBeGreaterThan(0.22);
    expect(fall).toBeLessThan(0.43);
    expect(Math.abs((crash[20] as number) / (crash[0] as number) - 1)).toBeLessThan(0.02); // still steady at 5 h
    // Chop: ±0.6 % sd around 2500 → every close within ±3 % (5 sd).
    for (const c of closes('chop', 12)) expect(Math.abs(c / 2500 - 1)).toBeLessThan(0.03);
  });

  it('the warm-up history written as 1m klines reads back through readWarmupFile as the same candles', async () => {
    const opts = { regime: 'trend', seed: 101, hours: 0.5, warmupHours: 3, activity: 0.1 } as const;
    const plan = regimeTapePlan(opts);
    const path = join(tmp, 'warm.csv.gz');
    const w = new KlineWriter(new TextFile(path));
    const built = new CandleBuilder('1m', 10_000);
    for (const t of regimeTrades(opts)) {
      if (t.ts >= plan.tapeStart) break;
      await w.add(t);
      built.update(t);
    }
    await w.end(plan.tapeStart);
    const read = await readWarmupFile(path);
    // Minutes without trades have zero-volume lines in the file, dropped on reading like Binance's.
    const expected = [...built.history, built.open].filter((c) => c !== null);
    expect(read['1m']).toHaveLength(expected.length);
    expect(read['15m']).toHaveLength(12); // 3 h of 15 min
    const [a, b] = [read['1m']?.[5], expected[5]];
    expect(a?.openTime).toBe(b?.openTime);
    expect([a?.open, a?.high, a?.low, a?.close, a?.trades]).toEqual([b?.open, b?.high, b?.low, b?.close, b?.trades]);
    expect(a?.volume).toBeCloseTo(b?.volume as number, 4);
    expect(a?.buyVolume).toBeCloseTo(b?.buyVolume as number, 4);
  });
});
