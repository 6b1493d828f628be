import { type FieldValue, MANAGED_VALUE, type Resource, ResourceKind, managedLabelField, parseIamBindingName, resourceKey } from './resources.js';

export type Change =
  | { readonly action: 'create'; readonly resource: Resource }
  | { readonly action: 'update'; readonly resource: Resource; readonly fields: readonly FieldChange[] }
  | { readonly action: 'delete'; readonly resource: Resource };

export interface FieldChange {
  readonly field: string;
  /** undefined: the field is not set now / will not be set. */
  readonly from: FieldValue | undefined;
  readonly to: FieldValue | undefined;
}

export interface Plan {
  readonly changes: readonly Change[];
  /** Things worth saying that are not changes (e.g. a secret we no longer need, kept on purpose). */
  readonly notes: readonly string[];
}

/** Field prefixes whose keys we own entirely: a key set now but not desired is removed by apply. */
const OWNED_MAPS = ['env.', 'secretEnv.'];

/**
 * What apply would do to turn `current` into `desired`. Only fields the desired resource declares are
 * compared (a label someone else added stays), except the service's env maps, which apply replaces
 * whole. Only resources we own are deleted: labelled `managed-by: cascade`, or an IAM binding of one
 * of our service accounts (`cascade-*@`). Secrets are never deleted: their values cannot be recovered.
 */
export function diff(desired: readonly Resource[], current: readonly Resource[], ourMembers: (member: string) => boolean): Plan {
  const now = new Map(current.map((r) => [resourceKey(r), r]));
  const want = new Set(desired.map(resourceKey));
  const changes: Change[] = [];
  const notes: string[] = [];
  for (const d of desired) {
    const c = now.get(resourceKey(d));
    if (!c) {
      changes.push({ action: 'create', resource: d });
      continue;
    }
    const fields: FieldChange[] = [];
    for (const [k, v] of Object.entries(d.fields)) if (!same(c.fields[k], v)) fields.push({ field: k, from: c.fields[k], to: v });
    for (const [k, v] of Object.entries(c.fields)) if (OWNED_MAPS.some((p) => k.startsWith(p)) && !(k in d.fields)) fields.push({ field: k, from: v, to: undefined });
    if (fields.length > 0) changes.push({ action: 'update', resource: d, fields: fields.sort((a, b) => a.field.localeCompare(b.field)) });
  }
  for (const c of current) {
    if (want.has(resourceKey(c))) continue;
    const owned = c.fields[managedLabelField] === MANAGED_VALUE;
    if (c.kind === ResourceKind.Secret) {
      if (owned) notes.push(`secret ${c.name} is no longer used; kept (delete it by hand: gcloud secrets delete ${c.name})`);
    } else if ((c.kind === ResourceKind.RunService || c.kind === ResourceKind.AlertPolicy) && owned) {
      changes.push({ action: 'delete', resource: c });
    } else if (c.kind === ResourceKind.IamBinding && ourMembers(parseIamBindingName(c.name).member)) {
      changes.push({ action: 'delete', resource: c });
    }
  }
  return { changes, notes };
}

/** An absent field and null mean the same (e.g. no dead-letter topic). */
function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}
