import { AggressorSide } from '../model/trade.js';
import type { ByteColumns } from './byte-columns.js';
import { epochToMs } from './utc-time.js';

/**
 * The byte-level fast path of the CSV parser: one data row read straight from the file's bytes, no
 * strings but the id. It reads only rows it can read exactly as the string path would (plain ASCII
 * digits, `.` decimals of ≤ 15 significant digits, integer epochs, the usual boolean/side spellings);
 * anything else makes `decodeByteRow` return false and the row goes through the string path, which
 * is then the one that decides (malformed, trimmed, quoted, exponent, …). So both paths give the same
 * trades by construction, and the string path stays the reference.
 */

/** What the fast path read from one row (reused: one object per parser). */
export interface ByteRow {
  id: string;
  /** The id's value when it is a short canonical integer (the validator's `shortId`), else -1. */
  idNum: number;
  ts: number;
  price: number;
  pricePlaces: number;
  amount: number;
  amountPlaces: number;
  side: AggressorSide | null;
}

export function emptyByteRow(): ByteRow {
  return { id: '', idNum: -1, ts: NaN, price: NaN, pricePlaces: 0, amount: NaN, amountPlaces: 0, side: null };
}

/** Most fields a fast-path row may have (Binance has 6–8, ccxt 8–9). */
export const maxFastFields = 32;

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i); // exact doubles up to 1e22

/**
 * Offsets of the fields of `buf[start, end)` into `starts` (field i is `[starts[i], starts[i+1] - 1)`);
 * the field count, or -1 when the row has a quote or a carriage return before it stops, or more than
 * `maxFastFields` fields (the string path splits those). With `stopAt`, it stops once `stopAt` fields
 * are complete and returns `stopAt` ("at least that many"): what follows cannot change them (a quote
 * only joins fields after it). The caller passes `stopAt` only when it knows the line has no `\r`.
 */
export function splitRow(buf: Uint8Array, start: number, end: number, starts: Int32Array, stopAt: number): number {
  let n = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c === 44) {
      if (++n >= maxFastFields) return -1;
      starts[n] = i + 1;
      if (n === stopAt) return n;
    } else if (c === 34 || c === 13) return -1;
  }
  starts[n + 1] = end + 1;
  return n + 1;
}

/**
 * Fills `out` from one row's fields; false when the row is not for the fast path. `lineNo` names an
 * empty ccxt id (`line-<n>`), as the string path does.
 */
export function decodeByteRow(buf: Uint8Array, starts: Int32Array, nFields: number, c: ByteColumns, lineNo: number, out: ByteRow): boolean {
  if (nFields < c.minFields || (c.exactFields !== undefined && nFields !== c.exactFields)) return false;
  // Timestamp: an integer epoch (ms, or µs/ns told by magnitude like epochTextToMs).
  if (!parseEpoch(buf, starts[c.ts] as number, (starts[c.ts + 1] as number) - 1)) return false;
  const ts = read[EPOCH] as number;
  if (!parseDecimal(buf, starts[c.price] as number, (starts[c.price + 1] as number) - 1)) return false;
  const price = read[DECIMAL] as number;
  const pricePlaces = decimalPlacesRead;
  if (!parseDecimal(buf, starts[c.amount] as number, (starts[c.amount + 1] as number) - 1)) return false;
  const sideStart = starts[c.side] as number;
  const sideEnd = (starts[c.side + 1] as number) - 1;
  let side: AggressorSide | null;
  if (c.sideKind === 'buyer-maker') {
    const bm = parseBoolean(buf, sideStart, sideEnd);
    if (bm < 0) return false;
    // The buyer resting on the book means the seller crossed the spread: the aggressor sold.
    side = bm === 1 ? AggressorSide.Sell : AggressorSide.Buy;
  } else {
    const s = parseCcxtSideBytes(buf, sideStart, sideEnd);
    if (s === undefined) return false;
    side = s;
  }
  const idStart = starts[c.id] as number;
  const idEnd = (starts[c.id + 1] as number) - 1;
  let id: string;
  if (idEnd === idStart) {
    if (!c.emptyIdIsLineNo) return false;
    id = `line-${lineNo}`;
    read[ID_NUM] = -1;
  } else {
    const text = idText(buf, idStart, idEnd);
    if (text === null) return false;
    id = text;
  }
  out.id = id;
  out.idNum = read[ID_NUM] as number;
  out.ts = epochToMs(ts);
  out.price = price;
  out.pricePlaces = pricePlaces;
  out.amount = read[DECIMAL] as number;
  out.amountPlaces = decimalPlacesRead;
  out.side = side;
  return true;
}

/**
 * The doubles the parsers read, in a typed array: a double returned from a function that is not
 * inlined, or kept in a module `let`, is a fresh heap number each time (V8 boxes doubles outside
 * typed arrays and optimised locals), three per row, a sixth of the CSV path's garbage (measured).
 */
const read = new Float64Array(3);
const EPOCH = 0;
const DECIMAL = 1;
/** idText's numeric reading (-1: not a canonical integer). Venue ids pass 2^30 (Binance's do), so they box too. */
const ID_NUM = 2;

/** Digits only, ≤ 16 of them, a safe integer (µs epochs have 16): true and the value in read[EPOCH]. */
function parseEpoch(buf: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  if (len < 1 || len > 16) return false;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = (buf[i] as number) - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  if (!Number.isSafeInteger(n)) return false;
  read[EPOCH] = n;
  return true;
}

// parseDecimal's decimal places (its value is read[DECIMAL]).
let decimalPlacesRead = 0;

/**
 * `123`, `123.45`, `.5`, `5.`: the nearest double (in read[DECIMAL]), exactly what `Number(text)` gives (an integer
 * mantissa < 2^53 over an exact power of ten is one correctly rounded division), and the decimal
 * places up to the last non-zero fraction digit (decimalPlaces). False for signs, exponents, spaces,
 * more than 15 significant digits or more than 22 fraction digits.
 */
function parseDecimal(buf: Uint8Array, start: number, end: number): boolean {
  let m = 0;
  let sig = 0; // significant digits so far (leading zeros not counted)
  let digits = 0;
  let frac = -1; // fraction digits, -1 before the point
  let places = 0;
  for (let i = start; i < end; i++) {
    const ch = buf[i] as number;
    const d = ch - 48;
    if (d >= 0 && d <= 9) {
      digits++;
      if (frac >= 0) {
        frac++;
        if (d !== 0) places = frac;
      }
      if (sig > 0 || d !== 0) {
        if (++sig > 15) return false;
        m = m * 10 + d;
      }
    } else if (ch === 46 && frac < 0) frac = 0;
    else return false;
  }
  if (digits === 0 || frac > 22) return false;
  read[DECIMAL] = frac > 0 ? m / (POW10[frac] as number) : m;
  decimalPlacesRead = places;
  return true;
}

/** 1 for `true`/`True`, 0 for `false`/`False`, -1 otherwise (other spellings go the string path). */
function parseBoolean(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len === 4 && (buf[start] === 116 || buf[start] === 84) && buf[start + 1] === 114 && buf[start + 2] === 117 && buf[start + 3] === 101) return 1;
  if (len === 5 && (buf[start] === 102 || buf[start] === 70) && buf[start + 1] === 97 && buf[start + 2] === 108 && buf[start + 3] === 115 && buf[start + 4] === 101) return 0;
  return -1;
}

/** `buy`, `sell`, empty (null: the tick rule decides); undefined for anything else. */
function parseCcxtSideBytes(buf: Uint8Array, start: number, end: number): AggressorSide | null | undefined {
  const len = end - start;
  if (len === 0) return null;
  if (len === 3 && buf[start] === 98 && buf[start + 1] === 117 && buf[start + 2] === 121) return AggressorSide.Buy;
  if (len === 4 && buf[start] === 115 && buf[start + 1] === 101 && buf[start + 2] === 108 && buf[start + 3] === 108) return AggressorSide.Sell;
  return undefined;
}

/**
 * The id's text when it is printable ASCII without spaces (then bytes and UTF-8 text agree and
 * trimming changes nothing); null otherwise. Canonical integers (no leading zero, ≤ 15 digits) are
 * built from their value, which is cheaper than a string of char codes, and leave it in `read[ID_NUM]`
 * (else -1) for the validator.
 */
function idText(buf: Uint8Array, start: number, end: number): string | null {
  const len = end - start;
  let n = 0;
  let digitsOnly = len <= 15 && (buf[start] !== 48 || len === 1);
  for (let i = start; i < end; i++) {
    const ch = buf[i] as number;
    if (ch < 33 || ch > 126) return null;
    const d = ch - 48;
    if (d < 0 || d > 9) digitsOnly = false;
    else n = n * 10 + d;
  }
  if (digitsOnly) {
    read[ID_NUM] = n;
    return String(n);
  }
  read[ID_NUM] = -1;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i] as number);
  return s;
}
