import { collection, doc, setDoc } from 'firebase/firestore';
import { useMemo, useState } from 'preact/hooks';
import { type FieldError, checkConfig } from '@cascade/core';
import { z } from 'zod';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';
import { applyEdits, configFields, fieldOfError } from './config-form.js';

const AnyDoc = z.record(z.string(), z.unknown());
const fieldId = (path: string): string => `cfg-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The strategy config as a form of its leaves. Save validates with StrategyConfigSchema (the services'
 * own): any error is shown at its field and nothing is written; a valid edit replaces the document.
 */
function Editor({ id, data }: { id: string; data: Record<string, unknown> }) {
  const { db } = useSession();
  const fields = useMemo(() => configFields(data), [data]);
  const [edits, setEdits] = useState<Map<string, string | boolean>>(new Map());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const byField = new Map<string, FieldError[]>();
  const unplaced: FieldError[] = [];
  for (const e of errors) {
    const f = fieldOfError(e, fields);
    if (f === null) unplaced.push(e);
    else byField.set(f, [...(byField.get(f) ?? []), e]);
  }
  const save = async (ev: Event) => {
    ev.preventDefault();
    setSaved(null);
    const next = applyEdits(data, fields, edits);
    const c = checkConfig('strategy_configs', next);
    if (!c.ok) {
      setErrors(c.errors);
      document.getElementById(fieldId(fieldOfError(c.errors[0] as FieldError, fields) ?? ''))?.focus();
      return;
    }
    setErrors([]);
    try {
      await setDoc(doc(db, 'strategy_configs', id), c.value);
      setEdits(new Map());
      setSaved(`Saved strategy_configs/${id}.`);
    } catch (e) {
      setErrors([{ path: '(write)', message: (e as Error).message }]);
    }
  };
  return (
    <form class="config-form" onSubmit={(e) => void save(e)} aria-label={`strategy_configs/${id}`}>
      {errors.length > 0 && (
        <div class="errors" role="alert">
          Not saved: {errors.length} field error(s) — {errors.map((e) => e.path).join(', ')}
        </div>
      )}
      {unplaced.map((e) => (
        <p key={e.path} class="field-error">
          {e.path}: {e.message}
        </p>
      ))}
      {fields.map((f) => {
        const id = fieldId(f.path);
        const errs = byField.get(f.path) ?? [];
        const v = edits.has(f.path) ? edits.get(f.path) : f.value;
        const set = (x: string | boolean) => setEdits((m) => new Map(m).set(f.path, x));
        return (
          <div class={`field${errs.length ? ' invalid' : ''}`} key={f.path}>
            <label for={id}>{f.path}</label>
            {f.kind === 'boolean' ? (
              <input id={id} type="checkbox" checked={v === true} onChange={(e) => set((e.currentTarget as HTMLInputElement).checked)} />
            ) : (
              <input
                id={id}
                name={f.path}
                value={String(v)}
                inputMode={f.kind === 'number' ? 'decimal' : undefined}
                aria-invalid={errs.length ? 'true' : 'false'}
                aria-describedby={errs.length ? `${id}-err` : undefined}
                onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
              />
            )}
            {errs.length > 0 && (
              <p id={`${id}-err`} class="field-error" data-error-for={f.path}>
                {errs.map((e) => (e.path === f.path ? e.message : `${e.path}: ${e.message}`)).join('; ')}
              </p>
            )}
          </div>
        );
      })}
      <div class="actions">
        <button type="submit">Validate and save</button>
        <button type="button" onClick={() => (setEdits(new Map()), setErrors([]))}>
          Discard edits
        </button>
        {saved && <span role="status" class="pos">{saved}</span>}
      </div>
    </form>
  );
}

export function ConfigEditorView() {
  const { db } = useSession();
  const live = useLiveQuery('strategy_configs', () => collection(db, 'strategy_configs'), AnyDoc);
  const [pick, setPick] = useState<string | null>(null);
  const id = pick ?? live.ids[0] ?? null;
  const i = id === null ? -1 : live.ids.indexOf(id);
  return (
    <section aria-labelledby="cfg-h">
      <h2 id="cfg-h">Strategy config</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="strategy configs (npm run cli -- seed-config writes the defaults)" />
      {live.ids.length > 1 && (
        <p>
          <label for="cfg-pick">Document </label>
          <select id="cfg-pick" value={id ?? ''} onChange={(e) => setPick((e.currentTarget as HTMLSelectElement).value)}>
            {live.ids.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </p>
      )}
      {id !== null && i >= 0 && <Editor key={`${id}:${JSON.stringify(live.rows[i])}`} id={id} data={live.rows[i] as Record<string, unknown>} />}
    </section>
  );
}
