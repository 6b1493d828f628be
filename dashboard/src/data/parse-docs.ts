import type { z } from 'zod';

/** A document that does not match its schema: shown on the view, never dropped silently. */
export interface ParseError {
  readonly path: string;
  readonly message: string;
}

export interface Parsed<T> {
  readonly rows: T[];
  /** The document id of each row, in the same order. */
  readonly ids: string[];
  readonly errors: ParseError[];
}

/** The zod issues as `field: message; …` — the field the writer got wrong is named. */
export function issuesText(e: z.ZodError): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(document)'}: ${i.message}`).join('; ');
}

/** Parse every document with `schema`; the ones that fail become errors naming the document and the field. */
export function parseDocs<S extends z.ZodType>(docs: readonly { path: string; data: unknown }[], schema: S): Parsed<z.infer<S>> {
  const rows: z.infer<S>[] = [];
  const ids: string[] = [];
  const errors: ParseError[] = [];
  for (const d of docs) {
    const r = schema.safeParse(d.data);
    if (r.success) {
      rows.push(r.data);
      ids.push(d.path.split('/').at(-1) ?? d.path);
    }
    else errors.push({ path: d.path, message: issuesText(r.error) });
  }
  return { rows, ids, errors };
}
