import type { Trade } from '../model/trade.js';
import { numberToDecimalText } from './decimal-text.js';
import { parseCcxtSide } from './ccxt-csv.js';
import type { TapeParser } from './tape-parser.js';
import { type TapePrecision, TapeFormat } from './tape-format.js';
import { type RawTrade, type TapeParseStats, TradeAssembler, emptyRawTrade } from './trade-assembler.js';
import { epochToMs, epochTextToMs, parseUtcDateTime } from './utc-time.js';

// ccxt `fetchTrades` dumps, either compact rows (sample-data/tapes/binance-xrpeth-trades-2019-10.json.gz):
//   [[1570752011620,"13519807",null,"sell",0.00141342,23.0,0.03250866], …]
//   [timestamp_ms, id, type, side, price, amount, cost]
// or ccxt's unified trade objects:
//   [{"info":{…},"timestamp":1570752011620,"datetime":"2019-10-11T00:00:11.620Z","symbol":"XRP/ETH",
//     "id":"13519807","order":null,"type":null,"side":"sell","takerOrMaker":null,"price":0.00141342,
//     "amount":23,"cost":0.03250866,"fee":null}, …]
// The top-level array is split into elements as text arrives, so a dump of any size streams; each
// element is parsed with JSON.parse on its own. JSON numbers lose the venue's text, so precision is
// measured on the shortest decimal of the double rounded to 15 digits (numberToDecimalText).

export interface CcxtJsonParserOptions {
  readonly idWindow?: number;
}

/** Where the scanner is relative to the top-level array. */
const Scan = { BeforeArray: 0, InArray: 1, AfterArray: 2 } as const;
type Scan = (typeof Scan)[keyof typeof Scan];

export function createCcxtJsonTradeParser(opts: CcxtJsonParserOptions = {}): TapeParser {
  const assembler = new TradeAssembler(opts.idWindow);
  const raw = emptyRawTrade();
  let state: Scan = Scan.BeforeArray;
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let element = ''; // text of the current element from earlier chunks
  let elementStarted = false;
  let index = 0; // elements seen, for ids the dump lacks

  function emit(text: string, out: Trade[]): void {
    index += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      assembler.rejectMalformed();
      return;
    }
    if (!readElement(value, index, raw)) {
      assembler.rejectMalformed();
      return;
    }
    const t = assembler.accept(raw);
    if (t !== null) out.push(t);
  }

  function push(chunk: string, out: Trade[]): void {
    let start = elementStarted ? 0 : -1; // start of the current element within this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === Scan.BeforeArray) {
        if (isWhitespace(c) || (c === 0xfeff && i === 0)) continue;
        if (c !== 91) throw new Error(`ccxt-json: expected a JSON array of trades, found ${JSON.stringify(chunk.slice(i, i + 20))}`);
        state = Scan.InArray;
        continue;
      }
      if (state === Scan.AfterArray) {
        if (!isWhitespace(c)) throw new Error('ccxt-json: text continues after the closing ] of the trade array');
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true; // backslash
        else if (c === 34) inString = false;
        continue;
      }
      if (depth === 0 && (c === 44 || c === 93)) { // , or ] ends the element at top level
        if (elementStarted) {
          emit(element + chunk.slice(start, i), out);
          element = '';
          elementStarted = false;
        } else if (c === 44) {
          assembler.rejectMalformed(); // an empty element: `[1,,2]`
        }
        if (c === 93) state = Scan.AfterArray;
        continue;
      }
      if (!elementStarted) {
        if (isWhitespace(c)) continue;
        elementStarted = true;
        start = i;
      }
      if (c === 34) inString = true;
      else if (c === 91 || c === 123) depth += 1;
      else if (c === 93 || c === 125) depth -= 1;
    }
    if (elementStarted) element += chunk.slice(start);
  }

  return {
    format: TapeFormat.CcxtJson,
    push,
    finish(): TapeParseStats {
      if (state === Scan.BeforeArray) throw new Error('ccxt-json: no JSON array found (empty file?)');
      if (state === Scan.InArray) throw new Error(`ccxt-json: the text ended inside the trade array after ${index} elements (truncated file?)`);
      return assembler.stats();
    },
    get precision(): TapePrecision {
      return assembler.precision;
    },
    stats: () => assembler.stats(),
  };
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Decimal text of a JSON price/amount: numbers via their 15-digit decimal, strings as printed. */
function decimalOf(v: unknown): string {
  if (typeof v === 'number') return numberToDecimalText(v);
  if (typeof v === 'string') return v;
  return 'NaN';
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? epochToMs(v) : NaN;
  if (typeof v === 'string') return epochTextToMs(v);
  return NaN;
}

function idOf(v: unknown, index: number): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return `element-${index}`;
}

/** One array element into `out`; false (malformed) for scalars, rows shorter than 6, or an unknown side. */
function readElement(v: unknown, index: number, out: RawTrade): boolean {
  if (Array.isArray(v)) {
    if (v.length < 6) return false;
    const side = parseCcxtSide(v[3] as string | null);
    if (side === undefined) return false;
    out.ts = timeOf(v[0]);
    out.id = idOf(v[1], index);
    out.side = side;
    out.price = decimalOf(v[4]);
    out.amount = decimalOf(v[5]);
    return true;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const side = typeof o.side === 'string' || o.side === null || o.side === undefined ? parseCcxtSide(o.side) : undefined;
    if (side === undefined) return false;
    out.ts = o.timestamp !== undefined && o.timestamp !== null ? timeOf(o.timestamp) : typeof o.datetime === 'string' ? parseUtcDateTime(o.datetime) : NaN;
    out.id = idOf(o.id, index);
    out.side = side;
    out.price = decimalOf(o.price);
    out.amount = decimalOf(o.amount);
    return true;
  }
  return false;
}
