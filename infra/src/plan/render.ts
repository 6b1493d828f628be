import type { FieldValue } from './resources.js';
import type { Change, Plan } from './diff.js';

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;

/**
 * The plan as text, one resource a line (`+ create run-service cascade-streamer`), then one indented
 * line per field (`image: old → new`). Secret values never appear: a secret's fields are its labels.
 */
export function renderPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const c of plan.changes) lines.push(...renderChange(c));
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  const count = (a: Change['action']) => plan.changes.filter((c) => c.action === a).length;
  lines.push(plan.changes.length === 0 ? 'No changes: the project matches the desired state.' : `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.`);
  return lines.join('\n');
}

function renderChange(c: Change): string[] {
  const head = `${SYMBOL[c.action]} ${c.action} ${c.resource.kind} ${c.resource.name}`;
  if (c.action === 'update') return [head, ...c.fields.map((f) => `    ${f.field}: ${show(f.from)} → ${show(f.to)}`)];
  if (c.action === 'create') return [head, ...Object.entries(c.resource.fields).map(([k, v]) => `    ${k}: ${show(v)}`)];
  return [head];
}

function show(v: FieldValue | undefined): string {
  if (v === undefined) return '(unset)';
  if (v === null) return '(none)';
  return typeof v === 'string' ? v : String(v);
}
