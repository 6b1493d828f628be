import type { Trade } from '../../model/trade.js';
// Side bytes are the letters of columnar-v1; ids, limits and issue texts as there.
import { B_LOWER, B_UPPER, MAX_ISSUES, S_LOWER, S_UPPER, consecutiveFrom, show } from './trade-column-common.js';
import { type ColumnIssue, MAX_TRADES_PER_BATCH } from './trade-columns.js';

/**
 * The trades of a `trades.received` batch as typed-array columns (encoding `columnar-bin-v1`,
 * issue 14 item 4): what `columnar-v1` carries, but with the numbers as raw little-endian bytes in
 * the Pub/Sub data (binary-batch-frame.ts lays them out) instead of JSON text. Parsing a batch is
 * then a small JSON header and one validation loop over the typed arrays: no number is printed or
 * parsed, and no array of boxed numbers is built only to be read once.
 *
 * - `id`: the trade ids (`string[]`, travels in the JSON header, concatenated), or a number `n`
 *   meaning the ids are the consecutive decimals `String(n)`, `String(n + 1)`, … (as in columnar-v1).
 * - `tsBase` + `tsDelta`: trade i's ts is `tsBase + tsDelta[0] + … + tsDelta[i]`. Deltas are int32
 *   (4 bytes) when every one fits, else float64 holding integers (a batch spanning > 24 days).
 * - `price`, `amount`: the doubles themselves, bit for bit.
 * - `side`: one byte per trade, the letters of columnar-v1 (`b`/`s` reported, `B`/`S` inferred).
 *
 * Every guarantee of a row trade (WireTradeSchema) holds after decoding: non-empty id, positive
 * safe-integer ts, positive finite price and amount, a side; 1–5000 trades; equal lengths.
 */
export interface BinaryTradeColumns {
  readonly id: readonly string[] | number;
  readonly tsBase: number;
  readonly tsDelta: Int32Array | Float64Array;
  readonly price: Float64Array;
  readonly amount: Float64Array;
  readonly side: Uint8Array;
}

export const BINARY_COLUMNS = ['id', 'tsBase', 'tsDelta', 'price', 'amount', 'side'] as const;
const COLUMN_SET: ReadonlySet<string> = new Set(BINARY_COLUMNS);
const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

/** Columns of the given trades (at least one); ids collapse to a number when they are consecutive canonical decimals. */
export function encodeBinaryTradeColumns(trades: readonly Trade[]): BinaryTradeColumns {
  const n = trades.length;
  const price = new Float64Array(n);
  const amount = new Float64Array(n);
  const side = new Uint8Array(n);
  const tsBase = trades[0]?.ts ?? 0;
  const deltas = new Float64Array(n);
  let prevTs = tsBase;
  let fitsInt32 = true;
  for (let i = 0; i < n; i++) {
    const t = trades[i] as Trade;
    const d = t.ts - prevTs;
    deltas[i] = d;
    if (d > INT32_MAX || d < INT32_MIN) fitsInt32 = false;
    prevTs = t.ts;
    price[i] = t.price;
    amount[i] = t.amount;
    side[i] = t.side === 'buy' ? (t.sideInferred ? B_UPPER : B_LOWER) : t.sideInferred ? S_UPPER : S_LOWER;
  }
  return { id: consecutiveFrom(trades) ?? trades.map((t) => t.id), tsBase, tsDelta: fitsInt32 ? Int32Array.from(deltas) : deltas, price, amount, side };
}


/**
 * Validate typed-array columns (from the wire, or handed to the producer-side check) and decode them
 * to trades, in one pass over the values. Returns the trades, or the issues (each naming the column
 * and, per trade, the index) when anything is wrong.
 */
export function decodeBinaryTradeColumns(columns: unknown): { ok: true; trades: Trade[] } | { ok: false; issues: ColumnIssue[] } {
  const issues: ColumnIssue[] = [];
  const fail = (path: readonly (string | number)[], message: string): boolean => issues.push({ path, message }) >= MAX_ISSUES;
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) return { ok: false, issues: [{ path: [], message: 'expected an object of columns' }] };
  const c = columns as Record<string, unknown>;
  for (const k in c) if (!COLUMN_SET.has(k)) fail([k], `unknown column "${k}" (columnar-bin-v1 has ${BINARY_COLUMNS.join(', ')})`);
  const { id, tsBase, tsDelta, price, amount, side } = c;
  if (!(price instanceof Float64Array)) return { ok: false, issues: [...issues, { path: ['price'], message: 'expected float64 prices' }] };
  const n = price.length;
  if (n < 1 || n > MAX_TRADES_PER_BATCH) return { ok: false, issues: [...issues, { path: ['price'], message: `expected 1 to ${MAX_TRADES_PER_BATCH} trades, got ${n}` }] };
  const lengthOk = (name: string, v: unknown, isKind: boolean, what: string): void => {
    if (!isKind) fail([name], `expected ${what}`);
    else if ((v as ArrayLike<unknown>).length !== n) fail([name], `length ${(v as ArrayLike<unknown>).length} does not match the ${n} prices`);
  };
  const ids = Array.isArray(id) ? (id as readonly unknown[]) : null;
  if (ids !== null) lengthOk('id', ids, true, 'ids');
  else if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || !Number.isSafeInteger(id + n)) fail(['id'], 'expected a list of ids or the first of consecutive ids (a non-negative safe integer)');
  if (typeof tsBase !== 'number' || !Number.isSafeInteger(tsBase)) fail(['tsBase'], `expected an integer (the epoch ms the deltas start from), got ${show(tsBase)}`);
  const deltasInt32 = tsDelta instanceof Int32Array;
  lengthOk('tsDelta', tsDelta, deltasInt32 || tsDelta instanceof Float64Array, 'int32 or float64 deltas');
  lengthOk('amount', amount, amount instanceof Float64Array, 'float64 amounts');
  lengthOk('side', side, side instanceof Uint8Array, 'one byte per trade');
  if (issues.length) return { ok: false, issues };

  // Check every value first (no allocation), then build: a refused batch allocates nothing, and the
  // building loop is nothing but loads and stores.
  const dts = tsDelta as Int32Array | Float64Array;
  const amounts = amount as Float64Array;
  const sides = side as Uint8Array;
  let ts = tsBase as number;
  for (let i = 0; i < n; i++) {
    if (ids !== null) {
      const tid = ids[i];
      if ((typeof tid !== 'string' || tid.length === 0) && fail(['id', i], `expected a non-empty string, got ${show(tid)}`)) break;
    }
    const d = dts[i] as number;
    if (!deltasInt32 && !Number.isSafeInteger(d)) {
      if (fail(['tsDelta', i], `expected an integer, got ${show(d)}`)) break;
    } else {
      ts += d;
      if ((ts <= 0 || !Number.isSafeInteger(ts)) && fail(['tsDelta', i], `timestamp ${ts} is not a positive epoch ms`)) break;
    }
    const p = price[i] as number;
    if ((!(p > 0) || p === Infinity) && fail(['price', i], `expected a positive finite number, got ${show(p)}`)) break;
    const a = amounts[i] as number;
    if ((!(a > 0) || a === Infinity) && fail(['amount', i], `expected a positive finite number, got ${show(a)}`)) break;
    const s = sides[i];
    if (s !== B_LOWER && s !== S_LOWER && s !== B_UPPER && s !== S_UPPER && fail(['side', i], `expected b, s, B or S, got byte ${s}`)) break;
  }
  if (issues.length) return { ok: false, issues };

  const first = ids === null ? (id as number) : 0;
  const trades = new Array<Trade>(n);
  ts = tsBase as number;
  for (let i = 0; i < n; i++) {
    ts += dts[i] as number;
    const s = sides[i];
    trades[i] = {
      id: ids !== null ? (ids[i] as string) : String(first + i),
      ts,
      price: price[i] as number,
      amount: amounts[i] as number,
      side: s === B_LOWER || s === B_UPPER ? 'buy' : 'sell',
      sideInferred: s === B_UPPER || s === S_UPPER,
    };
  }
  return { ok: true, trades };
}
