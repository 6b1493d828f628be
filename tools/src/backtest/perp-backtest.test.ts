import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { type Trade, StrategyConfigSchema } from '@cascade/core';
import { plantedTape, toCcxtJson } from '@cascade/tools/synthetic';
import { backtestTape, backtestTrades } from './run-backtest.js';

const run = promisify(execFile);
const M15 = 15 * 60_000;
const H8 = 8 * 3_600_000;
const outDir = () => mkdtempSync(join(tmpdir(), 'cascade-bt-perp-'));
function tapeFile(trades: readonly Trade[]): string {
  const p = join(mkdtempSync(join(tmpdir(), 'cascade-bt-perp-tape-')), 'planted-xyzusdt-trades.json');
  writeFileSync(p, toCcxtJson(trades));
  return p;
}
const cfg = StrategyConfigSchema.parse({});
const cfg10 = StrategyConfigSchema.parse({ execution: { sizing: { defaultLeverage: 10 } } });
const HEADER = 'id,symbol,side,entryTime,entryPrice,exitTime,exitPrice,qty,pnl,pnlPct,fees,funding,exitReason,score'.split(',');
type Row = Record<string, string>;
const rows = (d: string): Row[] => readFileSync(join(d, 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [HEADER[i] as string, v])));
/** Gross P&L of a row from its own prices: (exit − entry) × qty for a long, mirrored for a short. */
const gross = (r: Row): Big => (r.side === 'long' ? new Big(r.exitPrice!).minus(r.entryPrice!) : new Big(r.entryPrice!).minus(r.exitPrice!)).times(r.qty!);

describe('backtesting perpetuals: shorts, funding, liquidation', () => {
  const shortTape = plantedTape({ cycles: 4, side: 'short' });

  it('a downtrend traded as a perp opens shorts and books (entry − exit) × qty − fees; as spot every short is refused', async () => {
    const path = tapeFile(shortTape);
    const out = outDir();
    const r = await backtestTape(path, {}, { cfg, out, startingEquity: '10000', market: 'perp' });
    expect(r.market).toMatchObject({ marketType: 'perp', symbol: 'XYZ/USDT:USDT', takerFee: '0.0005' });
    const trades = rows(out);
    expect(trades.length).toBe(4);
    for (const t of trades) {
      expect(t.side).toBe('short');
      // The planted shorts are entered after a rally into supply and exit lower: each one gains.
      expect(new Big(t.exitPrice!).lt(t.entryPrice!)).toBe(true);
      expect(new Big(t.pnl!).eq(gross(t).minus(t.fees!).plus(t.funding!))).toBe(true);
      expect(new Big(t.pnl!).gt(0)).toBe(true);
    }
    const spot = await backtestTape(path, {}, { cfg, out: outDir(), startingEquity: '10000' });
    expect(spot.summary.trades).toBe(0);
    expect(spot.events.filter((e) => e.type === 'rejected').every((e) => e.type === 'rejected' && /no XYZ to sell on spot/.test(e.reason))).toBe(true);
  });

  it('funding: a short held across a funding time receives qty × mark × 0.0001 (mark = the last trade before it), inside its P&L', async () => {
    // Find the first trade's hold, then shift the tape by whole 15-minute candles so a funding time falls inside it.
    const probe = outDir();
    await backtestTape(tapeFile(shortTape), {}, { cfg, out: probe, startingEquity: '10000', market: 'perp' });
    const first = rows(probe)[0]!;
    const [e, x] = [Number(first.entryTime), Number(first.exitTime)];
    const mid = (e + x) / 2;
    const f = Math.ceil(mid / H8) * H8;
    const shift = Math.round((f - mid) / M15) * M15;
    const shifted = shortTape.map((t) => ({ ...t, ts: t.ts + shift }));
    const out = outDir();
    const r = await backtestTape(tapeFile(shifted), {}, { cfg, out, startingEquity: '10000', market: 'perp' });
    const spanning = rows(out).filter((t) => Number(t.entryTime) < f && Number(t.exitTime) >= f);
    expect(spanning).toHaveLength(1);
    const t = spanning[0]!;
    const mark = [...shifted].reverse().find((tr) => tr.ts < f)!.price;
    // A positive rate: longs pay, so the short receives size × mark × rate (≈ 4 XYZ × ~770 × 0.0001 ≈ 0.3 USDT).
    const expected = new Big(t.qty!).times(mark.toFixed(2)).times('0.0001');
    expect(t.funding).toBe(expected.toFixed());
    expect(new Big(t.pnl!).eq(gross(t).minus(t.fees!).plus(expected))).toBe(true);
    for (const o of rows(out)) if (o.id !== t.id) expect(o.funding).toBe('0');
    expect(r.funding).toMatchObject({ fundingTimes: 1, missingRates: 0, total: expected.toFixed() });
  });

  it('a crash through the liquidation price closes the 10× long with exitReason liquidation, losing margin + entry fee', async () => {
    const longTape = plantedTape({ cycles: 2 });
    const probe = outDir();
    const base = await backtestTape(tapeFile(longTape), {}, { cfg: cfg10, out: probe, startingEquity: '10000', market: 'perp' });
    const first = rows(probe)[0]!;
    const e = Number(first.entryTime);
    const at = longTape.findLastIndex((t) => t.ts <= e) + 1;
    const ep = new Big(first.entryPrice!);
    const crash: Trade = { id: 'crash', ts: e + 1, price: Number(ep.times('0.85').toFixed(2)), amount: 5, side: 'sell', sideInferred: false };
    const tape = [...longTape.slice(0, at), crash, ...longTape.slice(at)];
    const out = outDir();
    await backtestTrades(base.market, [tape], { cfg: cfg10, out, startingEquity: '10000' });
    const t = rows(out)[0]!;
    expect([t.entryTime, t.entryPrice, t.qty]).toEqual([first.entryTime, first.entryPrice, first.qty]);
    expect(t.exitReason).toBe('liquidation');
    // Binance isolated, first tier: WB = margin = Q·EP / 10 (rounded up at 5 places), LP = (Q·EP − WB) / (Q × 0.996), up to the tick.
    const q = new Big(t.qty!);
    const wb = q.times(ep).div(10).round(5, Big.roundUp);
    const lp = q.times(ep).minus(wb).div(q.times('0.996')).round(2, Big.roundUp);
    expect(t.exitPrice).toBe(lp.toFixed());
    // Loss = the whole isolated margin + the entry taker fee (0.05 %); no funding time in a sub-second hold.
    expect(t.pnl).toBe(wb.plus(q.times(ep).times('0.0005')).neg().toFixed());
  });

  it('--market perp on a real spot tape trades it as the ETH/USDT:USDT perpetual', async () => {
    const tape = new URL('../../../sample-data/tapes/binance-ethusdt-trades-2024-08-09.csv.gz', import.meta.url).pathname;
    const r = await backtestTape(tape, {}, { cfg, out: outDir(), startingEquity: '10000', market: 'perp', to: Date.UTC(2024, 7, 9, 0, 1) });
    expect(r.market).toMatchObject({ exchange: 'binance', marketType: 'perp', symbol: 'ETH/USDT:USDT', takerFee: '0.0005', makerFee: '0.0002' });
    expect(r.trades).toBeGreaterThan(0);
  });

  it('the CLI: --help names the perp flags; --leverage 20 is refused with the 10× limit; --funding on spot is refused', async () => {
    const main = new URL('./main.ts', import.meta.url).pathname;
    const help = await run(process.execPath, ['--import', 'tsx', main, '--help']);
    for (const flag of ['--market', '--leverage', '--funding', '--funding-rate', '--market-config']) expect(help.stdout).toContain(flag);
    const path = tapeFile(plantedTape({ cycles: 1 }));
    const lev = await run(process.execPath, ['--import', 'tsx', main, '--tape', path, '--out', outDir(), '--market', 'perp', '--leverage', '20']).catch((err: { code: number; stderr: string }) => err);
    expect((lev as { code: number }).code).toBe(2);
    expect((lev as { stderr: string }).stderr).toMatch(/defaultLeverage above 10× is refused/);
    const funding = new URL('../../../sample-data/funding/BTCUSDT-fundingRate-2024-01-head.csv', import.meta.url).pathname;
    const spot = await run(process.execPath, ['--import', 'tsx', main, '--tape', path, '--out', outDir(), '--funding', funding, '--quiet']).catch((err: { code: number; stderr: string }) => err);
    expect((spot as { stderr: string }).stderr).toMatch(/funding applies to perpetuals.*pass --market perp/);
  });
});
