/**
 * Splits one CSV line. Tape files are unquoted (Binance, Kraken, pandas with numeric columns), so the
 * common path is a plain split; quoted fields (RFC 4180, `""` for a quote) are handled when present.
 * Fields are trimmed of surrounding spaces.
 */
export function splitCsvLine(line: string): string[] {
  const fields = line.indexOf('"') < 0 ? line.split(',') : splitQuoted(line);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string;
    if (f.length > 0 && (isSpace(f.charCodeAt(0)) || isSpace(f.charCodeAt(f.length - 1)))) fields[i] = f.trim();
  }
  return fields;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function splitQuoted(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** Header cell → lookup key: `"Is_Buyer_Maker"` → `is_buyer_maker`, pandas' unnamed index `''` stays `''`. */
export function normaliseHeaderName(name: string): string {
  return name.trim().replace(/^\uFEFF/, '').toLowerCase();
}

/** Index of the first header name among `aliases`, or -1. */
export function findColumn(header: readonly string[], aliases: readonly string[]): number {
  for (const a of aliases) {
    const i = header.indexOf(a);
    if (i >= 0) return i;
  }
  return -1;
}

/** `true`/`True`/`TRUE` → true, same for false; null for anything else. */
export function parseCsvBoolean(text: string): boolean | null {
  if (text === 'True' || text === 'true') return true; // the spellings Binance and pandas write
  if (text === 'False' || text === 'false') return false;
  const t = text.toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return null;
}
