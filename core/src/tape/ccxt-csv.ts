import { AggressorSide } from '../model/trade.js';
import type { ByteColumns } from './byte-columns.js';
import { type CsvLayout, type CsvRowDecoder, type RowOutcome, hasAnyColumn, resolveColumns } from './csv-layout.js';
import type { RawTrade } from './trade-assembler.js';
import { TapeFormat } from './tape-format.js';
import { epochTextToMs } from './utc-time.js';

// ccxt trades saved with pandas `to_csv` (sample-data/tapes/ethusdt-trades-2023-02-02.csv):
//   ,timestamp,id,type,side,price,amount,cost,date
//   0,1675329600138,1206419187,,buy,1666.8,26.062,43440.1416,2023-02-02 09:20:00.138000+00:00
// The first column is pandas' index; files saved with index=False lack it. Columns are matched by
// header name; a headerless file is read positionally (9 fields with the index, 8 without).

const header = {
  timestamp: ['timestamp'],
  id: ['id'],
  side: ['side'],
  price: ['price'],
  amount: ['amount'],
} as const;

interface Columns {
  timestamp: number;
  id: number;
  side: number;
  price: number;
  amount: number;
}

const withIndex: Columns = { timestamp: 1, id: 2, side: 4, price: 5, amount: 6 };
const withoutIndex: Columns = { timestamp: 0, id: 1, side: 3, price: 4, amount: 5 };

/** ccxt's side: `buy`/`sell`, empty when the venue gave none (the tick rule decides); undefined when unknown. */
export function parseCcxtSide(text: string | null | undefined): AggressorSide | null | undefined {
  if (text === 'buy') return AggressorSide.Buy;
  if (text === 'sell') return AggressorSide.Sell;
  if (text === '' || text === null || text === undefined) return null;
  return undefined;
}

function decodeWith(c: Columns, fields: readonly string[], lineNo: number, out: RawTrade): RowOutcome {
  const side = parseCcxtSide(fields[c.side]);
  if (side === undefined) return 'malformed';
  const id = fields[c.id] as string;
  out.id = id === '' ? `line-${lineNo}` : id;
  out.ts = epochTextToMs(fields[c.timestamp] as string);
  out.price = fields[c.price] as string;
  out.amount = fields[c.amount] as string;
  out.side = side;
  return 'ok';
}

function ccxtDecoder(c: Columns | null): CsvRowDecoder {
  if (c !== null) {
    const minFields = Math.max(c.timestamp, c.id, c.side, c.price, c.amount) + 1;
    return { decode: (fields, lineNo, out) => (fields.length < minFields ? 'malformed' : decodeWith(c, fields, lineNo, out)) };
  }
  return {
    decode(fields, lineNo, out) {
      if (fields.length === 9) return decodeWith(withIndex, fields, lineNo, out);
      if (fields.length === 8) return decodeWith(withoutIndex, fields, lineNo, out);
      return 'malformed';
    },
  };
}

function byteColumnsOf(c: Columns, exactFields?: number): ByteColumns {
  const minFields = Math.max(c.timestamp, c.id, c.side, c.price, c.amount) + 1;
  return { id: c.id, ts: c.timestamp, price: c.price, amount: c.amount, side: c.side, sideKind: 'ccxt', minFields, ...(exactFields === undefined ? {} : { exactFields }), emptyIdIsLineNo: true };
}

export const ccxtCsv: CsvLayout = {
  format: TapeFormat.CcxtCsv,
  isHeader: (fields) => hasAnyColumn(fields, ['timestamp', 'side', 'amount']),
  decoder: (h) => ccxtDecoder(h === null ? null : resolveColumns(TapeFormat.CcxtCsv, h, header)),
  byteColumns: (h) => (h === null ? [byteColumnsOf(withIndex, 9), byteColumnsOf(withoutIndex, 8)] : [byteColumnsOf(resolveColumns(TapeFormat.CcxtCsv, h, header))]),
};
