import { type CsvTradeParser, type TapeParser, type TextTapeFormat, type Trade, createTapeParser, isCsvTapeFormat } from '@cascade/core';
import { type Packing, openBytes } from './byte-source.js';
import type { Tape } from './tape.js';
import { assertCanIterate, defaultMaxBatch, maxPrecision, statsOf, withPath } from './tape-pass.js';
import { sampleText } from './text-sample.js';

/**
 * A CSV or ccxt JSON tape, plain, `.gz` or `.zip`, streamed in fixed-size chunks and never held
 * whole: CSV bytes go straight into the parser's byte path (lines split as node:readline splits
 * them), JSON is decoded to text chunks.
 */
export async function openTextTape(path: string, packing: Packing, format: TextTapeFormat, exchange: string, symbol: string, sampleRows: number): Promise<Tape> {
  const sample = await sampleText(path, packing, format, sampleRows);
  let live: TapeParser | null = null;
  let used = false;

  async function* batches(maxBatch = defaultMaxBatch): AsyncGenerator<Trade[]> {
    assertCanIterate(used, path, maxBatch);
    used = true;
    const parser = createTapeParser(format);
    live = parser;
    const input = openBytes(path, packing);
    let out: Trade[] = [];
    try {
      if (isCsvTapeFormat(format)) {
        const csv = parser as CsvTradeParser;
        for await (const chunk of input as AsyncIterable<Uint8Array>) {
          csv.pushBytes(chunk, out);
          if (out.length < maxBatch) continue;
          // A chunk's trades are copied once, into the batches; the remainder starts the next array.
          const all = out;
          const full = all.length - (all.length % maxBatch);
          out = all.slice(full);
          for (let i = 0; i < full; i += maxBatch) yield all.slice(i, i + maxBatch);
        }
      } else {
        const decoder = new TextDecoder('utf-8');
        for await (const chunk of input as AsyncIterable<Uint8Array>) {
          parser.push(decoder.decode(chunk, { stream: true }), out);
          yield* takeFull(out, maxBatch);
        }
        parser.push(decoder.decode(), out);
      }
      parser.finish(out);
      yield* takeFull(out, maxBatch);
      if (out.length > 0) yield out.splice(0, out.length);
    } catch (e) {
      throw withPath(path, e);
    } finally {
      input.destroy();
    }
  }

  return {
    path,
    format,
    exchange,
    symbol,
    get precision() {
      return maxPrecision(sample.precision, live?.precision ?? null);
    },
    timeRange: sample.timeRange,
    batches,
    stats: () => statsOf(live),
  };
}

/** Splits `out` into batches of at most `max`, leaving the remainder (< max) in `out`. */
function* takeFull(out: Trade[], max: number): Generator<Trade[]> {
  if (out.length < max) return;
  const full = out.length - (out.length % max);
  const ready = out.slice(0, full);
  out.splice(0, full);
  for (let i = 0; i < full; i += max) yield ready.slice(i, i + max);
}
