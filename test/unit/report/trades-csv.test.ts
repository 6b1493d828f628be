import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ClosedTradeRecord, TRADES_CSV_HEADER, tradeCsvRow, tradesCsv } from '@cascade/core';
import { writeTradesCsv } from '../../../tools/src/backtest/write-outputs.js';

const tmp = mkdtempSync(join(tmpdir(), 'cascade-trades-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base: ClosedTradeRecord = {
  id: 't1', symbol: 'BTC/USDT', side: 'long', entryTime: 1610096418280, entryPrice: '50000', exitTime: 1610096575033,
  exitPrice: '50250.00', qty: '0.002', pnl: '0.37', fees: '0.13', exitReason: 'trailing_stop', score: 5.5,
};

/** A minimal RFC 4180 reader, written for this test, to read the file back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
  }
  return rows;
}

describe('trades.csv', () => {
  it('has exactly the header the issue names', () => {
    expect(TRADES_CSV_HEADER).toBe('id,symbol,side,entryTime,entryPrice,exitTime,exitPrice,qty,pnl,pnlPct,fees,funding,exitReason,score');
    expect(tradesCsv([]).split('\n')).toEqual([TRADES_CSV_HEADER, '']);
  });

  it('writes times as UTC ms, decimals verbatim, pnlPct after fees with 4 decimals, score with 2', () => {
    // notional 50,000 × 0.002 = 100; pnl 0.37 (already net of the 0.13 fees) → 0.37 / 100 × 100 = 0.3700 %.
    expect(tradeCsvRow(base)).toBe('t1,BTC/USDT,long,1610096418280,50000,1610096575033,50250.00,0.002,0.37,0.3700,0.13,0,trailing_stop,5.50');
  });

  it('computes pnlPct exactly and rounds half-even', () => {
    const pct = (pnl: string, entryPrice: string, qty: string): string => tradeCsvRow({ ...base, pnl, entryPrice, qty }).split(',')[9] as string;
    expect(pct('-1.2345', '0.00012345', '1000000')).toBe('-1.0000'); // notional 123.45 → −1 %
    expect(pct('0.0000125', '1', '1')).toBe('0.0012'); // 0.00125 %: tie, 2 is even → down
    expect(pct('0.0000135', '1', '1')).toBe('0.0014'); // 0.00135 %: tie, 3 is odd → up
    expect(pct('1', '3', '1')).toBe('33.3333'); // 33.333… %
    expect(pct('2', '3', '1')).toBe('66.6667'); // 66.666… %
    expect(pct('-0.0000001', '100', '1')).toBe('0.0000'); // −0.0000001 %: no negative zero
    // notional 0.1 × 3 = 0.3 exactly → 100 %.
    expect(pct('0.3', '0.1', '3')).toBe('100.0000');
  });

  it('escapes text fields per RFC 4180 and reads back unchanged', () => {
    const odd: ClosedTradeRecord = { ...base, id: 'a,b', symbol: ' EUR/USD', side: 'short', exitReason: 'said "stop"\nthen went' };
    const text = tradesCsv([base, odd]);
    expect(text).toContain('"a,b"," EUR/USD",short,');
    expect(text).toContain(',"said ""stop""\nthen went",5.50\n');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.length)).toEqual([14, 14, 14]);
    expect(rows[2]?.[0]).toBe('a,b');
    expect(rows[2]?.[1]).toBe(' EUR/USD');
    expect(rows[2]?.[12]).toBe('said "stop"\nthen went');
  });

  it('refuses values that are not what the format promises', () => {
    expect(() => tradeCsvRow({ ...base, pnl: '1e-8' })).toThrow(/pnl/);
    expect(() => tradeCsvRow({ ...base, exitPrice: '' })).toThrow(/exitPrice/);
    expect(() => tradeCsvRow({ ...base, entryTime: 1.5 })).toThrow(/entryTime/);
    expect(() => tradeCsvRow({ ...base, score: Number.NaN })).toThrow(/score/);
  });

  it('writes the same bytes as tradesCsv, also past the 1 MiB chunk size', async () => {
    const many = Array.from({ length: 15_000 }, (_, i): ClosedTradeRecord => ({ ...base, id: `trade-${i}`, entryTime: base.entryTime + i, exitTime: base.exitTime + i }));
    const p = join(tmp, 'trades.csv');
    await writeTradesCsv(p, many);
    const bytes = readFileSync(p);
    expect(bytes.length).toBeGreaterThan(1 << 20);
    expect(bytes.toString('utf8')).toBe(tradesCsv(many));
    await writeTradesCsv(p, many);
    expect(readFileSync(p).equals(bytes)).toBe(true);
  });
});
