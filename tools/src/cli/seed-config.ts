import type { Firestore } from 'firebase-admin/firestore';
import { seedDocuments } from '@cascade/core';

export interface SeedResult {
  readonly written: string[];
  /** Documents that already existed: an operator's edits are never overwritten. */
  readonly kept: string[];
}

/** Write the documented defaults for every config document that does not exist yet. */
export async function seedConfig(db: Firestore, opts: { overwrite?: boolean } = {}): Promise<SeedResult> {
  const written: string[] = [];
  const kept: string[] = [];
  for (const { path, data } of seedDocuments()) {
    const ref = db.doc(path);
    if (opts.overwrite) {
      await ref.set(data);
      written.push(path);
      continue;
    }
    const created = await ref.create(data).then(
      () => true,
      (err: { code?: number }) => {
        if (err.code === 6) return false; // ALREADY_EXISTS
        throw err;
      },
    );
    (created ? written : kept).push(path);
  }
  return { written, kept };
}
