import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Trade } from '../../model/trade.js';
import { parseMessage } from '../parse-message.js';
import { Topic } from '../topics.js';
import { decodeTradeColumns, encodeTradeColumns } from './trade-columns.js';
import { TradesReceivedOnWire } from './trades-received.js';

const market = { exchange: 'testex', marketType: 'spot', symbol: 'ABC/USDT', base: 'ABC', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' } as const;
const envelope = { type: 'trades.received', eventId: 'b-1', tsEvent: 1_700_000_000_250, tsInit: 1_700_000_000_300, correlationId: 'b-1', causationId: null } as const;

// Three trades written out by hand, and their columns worked out by hand from the format's rules.
const trades: Trade[] = [
  { id: '100', ts: 1_700_000_000_000, price: 10.5, amount: 2, side: 'buy', sideInferred: false },
  { id: '101', ts: 1_700_000_000_000, price: 10.25, amount: 0.125, side: 'sell', sideInferred: false },
  { id: '102', ts: 1_700_000_000_250, price: 10.75, amount: 3.5, side: 'buy', sideInferred: true },
];
// ids 100,101,102 are consecutive decimals → the number 100; ts deltas 1.7e12 then 0 then 250;
// sides buy, sell (reported) then buy inferred → "b", "s", "B".
const columns = { id: 100, tsDelta: [1_700_000_000_000, 0, 250], price: [10.5, 10.25, 10.75], amount: [2, 0.125, 3.5], side: 'bsB' };

const columnar = (cols: unknown) => JSON.stringify({ ...envelope, payload: { encoding: 'columnar-v1', market, seq: 7, source: 'live', columns: cols } });
const reasonOf = (data: string): string => {
  const r = parseMessage(Topic.MarketTrades, data);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};

describe('columnar-v1 trade batches: encoding by hand', () => {
  it('encodes consecutive decimal ids as the first id, ts as deltas, sides as one letter each', () => {
    expect(encodeTradeColumns(trades)).toEqual(columns);
  });

  it('keeps the ids as a list when they are not consecutive canonical decimals', () => {
    expect(encodeTradeColumns([trades[0]!, { ...trades[1]!, id: '0102' }]).id).toEqual(['100', '0102']);
    expect(encodeTradeColumns([trades[0]!, { ...trades[1]!, id: '103' }]).id).toEqual(['100', '103']);
    expect(encodeTradeColumns([{ ...trades[0]!, id: 'abc' }]).id).toEqual(['abc']);
  });

  it('decodes the hand-written columns to the hand-written trades', () => {
    expect(decodeTradeColumns(columns)).toEqual({ ok: true, trades });
  });

  it('a columnar batch parses to the same message as the row batch of the same trades', () => {
    const rows = parseMessage(Topic.MarketTrades, JSON.stringify({ ...envelope, payload: { market, seq: 7, source: 'live', trades } }));
    const cols = parseMessage(Topic.MarketTrades, columnar(columns));
    expect(rows.ok).toBe(true);
    expect(cols).toEqual(rows);
    expect(cols.ok && cols.message.payload).toEqual({ market, seq: 7, source: 'live', trades });
  });

  it('row batches with or without the explicit "rows" encoding are still accepted (rolling deploy)', () => {
    const r = parseMessage(Topic.MarketTrades, JSON.stringify({ ...envelope, payload: { encoding: 'rows', market, seq: 7, source: 'live', trades } }));
    expect(r.ok && r.message.payload.trades).toEqual(trades);
  });

  it('is about a fifth of the bytes of rows for these trades', () => {
    const rowBytes = JSON.stringify(trades).length;
    const colBytes = JSON.stringify(columns).length;
    // Rows: 3 objects of ~95 characters; columns: the numbers once each plus five keys.
    expect(colBytes).toBeLessThan(rowBytes / 2);
  });
});

describe('columnar-v1: malformed batches are refused naming the field', () => {
  it('length mismatch', () => {
    const r = reasonOf(columnar({ ...columns, amount: [2, 0.125] }));
    expect(r).toBe('invalid market.trades message: payload.columns.amount: length 2 does not match the 3 prices');
    expect(reasonOf(columnar({ ...columns, side: 'bs' }))).toContain('payload.columns.side: length 2 does not match the 3 prices');
    expect(reasonOf(columnar({ ...columns, id: ['100', '101'] }))).toContain('payload.columns.id: length 2 does not match the 3 prices');
  });

  it('NaN (null once JSON-encoded, or NaN handed to the producer-side check)', () => {
    expect(reasonOf(columnar({ ...columns, price: [10.5, null, 10.75] }))).toContain('payload.columns.price.1: expected a positive finite number, got null');
    const inMemory = TradesReceivedOnWire.safeParse({ ...envelope, payload: { encoding: 'columnar-v1', market, seq: 7, source: 'live', columns: { ...columns, price: [10.5, NaN, 10.75] } } });
    expect(inMemory.success).toBe(false);
    expect(inMemory.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'price', 1], message: 'expected a positive finite number, got NaN' });
    const inf = TradesReceivedOnWire.safeParse({ ...envelope, payload: { encoding: 'columnar-v1', market, seq: 7, source: 'live', columns: { ...columns, amount: [2, Infinity, 1] } } });
    expect(inf.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'amount', 1], message: 'expected a positive finite number, got Infinity' });
  });

  it('negative or zero amount and price', () => {
    expect(reasonOf(columnar({ ...columns, amount: [-2, 0.125, 3.5] }))).toContain('payload.columns.amount.0: expected a positive finite number, got -2');
    expect(reasonOf(columnar({ ...columns, price: [10.5, 10.25, 0] }))).toContain('payload.columns.price.2: expected a positive finite number, got 0');
    expect(reasonOf(columnar({ ...columns, price: [10.5, '10.25', 1] }))).toContain('payload.columns.price.1: expected a positive finite number, got "10.25"');
  });

  it('bad side', () => {
    expect(reasonOf(columnar({ ...columns, side: 'bsx' }))).toContain('payload.columns.side.2: expected b, s, B or S, got "x"');
  });

  it('timestamps: fractional delta, or a time at or before the epoch', () => {
    expect(reasonOf(columnar({ ...columns, tsDelta: [1_700_000_000_000, 0.5, 250] }))).toContain('payload.columns.tsDelta.1: expected an integer, got 0.5');
    expect(reasonOf(columnar({ ...columns, tsDelta: [1_700_000_000_000, -1_700_000_000_000, 250] }))).toContain('payload.columns.tsDelta.1: timestamp 0 is not a positive epoch ms');
  });

  it('ids: empty, or a first id that is not a non-negative integer', () => {
    expect(reasonOf(columnar({ ...columns, id: ['100', '', '102'] }))).toContain('payload.columns.id.1: expected a non-empty string, got ""');
    expect(reasonOf(columnar({ ...columns, id: -1 }))).toContain('payload.columns.id: expected a list of ids or the first of consecutive ids');
  });

  it('unknown columns, missing columns, empty and oversized batches', () => {
    expect(reasonOf(columnar({ ...columns, extra: [] }))).toContain('payload.columns.extra: unknown column "extra"');
    const { amount: _amount, ...noAmount } = columns;
    expect(reasonOf(columnar(noAmount))).toContain('payload.columns.amount: expected an array of numbers');
    expect(reasonOf(columnar({ id: [], tsDelta: [], price: [], amount: [], side: '' }))).toContain('payload.columns.price: expected 1 to 5000 trades, got 0');
    const n = 5001;
    const big = { id: 1, tsDelta: Array<number>(n).fill(1), price: Array<number>(n).fill(1), amount: Array<number>(n).fill(1), side: 'b'.repeat(n) };
    expect(reasonOf(columnar(big))).toContain('payload.columns.price: expected 1 to 5000 trades, got 5001');
  });

  it('an encoding nobody knows is refused naming payload.encoding', () => {
    expect(reasonOf(JSON.stringify({ ...envelope, payload: { encoding: 'columnar-v9', market, seq: 7, source: 'live', columns } }))).toContain('payload.encoding');
  });
});

const tradeArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  ts: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  price: fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  amount: fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  sideInferred: fc.boolean(),
});

describe('columnar-v1: encode → JSON → decode is the identity', () => {
  it('for any valid trades (any ids, any ts order)', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { minLength: 1, maxLength: 60 }), (ts: Trade[]) => {
        const r = parseMessage(Topic.MarketTrades, columnar(encodeTradeColumns(ts)));
        expect(r.ok && r.message.payload.trades).toEqual(ts);
      }),
    );
  });

  it('for trades with consecutive decimal ids (the compact id form)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(tradeArb, { minLength: 1, maxLength: 60 }), (first, raw: Trade[]) => {
        const ts = raw.map((t, i) => ({ ...t, id: String(first + i) }));
        const cols = encodeTradeColumns(ts);
        expect(cols.id).toBe(first);
        const r = parseMessage(Topic.MarketTrades, columnar(cols));
        expect(r.ok && r.message.payload.trades).toEqual(ts);
      }),
    );
  });
});
