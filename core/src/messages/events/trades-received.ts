import { z } from 'zod';
import type { ValueOf } from '../../util/value-of.js';
import { envelopeSchema } from '../envelope.js';
import { MarketSpecSchema } from '../market-spec.schema.js';
import { MAX_TRADES_PER_BATCH, type TradeColumns, decodeTradeColumns } from './trade-columns.js';
import { type BinaryTradeColumns, decodeBinaryTradeColumns } from './trade-columns-binary.js';

export const WireTradeSchema = z.strictObject({
  id: z.string().min(1),
  ts: z.number().int().positive(),
  price: z.number().positive().finite(),
  amount: z.number().positive().finite(),
  side: z.enum(['buy', 'sell']),
  sideInferred: z.boolean(),
});

/**
 * How a batch carries its trades: one object per trade (the first encoding), columns as JSON arrays,
 * or columns as raw bytes in the message (issue 14 item 4; binary-batch-frame.ts).
 */
export const TradesEncoding = { Rows: 'rows', ColumnarV1: 'columnar-v1', ColumnarBinV1: 'columnar-bin-v1' } as const;
export type TradesEncoding = ValueOf<typeof TradesEncoding>;

const batchFields = {
  market: MarketSpecSchema,
  /** Per-market batch sequence number, starting at 1: lets consumers see gaps and replays. */
  seq: z.number().int().positive(),
  /**
   * The publishing process's run (its start time, wall ms): `seq` restarts at 1 with every streamer
   * process, so a consumer dedupes by sequence within an epoch. Absent on batches from before epochs
   * existed (epoch 0).
   */
  epoch: z.number().int().nonnegative().optional(),
  source: z.enum(['replay', 'live']),
} as const;

/** Rows: `encoding` is absent on every batch published before columns existed. */
const RowsPayload = z.strictObject({
  encoding: z.literal(TradesEncoding.Rows).optional(),
  ...batchFields,
  trades: z.array(WireTradeSchema).min(1).max(MAX_TRADES_PER_BATCH),
});

/**
 * Columns (trade-columns.ts): the envelope and market are checked by the schema, the columns by one
 * tight loop per batch (no schema walk per trade), which decodes them to the rows consumers read.
 */
const ColumnarFields = z.strictObject({ encoding: z.literal(TradesEncoding.ColumnarV1), ...batchFields, columns: z.custom<TradeColumns>(() => true) });
const ColumnarPayload = ColumnarFields.transform(({ encoding: _encoding, columns, ...batch }, ctx) => {
    const decoded = decodeTradeColumns(columns);
    if (decoded.ok) return { ...batch, trades: decoded.trades };
    for (const i of decoded.issues) ctx.issues.push({ code: 'custom', message: i.message, input: columns, path: ['columns', ...i.path] });
    return z.NEVER;
  });

/**
 * Binary columns (trade-columns-binary.ts): the frame (binary-batch-frame.ts) is read back into typed
 * arrays before the schema runs; this checks the envelope and market like any message, then every
 * value of every column in one loop, and decodes them to the rows consumers read.
 */
const ColumnarBinaryFields = z.strictObject({ encoding: z.literal(TradesEncoding.ColumnarBinV1), ...batchFields, columns: z.custom<BinaryTradeColumns>(() => true) });
const ColumnarBinaryPayload = ColumnarBinaryFields
  .transform(({ encoding: _encoding, columns, ...batch }, ctx) => {
    const decoded = decodeBinaryTradeColumns(columns);
    if (decoded.ok) return { ...batch, trades: decoded.trades };
    for (const i of decoded.issues) ctx.issues.push({ code: 'custom', message: i.message, input: columns, path: ['columns', ...i.path] });
    return z.NEVER;
  });

/**
 * Columnar batches with their columns not yet checked: what parseMessage validates a batch's
 * envelope and market with before it checks and decodes the columns itself (parse-columnar-batch.ts
 * says why not in a transform).
 */
export const TradesReceivedColumnarHeader = envelopeSchema('trades.received', ColumnarFields);
export const TradesReceivedBinaryHeader = envelopeSchema('trades.received', ColumnarBinaryFields);

/** A batch of consecutive trades of one symbol, published by the streamer (ordering key = market key). */
export const TradesReceived = envelopeSchema('trades.received', RowsPayload);
export type TradesReceived = z.infer<typeof TradesReceived>;

/**
 * What the market.trades topic accepts: either encoding, told apart by `payload.encoding` (so a
 * rolling deploy may run old and new streamers side by side); both parse to the rows of `TradesReceived`.
 */
export const TradesReceivedOnWire = envelopeSchema('trades.received', z.discriminatedUnion('encoding', [RowsPayload, ColumnarPayload, ColumnarBinaryPayload]));
/** A batch as a producer may publish it (rows, JSON columns or binary columns). */
export type TradesReceivedOnWire = z.input<typeof TradesReceivedOnWire>;
