import { createInterface } from 'node:readline';
import {
  type CsvTapeFormat,
  type CsvTradeParser,
  type TapePrecision,
  type TextTapeFormat,
  type Trade,
  createCsvTradeParser,
  createTapeParser,
  isCsvTapeFormat,
} from '@cascade/core';
import { Packing, openBytes, readLastLine } from './byte-source.js';
import { withPath } from './tape-pass.js';

/** What a text tape's open learns before any `batches()` pass: its precision and, when it can tell, its time window. */
export interface Sample {
  precision: TapePrecision;
  timeRange: { first: number; last: number } | null;
}

/**
 * Parses the first `rows` trades (all of a small file) for precision and time range, then stops
 * reading. A sample that stops short knows the last time only for a plain CSV (from its last line);
 * otherwise the range is null.
 */
export async function sampleText(path: string, packing: Packing, format: TextTapeFormat, rows: number): Promise<Sample> {
  const parser = createTapeParser(format);
  const input = openBytes(path, packing);
  const out: Trade[] = [];
  let first = NaN;
  let last = NaN;
  let complete = true; // until the sample stops short of the end
  let headerLine: string | null = null;
  const note = (t: Trade): void => {
    if (Number.isNaN(first)) first = t.ts;
    last = t.ts;
  };
  try {
    if (isCsvTapeFormat(format)) {
      const csv = parser as CsvTradeParser;
      const lines = createInterface({ input, crlfDelay: Infinity });
      let seen = 0;
      for await (const line of lines) {
        if (headerLine === null && line.trim() !== '') headerLine = line;
        const t = csv.pushLine(line);
        if (t !== null) {
          note(t);
          if (++seen >= rows) {
            complete = false;
            break;
          }
        }
      }
      if (!csv.hadHeader) headerLine = null;
    } else {
      const decoder = new TextDecoder('utf-8');
      for await (const chunk of input as AsyncIterable<Uint8Array>) {
        parser.push(decoder.decode(chunk, { stream: true }), out);
        for (const t of out) note(t);
        const seen = parser.stats().accepted;
        out.length = 0;
        if (seen >= rows) {
          complete = false;
          break;
        }
      }
    }
    if (complete) {
      parser.finish(out);
      for (const t of out) note(t);
    }
  } catch (e) {
    throw withPath(path, e);
  } finally {
    input.destroy();
  }
  let timeRange: Sample['timeRange'] = Number.isNaN(first) ? null : { first, last };
  if (!complete && timeRange !== null && packing === Packing.Plain && isCsvTapeFormat(format)) {
    const lastTs = await lastLineTime(path, format, headerLine);
    timeRange = lastTs === null ? null : { first: timeRange.first, last: lastTs };
  } else if (!complete) {
    timeRange = null;
  }
  return { precision: parser.precision, timeRange };
}

/** Time of the last line of a plain CSV (a fresh parser given the header first, when there is one). */
async function lastLineTime(path: string, format: CsvTapeFormat, headerLine: string | null): Promise<number | null> {
  const line = await readLastLine(path);
  if (line === null) return null;
  const parser = createCsvTradeParser(format);
  if (headerLine !== null) parser.pushLine(headerLine);
  return parser.pushLine(line)?.ts ?? null;
}
