import type { BinaryTradeColumns } from './events/trade-columns-binary.js';
import { MAX_TRADES_PER_BATCH } from './events/trade-columns.js';
import { TradesEncoding, type TradesReceivedOnWire } from './events/trades-received.js';

/**
 * The bytes of a `columnar-bin-v1` trade batch on the bus (issue 14 item 4). Pub/Sub data is bytes,
 * so the columns travel raw instead of as JSON text:
 *
 *   0   4 bytes   magic: 0x00 'C' 'B' and the frame version (1). No JSON text starts with a NUL.
 *   4   uint32 LE the header's length H in bytes
 *   8   H bytes   the header: the message as JSON (UTF-8), `payload.columns` replaced by
 *                 `{ id, tsBase, count, tsDelta: 'i32' | 'f64' }`. Ids travel here: the first of
 *                 consecutive ids (a number), or a list as `{ joined, lengths }`: the ids concatenated
 *                 and each one's length in UTF-16 units. Why not a JSON array of strings: V8's
 *                 JSON.parse interns every short string value, which cost 31 µs for 500 ids against
 *                 13 µs for one string cut into 500 (measured); JSON strings round-trip any id exactly.
 *       0–7 bytes zero padding, so the columns start at a multiple of 8 from the frame's start
 *       count × 8  price   float64 LE
 *       count × 8  amount  float64 LE
 *       count × 4 or 8  tsDelta  int32 LE, or float64 LE holding integers
 *       count × 1  side    b/s/B/S as in columnar-v1
 *
 * Nothing may follow. The frame is read back into the typed arrays of `BinaryTradeColumns`, which the
 * schema then validates value by value (trades-received.ts), like any other message.
 */
export const BINARY_FRAME_VERSION = 1;
const MAGIC = [0x00, 0x43, 0x42] as const;
const HEADER_AT = 8;
/** The typed arrays read and write the host's byte order; the frame is little-endian (GCP's x86 and Arm are). */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const DESCRIPTOR_KEYS: ReadonlySet<string> = new Set(['id', 'tsBase', 'count', 'tsDelta']);
const utf8Out = new TextEncoder();
/** One decoder for every frame (stateless without `stream`), as parseMessage does. */
const utf8In = new TextDecoder();

type BinaryPayload = Extract<TradesReceivedOnWire['payload'], { encoding: typeof TradesEncoding.ColumnarBinV1 }>;
export type BinaryBatchMessage = Omit<TradesReceivedOnWire, 'payload'> & { payload: BinaryPayload };

/** True when the bytes open like a binary frame (any version): parseMessage then reads them with readBinaryFrame. */
export function isBinaryFrame(data: Uint8Array): boolean {
  return data.length >= MAGIC.length && data[0] === MAGIC[0] && data[1] === MAGIC[1] && data[2] === MAGIC[2];
}

/** The frame of a binary batch. The columns must be consistent (the publisher validates the message first). */
export function writeBinaryFrame(message: BinaryBatchMessage): Uint8Array {
  const { columns, ...payload } = message.payload;
  const n = columns.price.length;
  const wide = columns.tsDelta instanceof Float64Array;
  const id = typeof columns.id === 'number' ? columns.id : { joined: columns.id.join(''), lengths: columns.id.map((x) => x.length) };
  const header = utf8Out.encode(JSON.stringify({ ...message, payload: { ...payload, columns: { id, tsBase: columns.tsBase, count: n, tsDelta: wide ? 'f64' : 'i32' } } }));
  const start = align8(HEADER_AT + header.length);
  const out = new Uint8Array(start + n * (17 + (wide ? 8 : 4)));
  out.set([...MAGIC, BINARY_FRAME_VERSION], 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, HEADER_AT);
  // `out` is a fresh buffer at offset 0 and `start` a multiple of 8: every column is aligned.
  out.set(asBytes(columns.price), start);
  out.set(asBytes(columns.amount), start + 8 * n);
  out.set(asBytes(columns.tsDelta), start + 16 * n);
  out.set(columns.side.subarray(0, n), start + (wide ? 24 : 20) * n);
  if (!HOST_LITTLE_ENDIAN) swapColumnBytes(out, start, n, wide);
  return out;
}

/**
 * The message in a binary frame, its columns as typed arrays (not yet validated: the schema does
 * that), or why the frame cannot be read (a reason that names the field, as a schema issue does).
 */
export function readBinaryFrame(data: Uint8Array): { ok: true; message: unknown } | { ok: false; reason: string } {
  if (data.length < HEADER_AT) return { ok: false, reason: `binary frame: ${data.length} bytes, shorter than its 8-byte preamble` };
  if (data[3] !== BINARY_FRAME_VERSION) return { ok: false, reason: `binary frame: version ${data[3]} is not known (this reader reads ${BINARY_FRAME_VERSION})` };
  const headerLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(4, true);
  if (HEADER_AT + headerLength > data.length) return { ok: false, reason: `binary frame: a header of ${headerLength} bytes runs past the ${data.length} bytes of the message` };
  let message: unknown;
  try {
    message = JSON.parse(utf8In.decode(data.subarray(HEADER_AT, HEADER_AT + headerLength)));
  } catch (e) {
    return { ok: false, reason: `binary frame: header not JSON: ${(e as Error).message}` };
  }
  const payload = (message as { payload?: unknown } | null)?.payload;
  if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'payload: expected an object' };
  const p = payload as Record<string, unknown>;
  if (p.encoding !== TradesEncoding.ColumnarBinV1) return { ok: false, reason: `payload.encoding: a binary frame carries ${TradesEncoding.ColumnarBinV1}, got ${JSON.stringify(p.encoding) ?? 'nothing'}` };
  const d = p.columns;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return { ok: false, reason: 'payload.columns: expected { id, tsBase, count, tsDelta }' };
  const desc = d as Record<string, unknown>;
  for (const k in desc) if (!DESCRIPTOR_KEYS.has(k)) return { ok: false, reason: `payload.columns.${k}: unknown field (a binary frame's columns are described by ${[...DESCRIPTOR_KEYS].join(', ')})` };
  const n = desc.count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TRADES_PER_BATCH) return { ok: false, reason: `payload.columns.count: expected 1 to ${MAX_TRADES_PER_BATCH} trades, got ${JSON.stringify(n) ?? 'nothing'}` };
  if (desc.tsDelta !== 'i32' && desc.tsDelta !== 'f64') return { ok: false, reason: `payload.columns.tsDelta: expected "i32" or "f64", got ${JSON.stringify(desc.tsDelta) ?? 'nothing'}` };
  const ids = readIds(desc.id, n);
  if (typeof ids === 'string') return { ok: false, reason: ids };
  const wide = desc.tsDelta === 'f64';
  const start = align8(HEADER_AT + headerLength);
  const need = n * (17 + (wide ? 8 : 4));
  const got = Math.max(0, data.length - start);
  if (got !== need) return { ok: false, reason: `payload.columns: expected ${need} bytes of columns for ${n} trades, got ${got}` };
  // Views on the message's own bytes when they are aligned (no copy); else one copy of the columns
  // into a fresh buffer (Pub/Sub's buffers are slices of bigger ones, at any offset).
  let bytes = data;
  let at = start;
  if (!HOST_LITTLE_ENDIAN || (data.byteOffset + start) % 8 !== 0) {
    bytes = new Uint8Array(need);
    bytes.set(data.subarray(start, start + need));
    at = 0;
    if (!HOST_LITTLE_ENDIAN) swapColumnBytes(bytes, 0, n, wide);
  }
  const o = bytes.byteOffset + at;
  const columns: BinaryTradeColumns = {
    id: ids.id,
    tsBase: desc.tsBase as number,
    price: new Float64Array(bytes.buffer, o, n),
    amount: new Float64Array(bytes.buffer, o + 8 * n, n),
    tsDelta: wide ? new Float64Array(bytes.buffer, o + 16 * n, n) : new Int32Array(bytes.buffer, o + 16 * n, n),
    side: new Uint8Array(bytes.buffer, o + (wide ? 24 : 20) * n, n),
  };
  p.columns = columns;
  return { ok: true, message };
}

/** The ids of a descriptor: the first consecutive id as it is (checked with the columns), a `{ joined, lengths }` list cut up; or why not. */
function readIds(id: unknown, n: number): { id: BinaryTradeColumns['id'] } | string {
  if (typeof id === 'number') return { id };
  if (typeof id !== 'object' || id === null || Array.isArray(id)) return 'payload.columns.id: expected the first of consecutive ids (a number) or { joined, lengths }';
  const { joined, lengths, ...rest } = id as Record<string, unknown>;
  for (const k in rest) return `payload.columns.id.${k}: unknown field (a list of ids is { joined, lengths })`;
  if (typeof joined !== 'string') return 'payload.columns.id.joined: expected the ids concatenated, a string';
  if (!Array.isArray(lengths)) return 'payload.columns.id.lengths: expected one length per id';
  if (lengths.length !== n) return `payload.columns.id.lengths: length ${lengths.length} does not match the ${n} trades`;
  const ids = new Array<string>(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const len = lengths[i] as unknown;
    if (typeof len !== 'number' || !Number.isInteger(len) || len < 1) return `payload.columns.id.lengths.${i}: expected a positive integer (ids are non-empty), got ${JSON.stringify(len) ?? 'nothing'}`;
    if (at + len > joined.length) return `payload.columns.id.lengths: the lengths add up to more than the ${joined.length} characters of joined`;
    ids[i] = joined.slice(at, at + len);
    at += len;
  }
  if (at !== joined.length) return `payload.columns.id.joined: ${joined.length} characters, but the lengths add up to ${at}`;
  return { id: ids };
}

function align8(x: number): number {
  return (x + 7) & ~7;
}

function asBytes(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Big-endian hosts only: turn the numeric columns between host and little-endian order, in place. */
function swapColumnBytes(b: Uint8Array, start: number, n: number, wide: boolean): void {
  const reverse = (from: number, count: number, width: number) => {
    for (let i = 0; i < count; i++) b.subarray(from + i * width, from + (i + 1) * width).reverse();
  };
  reverse(start, 2 * n, 8);
  reverse(start + 16 * n, n, wide ? 8 : 4);
}
