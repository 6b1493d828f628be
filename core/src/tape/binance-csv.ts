import { AggressorSide } from '../model/trade.js';
import type { ByteColumns } from './byte-columns.js';
import { parseCsvBoolean } from './csv-fields.js';
import { type CsvLayout, type CsvRowDecoder, hasAnyColumn, resolveColumns } from './csv-layout.js';
import { TapeFormat } from './tape-format.js';
import { epochTextToMs } from './utc-time.js';

// data.binance.vision spot files (binance/binance-public-data README), usually without a header:
//   trades:     51175358,17.80180000,5.69000000,101.29224200,1583709433583,True,True
//               id,price,qty,quote_qty,time,is_buyer_maker,is_best_match
//   aggTrades:  0,0.20000000,50.00000000,0,0,1608872400000,False,True
//               agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker,is_best_match
// Spot `time` is in microseconds from 2025-01-01 on (epochTextToMs tells by magnitude). Futures
// aggTrades omit is_best_match and write `true`/`false` in lower case; both are accepted.

interface Columns {
  id: number;
  price: number;
  amount: number;
  time: number;
  buyerMaker: number;
}

const tradesHeader = {
  id: ['id', 'trade_id', 'tradeid'],
  price: ['price'],
  amount: ['qty', 'quantity'],
  time: ['time', 'timestamp', 'transact_time'],
  buyerMaker: ['is_buyer_maker', 'isbuyermaker', 'buyer_maker'],
} as const;

const aggTradesHeader = {
  id: ['agg_trade_id', 'aggtradeid', 'id'],
  price: ['price'],
  amount: ['quantity', 'qty'],
  time: ['transact_time', 'time', 'timestamp'],
  buyerMaker: ['is_buyer_maker', 'isbuyermaker', 'buyer_maker'],
} as const;

function binanceDecoder(c: Columns): CsvRowDecoder {
  const minFields = Math.max(c.id, c.price, c.amount, c.time, c.buyerMaker) + 1;
  return {
    decode(fields, _lineNo, out) {
      if (fields.length < minFields) return 'malformed';
      const buyerMaker = parseCsvBoolean(fields[c.buyerMaker] as string);
      if (buyerMaker === null) return 'malformed';
      out.id = fields[c.id] as string;
      out.ts = epochTextToMs(fields[c.time] as string);
      out.price = fields[c.price] as string;
      out.amount = fields[c.amount] as string;
      // The buyer resting on the book means the seller crossed the spread: the aggressor sold.
      out.side = buyerMaker ? AggressorSide.Sell : AggressorSide.Buy;
      return 'ok';
    },
  };
}

function binanceByteColumns(c: Columns): ByteColumns[] {
  return [{ id: c.id, ts: c.time, price: c.price, amount: c.amount, side: c.buyerMaker, sideKind: 'buyer-maker', minFields: Math.max(c.id, c.price, c.amount, c.time, c.buyerMaker) + 1, emptyIdIsLineNo: false }];
}

const tradesPositions: Columns = { id: 0, price: 1, amount: 2, time: 4, buyerMaker: 5 };
const aggTradesPositions: Columns = { id: 0, price: 1, amount: 2, time: 5, buyerMaker: 6 };

export const binanceTradesCsv: CsvLayout = {
  format: TapeFormat.BinanceTradesCsv,
  isHeader: (fields) => hasAnyColumn(fields, [...tradesHeader.id, ...tradesHeader.buyerMaker]),
  decoder: (header) =>
    binanceDecoder(header === null ? tradesPositions : resolveColumns(TapeFormat.BinanceTradesCsv, header, tradesHeader)),
  byteColumns: (header) => binanceByteColumns(header === null ? tradesPositions : resolveColumns(TapeFormat.BinanceTradesCsv, header, tradesHeader)),
};

export const binanceAggTradesCsv: CsvLayout = {
  format: TapeFormat.BinanceAggTradesCsv,
  isHeader: (fields) => hasAnyColumn(fields, [...aggTradesHeader.id, ...aggTradesHeader.buyerMaker]),
  decoder: (header) =>
    binanceDecoder(header === null ? aggTradesPositions : resolveColumns(TapeFormat.BinanceAggTradesCsv, header, aggTradesHeader)),
  byteColumns: (header) => binanceByteColumns(header === null ? aggTradesPositions : resolveColumns(TapeFormat.BinanceAggTradesCsv, header, aggTradesHeader)),
};
