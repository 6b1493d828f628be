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
      const head = new TextDecoder('utf-8');
      let seen = 0;
      let headText = '';
      read: for await (const chunk of input as AsyncIterable<Uint8Array>) {
        if (headerLine === null) {
          headText += head.decode(chunk, { stream: true });
          headerLine = firstNonBlankLine(headText);
        }
        // Whole chunks while they cannot reach `rows` (a line gives at most one trade per line break),
        // then line by line, so the sample stops exactly at `rows` trades as its precision promises.
        let pos = 0;
        if (seen + lineBreaks(chunk) < rows) {
          csv.pushBytes(chunk, out);
          pos = chunk.length;
        }
        while (pos < chunk.length) {
          const nl = chunk.indexOf(10, pos);
          const end = nl < 0 ? chunk.length : nl + 1;
          csv.pushBytes(chunk.subarray(pos, end), out);
          pos = end;
          if (seen + out.length >= rows) break;
        }
        for (const t of out) {
          note(t);
          if (++seen >= rows) {
            complete = false;
            break read;
          }
        }
        out.length = 0;
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

/** `\n` and `\r` bytes in `chunk`: an upper bound on the lines node:readline would end in it. */
function lineBreaks(chunk: Uint8Array): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  for (let i = chunk.indexOf(13); i >= 0; i = chunk.indexOf(13, i + 1)) n++;
  return n;
}

/** The first non-blank line of a text's start once a line break shows it is whole (readline's line breaks), else null. */
function firstNonBlankLine(text: string): string | null {
  let start = 0;
  for (;;) {
    const m = /\r\n|\r|\n/g;
    m.lastIndex = start;
    const found = m.exec(text);
    if (found === null) return null;
    const line = text.slice(start, found.index);
    if (line.trim() !== '') return line;
    start = found.index + found[0].length;
  }
}

/** Time of the last line of a plain CSV (a fresh parser given the header first, when there is one). */
async function lastLineTime(path: string, format: CsvTapeFormat, headerLine: string | null): Promise<number | null> {
  const line = await readLastLine(path);
  if (line === null) return null;
  const parser = createCsvTradeParser(format);
  if (headerLine !== null) parser.pushLine(headerLine);
  return parser.pushLine(line)?.ts ?? null;
}
