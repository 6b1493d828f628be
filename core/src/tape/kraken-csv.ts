import { type CsvLayout, hasAnyColumn, resolveColumns } from './csv-layout.js';
import { TapeFormat } from './tape-format.js';
import { epochSecondsTextToMs } from './utc-time.js';

// Kraken's downloadable trade history (sample-data/tapes/kraken-bcheur-trades-2023-01.csv), no header:
//   1672531436,90.540000,1.10448420
//   timestamp_s,price,volume
// No side and no id: the side comes from the tick rule (sideInferred) and the id is the row's
// 1-based line number in the file, so ids are unique per file and increase with it.

const header = {
  time: ['timestamp', 'time', 'timestamp_s'],
  price: ['price'],
  amount: ['volume', 'amount', 'qty'],
} as const;

export const krakenCsv: CsvLayout = {
  format: TapeFormat.KrakenCsv,
  isHeader: (fields) => hasAnyColumn(fields, ['timestamp', 'time', 'timestamp_s', 'price', 'volume']),
  decoder(h) {
    const c = h === null ? { time: 0, price: 1, amount: 2 } : resolveColumns(TapeFormat.KrakenCsv, h, header);
    const minFields = Math.max(c.time, c.price, c.amount) + 1;
    return {
      decode(fields, lineNo, out) {
        if (fields.length < minFields) return 'malformed';
        out.id = `${lineNo}`;
        out.ts = epochSecondsTextToMs(fields[c.time] as string);
        out.price = fields[c.price] as string;
        out.amount = fields[c.amount] as string;
        out.side = null;
        return 'ok';
      },
    };
  },
};
