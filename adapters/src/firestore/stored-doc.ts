import type { DocumentSnapshot } from 'firebase-admin/firestore';
import type { z } from 'zod';
import { formatIssues } from '@cascade/core';

/**
 * A stored document that does not match the schema its writer used. The message names the document
 * and each bad field, so a corrupted or hand-edited document is found at once instead of flowing on
 * as a wrong value.
 */
export class StoredDocumentError extends Error {
  constructor(
    readonly path: string,
    readonly fields: readonly string[],
    detail: string,
  ) {
    super(`${path} is not a valid stored document: ${detail}`);
    this.name = 'StoredDocumentError';
  }
}

/** Parse a whole stored document (or `null` when it does not exist) with the schema that wrote it. */
export function readDoc<S extends z.ZodType>(schema: S, snap: DocumentSnapshot): z.infer<S> | null {
  if (!snap.exists) return null;
  return parseStored(schema, snap.data(), snap.ref.path);
}

/** Like `readDoc`, for a document that must exist. */
export function requireDoc<S extends z.ZodType>(schema: S, snap: DocumentSnapshot): z.infer<S> {
  if (!snap.exists) throw new StoredDocumentError(snap.ref.path, [], 'the document does not exist');
  return parseStored(schema, snap.data(), snap.ref.path);
}

/** Parse one field of a stored document (`field` as Firestore's dotted path), naming it on failure. */
export function readField<S extends z.ZodType>(schema: S, snap: DocumentSnapshot, field: string): z.infer<S> {
  return parseStored(schema, snap.get(field), snap.ref.path, field);
}

/** Parse a value read from `path` (a document, or one `field` of it). */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, path: string, field?: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => [field, ...i.path.map(String)].filter((x) => x !== undefined && x !== '').join('.') || '(root)');
  const issues = field === undefined ? r.error.issues : r.error.issues.map((i) => ({ ...i, path: [field, ...i.path] }));
  throw new StoredDocumentError(path, fields, formatIssues(issues));
}
