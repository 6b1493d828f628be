import { type CsvLayout, type CsvRowDecoder, hasAnyColumn, resolveColumns } from './csv-layout.js';
import { normaliseHeaderName, splitCsvLine } from './csv-fields.js';
import { parseDecimalText } from './decimal-text.js';
import { type Quote, midDecimalText, quoteTickAmount } from './quote.js';
import { TapeFormat } from './tape-format.js';
import { parseUtcDateTime } from './utc-time.js';

// TrueFX quotes as saved by pandas (sample-data/tapes/truefx-usdjpy-quotes-2013-01.csv):
//   timestamp,bid,ask
//   2013-01-01 22:00:00.295000+00:00,86.655,86.728
//   2013-01-01 22:09:27+00:00,86.727,86.760          (whole seconds print without a fraction)
// TrueFX's own monthly files have no header and lead with the pair:
//   USD/JPY,20130101 22:00:00.295,86.655,86.728
// Both are read; the quote becomes a mid-price tick (see QuoteTicker for the rule).

interface Columns {
  time: number;
  bid: number;
  ask: number;
}

const header = {
  time: ['timestamp', 'time', 'datetime', 'date'],
  bid: ['bid'],
  ask: ['ask'],
} as const;

/** Headerless rows: `timestamp,bid,ask` or TrueFX's `pair,timestamp,bid,ask`. */
function positional(fieldCount: number): Columns | null {
  if (fieldCount === 3) return { time: 0, bid: 1, ask: 2 };
  if (fieldCount === 4) return { time: 1, bid: 2, ask: 3 };
  return null;
}

function columnsFor(h: readonly string[] | null): (fieldCount: number) => Columns | null {
  if (h === null) return positional;
  const c = resolveColumns(TapeFormat.TrueFxQuotesCsv, h, header);
  const minFields = Math.max(c.time, c.bid, c.ask) + 1;
  return (n) => (n >= minFields ? c : null);
}

const isQuoteHeader = (fields: readonly string[]): boolean => hasAnyColumn(fields, ['bid', 'ask']);

export const trueFxQuotesCsv: CsvLayout = {
  format: TapeFormat.TrueFxQuotesCsv,
  isHeader: isQuoteHeader,
  decoder(h): CsvRowDecoder {
    const columns = columnsFor(h);
    let lastMid: string | null = null; // mid of the last kept tick
    let pendingMid: string | null = null; // mid of the row being decided
    return {
      decode(fields, lineNo, out) {
        const c = columns(fields.length);
        if (c === null) return 'malformed';
        const mid = midDecimalText(fields[c.bid] as string, fields[c.ask] as string);
        if (mid !== null && mid === lastMid) return 'skip';
        pendingMid = mid;
        out.id = `${lineNo}`;
        out.ts = parseUtcDateTime(fields[c.time] as string);
        out.price = mid ?? 'NaN'; // an unreadable or non-positive bid/ask is counted as bad_price
        out.amount = quoteTickAmount;
        out.side = null;
        return 'ok';
      },
      accepted() {
        lastMid = pendingMid;
      },
    };
  },
};

/** Reads quote rows as `Quote`s (for spread-aware consumers); blank lines, the header and unreadable rows give null. */
export interface QuoteCsvParser {
  pushLine(line: string): Quote | null;
  /** Rows that were neither blank, header, nor a quote with a valid time, bid and ask. */
  readonly malformed: number;
  readonly lineNo: number;
}

export function createQuoteCsvParser(): QuoteCsvParser {
  let columns: ((n: number) => Columns | null) | null = null;
  let malformed = 0;
  let lineNo = 0;
  return {
    get malformed() {
      return malformed;
    },
    get lineNo() {
      return lineNo;
    },
    pushLine(line) {
      lineNo += 1;
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.trim() === '') return null;
      const fields = splitCsvLine(text);
      if (columns === null) {
        if (isQuoteHeader(fields)) {
          columns = columnsFor(fields.map(normaliseHeaderName));
          return null;
        }
        columns = columnsFor(null);
      }
      const c = columns(fields.length);
      const ts = c === null ? NaN : parseUtcDateTime(fields[c.time] as string);
      const bid = c === null ? NaN : parseDecimalText(fields[c.bid] as string);
      const ask = c === null ? NaN : parseDecimalText(fields[c.ask] as string);
      if (!Number.isFinite(ts) || !(bid > 0) || !(ask > 0)) {
        malformed += 1;
        return null;
      }
      return { ts, bid, ask };
    },
  };
}
