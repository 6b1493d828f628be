import { type BinaryBatchMessage, writeBinaryFrame } from './binary-batch-frame.js';
import { TradesEncoding } from './events/trades-received.js';

const utf8 = new TextEncoder();

/**
 * The bytes a message travels as on the bus: a binary frame for a `columnar-bin-v1` trade batch
 * (binary-batch-frame.ts), the message's JSON (UTF-8) for everything else. parseMessage reads both.
 */
export function messageBytes(message: object): Uint8Array {
  if (isBinaryBatch(message)) return writeBinaryFrame(message);
  return utf8.encode(JSON.stringify(message));
}

function isBinaryBatch(m: object): m is BinaryBatchMessage {
  const payload = (m as { payload?: unknown }).payload;
  return typeof payload === 'object' && payload !== null && (payload as { encoding?: unknown }).encoding === TradesEncoding.ColumnarBinV1;
}
