import { readBinaryFrame } from './binary-batch-frame.js';
import { decodeBinaryTradeColumns } from './events/trade-columns-binary.js';
import { type TradesReceived, TradesReceivedBinaryHeader } from './events/trades-received.js';

/**
 * Parse a `columnar-bin-v1` frame (binary-batch-frame.ts) to the batch consumers read: the envelope
 * and market by the schema, then every column value by one loop, which builds the trades.
 *
 * Why not the schema's transform, as for columnar-v1: building a batch's 500 trade objects inside
 * a zod transform made V8 pretenure them (allocate them straight into the old generation: its
 * allocation-site feedback saw them all alive at a scavenge), so every batch's garbage then waited
 * for a full mark-compact and the sustained rate fell by half or more. Built here, after the
 * schema has returned, they die young like any temporary. `TradesReceivedOnWire` still validates
 * and decodes binary columns in its transform (the producer-side check, and anyone parsing an
 * in-memory message), with the same checks: both call `decodeBinaryTradeColumns`.
 */
export function parseBinaryBatch(data: Uint8Array): { ok: true; message: TradesReceived } | { ok: false; issues: string[] } {
  const frame = readBinaryFrame(data);
  if (!frame.ok) return { ok: false, issues: [frame.reason] };
  const header = TradesReceivedBinaryHeader.safeParse(frame.message);
  const issues = header.success ? [] : header.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const columns = header.success ? header.data.payload.columns : (frame.message as { payload: { columns: unknown } }).payload.columns;
  const decoded = decodeBinaryTradeColumns(columns);
  if (!decoded.ok) for (const i of decoded.issues) issues.push(`payload.columns${i.path.map((k) => `.${k}`).join('')}: ${i.message}`);
  if (!header.success || !decoded.ok) return { ok: false, issues };
  const { encoding: _encoding, columns: _columns, ...batch } = header.data.payload;
  return { ok: true, message: { ...header.data, payload: { ...batch, trades: decoded.trades } } };
}
