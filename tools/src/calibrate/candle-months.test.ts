import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { level1OnBars, readOneMinuteBars } from './candle-months.js';

const T0 = Date.UTC(2024, 0, 1);
const iso = (t: number, tz: string) => new Date(t).toISOString().replace('T', ' ').replace('.000Z', tz);

describe('Level 1 on months of 1-minute bars', () => {
  it('reads both shared layouts (CME with volume, FXCM with +00:00 and no volume), gzip or plain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bars-'));
    const cme = join(dir, 'cme.csv.gz');
    writeFileSync(cme, gzipSync(`timestamp_utc,open,high,low,close,volume\n${iso(T0 + 60_000, '')},1.1,1.2,1.0,1.15,205\n${iso(T0, '')},1.0,1.1,0.9,1.05,86\n`));
    const fx = join(dir, 'fx.csv');
    writeFileSync(fx, `timestamp,open,high,low,close\n${iso(T0, '+00:00')},91.715,91.715,91.653,91.653\n`);
    const a = await readOneMinuteBars(cme);
    expect(a.map((c) => [c.openTime, c.close, c.volume])).toEqual([[T0, 1.05, 86], [T0 + 60_000, 1.15, 205]]);
    const b = await readOneMinuteBars(fx);
    expect(b.map((c) => [c.openTime, c.high, c.low, c.volume])).toEqual([[T0, 91.715, 91.653, 0]]);
  });

  it('a staircase that only rises: every judged close is a textbook uptrend; closes before the first verdict are not judged', () => {
    // 200 15m candles of 15 rising 1m bars each: every 15m candle makes a higher high and a higher low,
    // +DM only, so ADX = 100 > 25 with +DI on top. The first verdict needs 119 closes: 200 − 118 = 82 judged.
    const bars = Array.from({ length: 200 * 15 }, (_, i) => ({ timeframe: '1m' as const, openTime: T0 + i * 60_000, open: 100 + i * 0.01, high: 100 + i * 0.01 + 0.01, low: 100 + i * 0.01 - 0.005, close: 100 + i * 0.01 + 0.008, volume: 1, buyVolume: Number.NaN, sellVolume: Number.NaN, trades: Number.NaN, buyTrades: Number.NaN, sellTrades: Number.NaN }));
    const r = level1OnBars('stairs', bars);
    expect(r.closes15m).toBe(200);
    expect(r.judged).toBe(82);
    expect(r.textbook).toBe(82);
    expect(r.downtrend).toBe(0);
    expect(r.uptrend + Object.values(r.stoppedBy).reduce((x, y) => x + y, 0)).toBe(82);
  });
});
