import type { FieldError } from '@cascade/core';

/** One editable leaf of a config document: its dotted path, the kind of input, and the text shown. */
export interface ConfigField {
  readonly path: string;
  readonly kind: 'number' | 'boolean' | 'text' | 'json';
  readonly value: string | boolean;
  /** A nullable leaf: an empty input means null. */
  readonly nullable: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The document as a flat list of leaves (arrays are one JSON field: they are edited whole). */
export function configFields(doc: Record<string, unknown>, prefix = ''): ConfigField[] {
  const out: ConfigField[] = [];
  for (const [k, v] of Object.entries(doc)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && Object.keys(v).length > 0) out.push(...configFields(v, path));
    else if (typeof v === 'number') out.push({ path, kind: 'number', value: String(v), nullable: false });
    else if (typeof v === 'boolean') out.push({ path, kind: 'boolean', value: v, nullable: false });
    else if (typeof v === 'string') out.push({ path, kind: 'text', value: v, nullable: false });
    else if (v === null) out.push({ path, kind: 'text', value: '', nullable: true });
    else out.push({ path, kind: 'json', value: JSON.stringify(v), nullable: false });
  }
  return out;
}

/**
 * The edited text back to a value. A number field that is not a number stays text, so the schema
 * names the field ("expected number") instead of the form guessing; bad JSON likewise stays text.
 */
export function fieldValue(f: ConfigField, input: string | boolean): unknown {
  if (f.kind === 'boolean') return input === true;
  const s = String(input);
  if (f.nullable && s.trim() === '') return null;
  if (f.kind === 'number') return s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
  if (f.kind === 'json') {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      return s;
    }
  }
  if (f.nullable && Number.isFinite(Number(s))) return Number(s);
  return s;
}

/** Rebuild the document from the original and the edited leaves. */
export function applyEdits(doc: Record<string, unknown>, fields: readonly ConfigField[], edits: ReadonlyMap<string, string | boolean>): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const f of fields) {
    if (!edits.has(f.path)) continue;
    const parts = f.path.split('.');
    let o: Record<string, unknown> = out;
    for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
    o[parts.at(-1) as string] = fieldValue(f, edits.get(f.path) as string | boolean);
  }
  return out;
}

/** Which field an error belongs to: its own path, or the nearest field above it (`a.b.0` → `a.b`); null = document-level. */
export function fieldOfError(e: FieldError, fields: readonly ConfigField[]): string | null {
  const paths = new Set(fields.map((f) => f.path));
  const parts = e.path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const p = parts.slice(0, n).join('.');
    if (paths.has(p)) return p;
  }
  return null;
}
