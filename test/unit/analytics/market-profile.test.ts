import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Trade, detectTapeFormat, parseTradesText, type TextTapeFormat, TradeWindow, DecimalGrid, MarketProfile, type ProfileBin, MarketProfileConfigSchema } from '@cascade/core';

const S = 1_000;
const MIN = 60_000;
let nextId = 1;
const trade = (ts: number, price: number, amount: number): Trade => ({ id: String(nextId++), ts, price, amount, side: 'buy', sideInferred: false });

function feed(w: TradeWindow, p: MarketProfile, trades: readonly Trade[]): void {
  for (const t of trades) {
    w.push(t);
    p.onAppend(t.ts);
  }
}

describe('DecimalGrid', () => {
  it('puts prices on their tick where dividing by the tick would not', () => {
    // 0.29 / 0.01 = 28.999999999999996 and 0.3 / 0.01 = 29.999999999999996 in doubles; ⌊⌋ of either is a tick low.
    expect(Math.floor(0.29 / 0.01)).toBe(28);
    const g = new DecimalGrid(2);
    expect([g.toUnits(0.29), g.toUnits(0.3), g.toUnits(100.3)]).toEqual([29, 30, 10_030]);
    expect(new DecimalGrid(8).toUnits(0.0014135)).toBe(141_350);
    expect(g.fromUnits(10_030)).toBe(100.3);
  });
});

describe('MarketProfile', () => {
  const market = { pricePrecision: 2, amountPrecision: 3 };
  const cfg = MarketProfileConfigSchema.parse({}); // 15 min, 10-tick bins, 70 %

  it('has the document numbers as defaults', () => {
    expect(cfg).toEqual({ windowMs: 900_000, binTicks: 10, valueAreaPct: 0.7 });
  });

  it('bins float-edge prices by integer ticks', () => {
    // 10-tick bins at 2 decimals: 0.29 is tick 29 → bin 2 [0.20, 0.29]; 0.3 is tick 30 → bin 3 [0.30, 0.39].
    const w = new TradeWindow(16 * MIN);
    const p = new MarketProfile(w, market, cfg);
    feed(w, p, [trade(0, 0.29, 1), trade(1, 0.3, 2)]);
    expect(p.bins()).toEqual<ProfileBin[]>([
      { low: 0.2, high: 0.29, volume: 1, trades: 1 },
      { low: 0.3, high: 0.39, volume: 2, trades: 1 },
    ]);
    // 8 decimals, 10-tick bins: 0.00141349 → tick 141349, bin 14134; 0.0014135 → tick 141350, bin 14135.
    const w8 = new TradeWindow(16 * MIN);
    const p8 = new MarketProfile(w8, { pricePrecision: 8, amountPrecision: 0 }, cfg);
    feed(w8, p8, [trade(0, 0.00141349, 5), trade(1, 0.0014135, 7)]);
    expect(p8.bins().map((b) => [b.low, b.high, b.volume])).toEqual([
      [0.0014134, 0.00141349, 5],
      [0.0014135, 0.00141359, 7],
    ]);
  });

  it('works POC and value area by hand, then again after trades leave the 15-minute window', () => {
    const w = new TradeWindow(16 * MIN);
    const p = new MarketProfile(w, market, cfg);
    feed(w, p, [
      trade(0 * S, 100.05, 1.5), //   bin 1000 [100.00, 100.09]
      trade(60 * S, 100.19, 3), //    bin 1001 [100.10, 100.19]
      trade(120 * S, 100.25, 6.5), // bin 1002 [100.20, 100.29]
      trade(180 * S, 100.3, 3), //    bin 1003 [100.30, 100.39]
      trade(240 * S, 100.49, 1), //   bin 1004 [100.40, 100.49]
      trade(300 * S, 100.0, 0.5), //  bin 1000
      trade(360 * S, 100.1, 1), //    bin 1001
    ]);
    // bins 1000…1004 = 2.0 4.0 6.5 3.0 1.0, total 16.5, 70 % = 11.55. POC 1002 (6.5).
    // step 1: below 4.0+2.0 = 6.0 > above 3.0+1.0 = 4.0 → below: 12.5 (75.8 %) → bins 1000…1002.
    // POC price = middle of ticks 10020…10029 = 10024.5 ticks = 100.245; VAL = 100.00; VAH = last tick of 1002 = 100.29.
    expect(p.snapshot()).toEqual({
      windowMs: 900_000,
      binSize: 0.1,
      poc: 100.245,
      valueAreaLow: 100,
      valueAreaHigh: 100.29,
      pocVolume: 6.5,
      valueAreaVolume: 12.5,
      totalVolume: 16.5,
      trades: 7,
    });

    feed(w, p, [trade(901 * S, 100.25, 0.5), trade(961 * S, 100.45, 2)]);
    // At 961 s the window is (61 s, 961 s]: the trades at 0 s and 60 s have left.
    // bins 1000…1004 = 0.5 1.0 7.0 3.0 3.0, total 14.5, 70 % = 10.15. POC 1002 (7.0, 48.3 %).
    // step 1: below 1.0+0.5 = 1.5 < above 3.0+3.0 = 6.0 → above: 13.0 (89.7 %) → bins 1002…1004.
    expect(p.snapshot()).toMatchObject({ poc: 100.245, valueAreaLow: 100.2, valueAreaHigh: 100.49, valueAreaVolume: 13, totalVolume: 14.5, trades: 7 });

    // Queried later with no new trade: at 1261 s the window is (361 s, 1261 s] and holds only the last two.
    expect(p.snapshot(1_261 * S)).toMatchObject({ totalVolume: 2.5, trades: 2 });
    expect(p.snapshot(2_000 * S)).toBeNull();
  });

  it('starts from the trades already in the buffer', () => {
    const w = new TradeWindow(16 * MIN);
    for (const t of [trade(0, 10, 1), trade(15.5 * MIN, 10, 2), trade(15.6 * MIN, 10.2, 3)]) w.push(t);
    // Window ending at the last trade (15.6 min) is (0.6 min, 15.6 min]: 2 + 3.
    expect(new MarketProfile(w, market, cfg).snapshot()).toMatchObject({ totalVolume: 5, trades: 2 });
  });

  it('refuses a window as long as the buffer', () => {
    expect(() => new MarketProfile(new TradeWindow(15 * MIN), market, cfg)).toThrow(/shorter than the trade buffer/);
  });

  it('stays exact across pauses that make the buffer drop trades it still counted', () => {
    // A 4-slot ring wraps at once. After 17 min the buffer (16 min) drops 0/1 min trades while the
    // profile still counted them; the profile must rebuild rather than read overwritten slots.
    const w = new TradeWindow(16 * MIN, 4);
    const p = new MarketProfile(w, market, cfg);
    const ts = [0, 1, 2, 3, 17, 18, 19, 20, 35.5].map((m) => m * MIN);
    feed(w, p, ts.map((t, i) => trade(t, 50 + i / 100, i + 1)));
    // Window (20.5 min, 35.5 min]: only the last trade, amount 9.
    expect(p.snapshot()).toMatchObject({ totalVolume: 9, trades: 1 });
    expect(p.rebuilds).toBeGreaterThan(0);
  });

  it('matches a brute-force profile for any trade sequence, pauses included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.oneof(fc.integer({ min: 0, max: 20 * S }), fc.integer({ min: 0, max: 20 * MIN })), tick: fc.integer({ min: 9_900, max: 10_100 }), lots: fc.integer({ min: 1, max: 5_000 }) }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 12 }),
        (rows, binTicks) => {
          const w = new TradeWindow(16 * MIN, 4);
          const p = new MarketProfile(w, market, { ...cfg, binTicks });
          const all: Trade[] = [];
          let ts = 0;
          for (const r of rows) {
            ts += r.dt;
            const t = trade(ts, r.tick / 100, r.lots / 1000);
            all.push(t);
            feed(w, p, [t]);
          }
          expect(p.bins()).toEqual(bruteBins(all, ts, 2, 3, binTicks));
          checkInvariants(p, ts);
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Every shared text tape (the Parquet one needs DuckDB, outside core): replay it trade by trade and,
// every 25 trades, compare the incremental bins with a brute-force profile of the last 15 minutes and
// check VAL ≤ POC ≤ VAH and that the value area holds ≥ 70 % of the volume.
const tapes = new URL('../../../sample-data/tapes/', import.meta.url);
describe.each([
  'binance-xrpeth-trades-2019-10.json.gz',
  'ethusdt-trades-2023-02-02.csv',
  'kraken-bcheur-trades-2023-01.csv',
  'truefx-usdjpy-quotes-2013-01.csv',
])('MarketProfile over the shared tape %s', (name) => {
  it('agrees with a brute-force profile and keeps the invariants', () => {
    const bytes = readFileSync(new URL(name, tapes));
    const text = name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    const tape = parseTradesText(detectTapeFormat(name, text.slice(0, 4096)) as TextTapeFormat, text);
    const { pricePrecision, amountPrecision } = tape.precision;
    const w = new TradeWindow(16 * MIN);
    const p = new MarketProfile(w, { pricePrecision, amountPrecision }, MarketProfileConfigSchema.parse({}));
    let checked = 0;
    tape.trades.forEach((t, i) => {
      w.push(t);
      p.onAppend(t.ts);
      if (i % 25 === 0 || i === tape.trades.length - 1) {
        expect(p.bins()).toEqual(bruteBins(tape.trades.slice(0, i + 1), t.ts, pricePrecision, amountPrecision, 10));
        checkInvariants(p, t.ts);
        checked += 1;
      }
    });
    expect(checked).toBeGreaterThan(5);
  });
});

/** The profile recomputed from scratch: trades with ts in (now − 15 min, now], grouped by ⌊tick / binTicks⌋. */
function bruteBins(trades: readonly Trade[], now: number, pp: number, ap: number, binTicks: number): ProfileBin[] {
  const byBin = new Map<number, { lots: number; n: number }>();
  for (const t of trades) {
    if (t.ts <= now - 15 * MIN) continue;
    const tick = Math.round(t.price * 10 ** pp);
    const bin = Math.floor(tick / binTicks);
    const e = byBin.get(bin) ?? { lots: 0, n: 0 };
    e.lots += Math.round(t.amount * 10 ** ap);
    e.n += 1;
    byBin.set(bin, e);
  }
  return [...byBin.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, e]) => ({ low: (b * binTicks) / 10 ** pp, high: (b * binTicks + binTicks - 1) / 10 ** pp, volume: e.lots / 10 ** ap, trades: e.n }));
}

function checkInvariants(p: MarketProfile, now: number): void {
  const s = p.snapshot(now);
  const bins = p.bins(now);
  const total = bins.reduce((a, b) => a + b.volume, 0);
  if (total === 0) {
    expect(s).toBeNull();
    return;
  }
  expect(s).not.toBeNull();
  if (s === null) return;
  expect(s.valueAreaLow).toBeLessThanOrEqual(s.poc);
  expect(s.poc).toBeLessThanOrEqual(s.valueAreaHigh);
  expect(s.totalVolume).toBeCloseTo(total, 9);
  expect(s.valueAreaVolume / s.totalVolume).toBeGreaterThanOrEqual(0.7);
  // The value-area volume is the volume of the bins between VAL and VAH; the POC bin holds the most.
  const inVa = bins.filter((b) => b.low >= s.valueAreaLow && b.high <= s.valueAreaHigh).reduce((a, b) => a + b.volume, 0);
  expect(s.valueAreaVolume).toBeCloseTo(inVa, 9);
  expect(s.pocVolume).toBe(Math.max(...bins.map((b) => b.volume)));
}
