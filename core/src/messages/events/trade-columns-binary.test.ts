import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Trade } from '../../model/trade.js';
import { type BinaryBatchMessage, writeBinaryFrame } from '../binary-batch-frame.js';
import { messageBytes } from '../message-bytes.js';
import { parseMessage } from '../parse-message.js';
import { Topic } from '../topics.js';
import { type BinaryTradeColumns, decodeBinaryTradeColumns, encodeBinaryTradeColumns } from './trade-columns-binary.js';
import { TradesReceivedOnWire } from './trades-received.js';

const market = { exchange: 'testex', marketType: 'spot', symbol: 'ABC/USDT', base: 'ABC', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' } as const;
const envelope = { type: 'trades.received', eventId: 'b-1', tsEvent: 1_700_000_000_250, tsInit: 1_700_000_000_300, correlationId: 'b-1', causationId: null } as const;

// The trades of trade-columns.test.ts, written out by hand, and their binary columns by hand.
const trades: Trade[] = [
  { id: '100', ts: 1_700_000_000_000, price: 10.5, amount: 2, side: 'buy', sideInferred: false },
  { id: '101', ts: 1_700_000_000_000, price: 10.25, amount: 0.125, side: 'sell', sideInferred: false },
  { id: '102', ts: 1_700_000_000_250, price: 10.75, amount: 3.5, side: 'buy', sideInferred: true },
];
// ids consecutive → 100; tsBase = the first ts, deltas 0, 0, 250 (int32); sides b, s, B as bytes.
const columns: BinaryTradeColumns = {
  id: 100,
  tsBase: 1_700_000_000_000,
  tsDelta: new Int32Array([0, 0, 250]),
  price: new Float64Array([10.5, 10.25, 10.75]),
  amount: new Float64Array([2, 0.125, 3.5]),
  side: new Uint8Array([0x62, 0x73, 0x42]),
};

const message = (cols: BinaryTradeColumns, payloadExtra: object = {}): BinaryBatchMessage => ({ ...envelope, payload: { encoding: 'columnar-bin-v1', market, seq: 7, source: 'live', columns: cols, ...payloadExtra } });
/** The frame's bytes at `offset` in a bigger buffer, as Pub/Sub hands over slices of its own buffers. */
function atOffset(bytes: Uint8Array, offset: number): Buffer {
  const b = Buffer.from(new ArrayBuffer(bytes.length + offset), offset, bytes.length);
  b.set(bytes);
  return b;
}
/** A frame assembled by hand from a header object and column bytes (so a test can break any part). */
function frame(header: object, columnBytes: Uint8Array, opts: { version?: number; headerLength?: number } = {}): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((8 + h.length) / 8) * 8;
  const out = new Uint8Array(start + columnBytes.length);
  out.set([0x00, 0x43, 0x42, opts.version ?? 1]);
  new DataView(out.buffer).setUint32(4, opts.headerLength ?? h.length, true);
  out.set(h, 8);
  out.set(columnBytes, start);
  return out;
}
const headerOf = (descriptor: object, payloadExtra: object = {}) => ({ ...envelope, payload: { encoding: 'columnar-bin-v1', market, seq: 7, source: 'live', columns: descriptor, ...payloadExtra } });
const reasonOf = (data: Uint8Array): string => {
  const r = parseMessage(Topic.MarketTrades, data);
  if (r.ok) throw new Error('expected a refusal');
  return r.reason;
};

describe('columnar-bin-v1 trade batches: by hand', () => {
  it('encodes consecutive decimal ids as the first id, ts as a base and int32 deltas, sides as bytes', () => {
    expect(encodeBinaryTradeColumns(trades)).toEqual(columns);
  });

  it('lays the frame out byte by byte as binary-batch-frame.ts says', () => {
    const bytes = messageBytes(message(columns));
    const header = `{"type":"trades.received","eventId":"b-1","tsEvent":1700000000250,"tsInit":1700000000300,"correlationId":"b-1","causationId":null,"payload":{"encoding":"columnar-bin-v1","market":${JSON.stringify(market)},"seq":7,"source":"live","columns":{"id":100,"tsBase":1700000000000,"count":3,"tsDelta":"i32"}}}`;
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x43, 0x42, 0x01]);
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(header.length);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + header.length))).toBe(header);
    const start = Math.ceil((8 + header.length) / 8) * 8;
    expect([...bytes.subarray(8 + header.length, start)].every((b) => b === 0)).toBe(true);
    // IEEE 754 doubles, little-endian: 10.5 = 0x4025000000000000, 10.25 = 0x4024800000000000,
    // 10.75 = 0x4025800000000000; 2 = 0x4000000000000000, 0.125 = 0x3FC0000000000000, 3.5 = 0x400C000000000000.
    const cols = [...bytes.subarray(start)];
    expect(cols).toEqual([
      ...[0, 0, 0, 0, 0, 0, 0x25, 0x40, 0, 0, 0, 0, 0, 0x80, 0x24, 0x40, 0, 0, 0, 0, 0, 0x80, 0x25, 0x40],
      ...[0, 0, 0, 0, 0, 0, 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0xc0, 0x3f, 0, 0, 0, 0, 0, 0, 0x0c, 0x40],
      ...[0, 0, 0, 0, 0, 0, 0, 0, 0xfa, 0, 0, 0],
      ...[0x62, 0x73, 0x42],
    ]);
  });

  it('parses to the same message as the row and the JSON columnar batch of the same trades, at any offset', () => {
    const rows = parseMessage(Topic.MarketTrades, JSON.stringify({ ...envelope, payload: { market, seq: 7, source: 'live', trades } }));
    expect(rows.ok).toBe(true);
    for (const offset of [0, 1, 3, 8]) expect(parseMessage(Topic.MarketTrades, atOffset(messageBytes(message(columns)), offset))).toEqual(rows);
    expect(decodeBinaryTradeColumns(columns)).toEqual({ ok: true, trades });
  });

  it('keeps ids as a list when they are not consecutive decimals (joined, with lengths, in the header), and the epoch when there is one', () => {
    const listed = trades.map((t, i) => ({ ...t, id: ['a-1', '0102', 'x'][i] as string }));
    const cols = encodeBinaryTradeColumns(listed);
    expect(cols.id).toEqual(['a-1', '0102', 'x']);
    expect(new TextDecoder().decode(messageBytes(message(cols)))).toContain('"columns":{"id":{"joined":"a-10102x","lengths":[3,4,1]},"tsBase":1700000000000,"count":3,"tsDelta":"i32"}');
    const r = parseMessage(Topic.MarketTrades, messageBytes(message(cols, { epoch: 42 })));
    expect(r.ok && r.message.payload).toEqual({ market, seq: 7, epoch: 42, source: 'live', trades: listed });
  });

  it('carries deltas as float64 when one does not fit in int32 (a batch spanning more than 24 days)', () => {
    const far = [trades[0]!, { ...trades[1]!, ts: trades[0]!.ts + 2 ** 31 }, { ...trades[2]!, ts: trades[0]!.ts + 5 }];
    const cols = encodeBinaryTradeColumns(far);
    expect(cols.tsDelta).toEqual(new Float64Array([0, 2 ** 31, 5 - 2 ** 31]));
    const r = parseMessage(Topic.MarketTrades, messageBytes(message(cols)));
    expect(r.ok && r.message.payload.trades).toEqual(far);
  });

  it('is about as compact as columnar-v1 and a fifth of rows for a 500-trade batch', () => {
    const many: Trade[] = Array.from({ length: 500 }, (_, i) => ({ id: String(9_000_000 + i), ts: 1_700_000_000_000 + i * 37, price: 100 + (i % 17) * 0.01, amount: 0.001 * (1 + (i % 13)), side: i % 3 ? 'buy' : 'sell', sideInferred: false }));
    const bin = messageBytes(message(encodeBinaryTradeColumns(many))).length;
    const rows = JSON.stringify({ ...envelope, payload: { market, seq: 7, source: 'live', trades: many } }).length;
    // 8 + 8 + 4 + 1 = 21 bytes a trade plus the header.
    expect(bin).toBeLessThan(500 * 21 + 600);
    expect(bin).toBeLessThan(rows / 4);
  });
});

describe('columnar-bin-v1: malformed batches are refused naming the field', () => {
  const bad = (patch: Partial<BinaryTradeColumns>) => reasonOf(writeBinaryFrame(message({ ...columns, ...patch })));

  it('values: NaN, infinite, zero or negative price and amount', () => {
    expect(bad({ price: new Float64Array([10.5, NaN, 10.75]) })).toBe('invalid market.trades message: payload.columns.price.1: expected a positive finite number, got NaN');
    expect(bad({ price: new Float64Array([10.5, 10.25, 0]) })).toContain('payload.columns.price.2: expected a positive finite number, got 0');
    expect(bad({ amount: new Float64Array([-2, 0.125, 3.5]) })).toContain('payload.columns.amount.0: expected a positive finite number, got -2');
    expect(bad({ amount: new Float64Array([2, Infinity, 3.5]) })).toContain('payload.columns.amount.1: expected a positive finite number, got Infinity');
  });

  it('sides, timestamps and ids', () => {
    expect(bad({ side: new Uint8Array([0x62, 0x78, 0x42]) })).toContain('payload.columns.side.1: expected b, s, B or S, got byte 120');
    expect(bad({ tsDelta: new Int32Array([0, -2_000_000_000, 250]), tsBase: 1_000_000_000 })).toContain('payload.columns.tsDelta.1: timestamp -1000000000 is not a positive epoch ms');
    expect(bad({ tsDelta: new Float64Array([0, 0.5, 250]) })).toContain('payload.columns.tsDelta.1: expected an integer, got 0.5');
    expect(bad({ tsBase: 1.5 })).toContain('payload.columns.tsBase: expected an integer');
    // A list of ids travels as { joined, lengths }: an empty id is a zero length.
    expect(bad({ id: ['100', '', '102'] })).toContain('payload.columns.id.lengths.1: expected a positive integer (ids are non-empty), got 0');
    expect(bad({ id: ['100', '101'] })).toContain('payload.columns.id.lengths: length 2 does not match the 3 trades');
    expect(bad({ id: -1 })).toContain('payload.columns.id: expected a list of ids or the first of consecutive ids');
  });

  it('a list of ids on the wire: joined and lengths must agree, nothing else is accepted', () => {
    const desc = (id: unknown) => ({ id, tsBase: 1_700_000_000_000, count: 3, tsDelta: 'i32' });
    const cols = messageBytes(message(columns)).slice(-63);
    const reason = (id: unknown) => reasonOf(frame(headerOf(desc(id)), cols));
    expect(parseMessage(Topic.MarketTrades, frame(headerOf(desc({ joined: 'ab-cd', lengths: [1, 2, 2] })), cols)).ok).toBe(true);
    expect(reason({ joined: 'ab-cd', lengths: [1, 2, 1] })).toContain('payload.columns.id.joined: 5 characters, but the lengths add up to 4');
    expect(reason({ joined: 'ab', lengths: [1, 2, 1] })).toContain('payload.columns.id.lengths: the lengths add up to more than the 2 characters of joined');
    expect(reason({ joined: 'abc', lengths: [1, 1.5, 1] })).toContain('payload.columns.id.lengths.1: expected a positive integer (ids are non-empty), got 1.5');
    expect(reason({ joined: 'abc', lengths: [1, 1, 1], sep: ',' })).toContain('payload.columns.id.sep: unknown field');
    expect(reason({ joined: 3, lengths: [1, 1, 1] })).toContain('payload.columns.id.joined: expected the ids concatenated, a string');
    expect(reason(['a', 'b', 'c'])).toContain('payload.columns.id: expected the first of consecutive ids (a number) or { joined, lengths }');
  });

  it('the frame: column bytes short or long, a count out of range, an unknown descriptor field', () => {
    const good = messageBytes(message(columns));
    expect(reasonOf(good.subarray(0, good.length - 1))).toBe('invalid market.trades message: payload.columns: expected 63 bytes of columns for 3 trades, got 62');
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    expect(reasonOf(longer)).toContain('payload.columns: expected 63 bytes of columns for 3 trades, got 64');
    const desc = { id: 100, tsBase: 1_700_000_000_000, count: 3, tsDelta: 'i32' };
    expect(reasonOf(frame(headerOf({ ...desc, count: 0 }), new Uint8Array(0)))).toContain('payload.columns.count: expected 1 to 5000 trades, got 0');
    expect(reasonOf(frame(headerOf({ ...desc, count: 5001 }), new Uint8Array(5001 * 21)))).toContain('payload.columns.count: expected 1 to 5000 trades, got 5001');
    expect(reasonOf(frame(headerOf({ ...desc, tsDelta: 'i16' }), new Uint8Array(63)))).toContain('payload.columns.tsDelta: expected "i32" or "f64", got "i16"');
    expect(reasonOf(frame(headerOf({ ...desc, extra: 1 }), new Uint8Array(63)))).toContain('payload.columns.extra: unknown field');
  });

  it('the header: unknown fields, envelope fields, an encoding other than columnar-bin-v1, not JSON', () => {
    const desc = { id: 100, tsBase: 1_700_000_000_000, count: 3, tsDelta: 'i32' };
    const cols = messageBytes(message(columns)).slice(-63);
    expect(reasonOf(frame(headerOf(desc, { extra: true }), cols))).toContain('payload: Unrecognized key: "extra"');
    expect(reasonOf(frame({ ...headerOf(desc), eventId: '' }, cols))).toContain('eventId:');
    expect(reasonOf(frame(headerOf(desc, { seq: 0 }), cols))).toContain('payload.seq:');
    expect(reasonOf(frame(headerOf(desc, { encoding: 'columnar-v1' }), cols))).toContain('payload.encoding: a binary frame carries columnar-bin-v1, got "columnar-v1"');
    const notJson = frame(headerOf(desc), cols);
    notJson[8] = 0x7a; // the header's opening brace
    expect(reasonOf(notJson)).toContain('binary frame: header not JSON');
  });

  it('the preamble: an unknown version, a header running past the end, a frame on another topic', () => {
    const desc = { id: 100, tsBase: 1_700_000_000_000, count: 3, tsDelta: 'i32' };
    expect(reasonOf(frame(headerOf(desc), new Uint8Array(63), { version: 2 }))).toContain('binary frame: version 2 is not known (this reader reads 1)');
    expect(reasonOf(frame(headerOf(desc), new Uint8Array(0), { headerLength: 100_000 }))).toContain('binary frame: a header of 100000 bytes runs past');
    expect(reasonOf(new Uint8Array([0x00, 0x43, 0x42, 0x01]))).toContain('binary frame: 4 bytes, shorter than its 8-byte preamble');
    const r = parseMessage(Topic.TradingEvents, messageBytes(message(columns)));
    expect(r.ok ? '' : r.reason).toBe('invalid trading.events message: a binary frame (only market.trades carries them)');
  });

  it('the producer-side check (the schema on an in-memory message) refuses the same way, naming column and index', () => {
    const nan = TradesReceivedOnWire.safeParse(message({ ...columns, price: new Float64Array([10.5, NaN, 10.75]) }));
    expect(nan.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'price', 1], message: 'expected a positive finite number, got NaN' });
    const plain = TradesReceivedOnWire.safeParse(message({ ...columns, amount: [2, 0.125, 3.5] as unknown as Float64Array }));
    expect(plain.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'amount'], message: 'expected float64 amounts' });
    const emptyId = TradesReceivedOnWire.safeParse(message({ ...columns, id: ['100', '', '102'] }));
    expect(emptyId.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'id', 1], message: 'expected a non-empty string, got ""' });
    const short = TradesReceivedOnWire.safeParse(message({ ...columns, side: new Uint8Array([0x62]) }));
    expect(short.error?.issues[0]).toMatchObject({ path: ['payload', 'columns', 'side'], message: 'length 1 does not match the 3 prices' });
    expect(TradesReceivedOnWire.safeParse(message(columns)).data?.payload.trades).toEqual(trades);
  });
});

// Awkward doubles: subnormals, the largest finite, values with no short decimal form, and the
// usual money values; any positive finite double must come back bit for bit.
const awkwardDouble = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.constantFrom(Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2, 2 ** -1074 * 3, 1 / 3, 1e-300, 123456789.12345678, 0.00000001),
);
const tradeArb = fc.record({
  // Any string: astral characters, lone surrogates, quotes and NULs must come back exactly.
  id: fc.oneof(fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }), fc.constantFrom('\ud800', 'a\udc00b', '😀', 'é"\\', '\u0000', '0042')),
  ts: fc.oneof(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1_600_000_000_000, max: 1_600_000_100_000 })),
  price: awkwardDouble,
  amount: awkwardDouble,
  side: fc.constantFrom('buy' as const, 'sell' as const),
  sideInferred: fc.boolean(),
});

describe('columnar-bin-v1: encode → bytes → decode is the identity', () => {
  it('for any valid trades (any ids, any ts order and gaps), at any buffer offset', () => {
    fc.assert(
      fc.property(fc.array(tradeArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 15 }), (ts: Trade[], offset) => {
        const r = parseMessage(Topic.MarketTrades, atOffset(messageBytes(message(encodeBinaryTradeColumns(ts))), offset));
        expect(r.ok && r.message.payload.trades).toEqual(ts);
        if (r.ok) for (let i = 0; i < ts.length; i++) expect(Object.is(r.message.payload.trades[i]!.price, ts[i]!.price) && Object.is(r.message.payload.trades[i]!.amount, ts[i]!.amount)).toBe(true);
      }),
    );
  });

  it('for trades with consecutive decimal ids (the compact id form)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.array(tradeArb, { minLength: 1, maxLength: 60 }), (first, raw: Trade[]) => {
        const ts = raw.map((t, i) => ({ ...t, id: String(first + i) }));
        const cols = encodeBinaryTradeColumns(ts);
        expect(cols.id).toBe(first);
        const r = parseMessage(Topic.MarketTrades, messageBytes(message(cols)));
        expect(r.ok && r.message.payload.trades).toEqual(ts);
      }),
    );
  });
});
