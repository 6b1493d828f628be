import type { ColumnIssue } from './events/trade-columns.js';
import { decodeTradeColumns } from './events/trade-columns.js';
import { decodeBinaryTradeColumns } from './events/trade-columns-binary.js';
import { type TradesReceived, TradesEncoding, TradesReceivedBinaryHeader, TradesReceivedColumnarHeader } from './events/trades-received.js';

type Decoded = { ok: true; trades: TradesReceived['payload']['trades'] } | { ok: false; issues: ColumnIssue[] };

/** True for a message (parsed JSON, or a binary frame read back) whose payload says it carries columns. */
export function isColumnarBatch(message: unknown): boolean {
  const encoding = ((message as { payload?: unknown } | null)?.payload as { encoding?: unknown } | null | undefined)?.encoding;
  return encoding === TradesEncoding.ColumnarV1 || encoding === TradesEncoding.ColumnarBinV1;
}

/**
 * Parse a columnar trade batch (columnar-v1 JSON, or a columnar-bin-v1 frame read back by
 * binary-batch-frame.ts) to the batch consumers read: the envelope, market and batch fields by the
 * schema, then every column value by one loop, which builds the trades. Issues read as schema
 * issues do (`payload.columns.price.17: …`), header issues first.
 *
 * Why not the schema's transform: building a batch's 500 trade objects inside a zod transform made
 * V8 pretenure them (allocate them straight into the old generation: its allocation-site feedback
 * saw them all alive at a scavenge), so every batch's garbage then waited for a full mark-compact
 * and the sustained rate fell by half or more. Built here, after the schema has returned, they die
 * young like any temporary. `TradesReceivedOnWire` still validates and decodes columns in its
 * transforms (the producer-side check, and anyone parsing an in-memory message), with the same
 * functions, so both paths accept and refuse the same batches.
 */
export function parseColumnarBatch(message: unknown): { ok: true; message: TradesReceived } | { ok: false; issues: string[] } {
  const binary = (message as { payload: { encoding: unknown } }).payload.encoding === TradesEncoding.ColumnarBinV1;
  const header = binary ? TradesReceivedBinaryHeader.safeParse(message) : TradesReceivedColumnarHeader.safeParse(message);
  const issues = header.success ? [] : header.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const columns = header.success ? header.data.payload.columns : (message as { payload: { columns: unknown } }).payload.columns;
  const decoded: Decoded = binary ? decodeBinaryTradeColumns(columns) : decodeTradeColumns(columns);
  if (!decoded.ok) for (const i of decoded.issues) issues.push(`payload.columns${i.path.map((k) => `.${k}`).join('')}: ${i.message}`);
  if (!header.success || !decoded.ok) return { ok: false, issues };
  const { encoding: _encoding, columns: _columns, ...batch } = header.data.payload;
  return { ok: true, message: { ...header.data, payload: { ...batch, trades: decoded.trades } } };
}
