import { collection, doc, setDoc } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import { type FieldError, type ModuleConfig, ModuleConfigSchema, checkConfig } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';

/** Validate with the services' schema and write only a valid document; field errors come back for display. */
export async function saveModule(write: (v: ModuleConfig) => Promise<void>, next: unknown): Promise<FieldError[]> {
  const c = checkConfig('modules', next);
  if (!c.ok) return c.errors;
  await write(c.value);
  return [];
}

function ModuleCard({ id, m }: { id: string; m: ModuleConfig }) {
  const { db } = useSession();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [alloc, setAlloc] = useState(String(m.capitalAllocation));
  const [busy, setBusy] = useState(false);
  /** The switch shows the operator's choice at once; the listener confirms it (or a refusal puts it back). */
  const [pendingEnabled, setPendingEnabled] = useState<boolean | null>(null);
  useEffect(() => {
    if (pendingEnabled === m.enabled) setPendingEnabled(null);
  }, [m.enabled, pendingEnabled]);
  const write = (v: ModuleConfig) => setDoc(doc(db, 'modules', id), v);
  const run = async (next: unknown) => {
    setBusy(true);
    try {
      const errs = await saveModule(write, next);
      setErrors(errs);
      if (errs.length > 0) setPendingEnabled(null);
    } catch (e) {
      setErrors([{ path: '(write)', message: (e as Error).message }]);
      setPendingEnabled(null);
    } finally {
      setBusy(false);
    }
  };
  const allocErr = errors.find((e) => e.path === 'capitalAllocation');
  return (
    <article class="card" data-module={id}>
      <h3>
        {id} <span class="muted">{m.strategy} · {m.mode}</span>
      </h3>
      <p>venues {m.venues.join(', ')}</p>
      <label class="switch">
        <input
          type="checkbox"
          checked={pendingEnabled ?? m.enabled}
          disabled={busy}
          onChange={(e) => {
            const enabled = (e.currentTarget as HTMLInputElement).checked;
            setPendingEnabled(enabled);
            void run({ ...m, enabled });
          }}
        />
        <span>{(pendingEnabled ?? m.enabled) ? 'Enabled' : 'Disabled'}</span>
      </label>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run({ ...m, capitalAllocation: alloc.trim() === '' ? alloc : Number(alloc) });
        }}
      >
        <label for={`alloc-${id}`}>Capital allocation (0–1)</label>
        <input id={`alloc-${id}`} inputMode="decimal" value={alloc} aria-invalid={allocErr ? 'true' : 'false'} aria-describedby={allocErr ? `alloc-${id}-err` : undefined} onInput={(e) => setAlloc((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>Save</button>
        {allocErr && (
          <p id={`alloc-${id}-err`} class="field-error" role="alert">
            {allocErr.message}
          </p>
        )}
      </form>
      {errors.filter((e) => e !== allocErr).map((e) => (
        <p key={e.path} class="field-error" role="alert">
          {e.path}: {e.message}
        </p>
      ))}
    </article>
  );
}

/** Enable or disable a module and set its capital allocation; every write passes the services' ModuleConfigSchema first. */
export function ModulesView() {
  const { db } = useSession();
  const live = useLiveQuery('modules', () => collection(db, 'modules'), ModuleConfigSchema);
  return (
    <section aria-labelledby="modules-h">
      <h2 id="modules-h">Modules</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="modules (npm run cli -- seed-config writes the defaults)" />
      <div class="cards">
        {live.rows.map((m, i) => (
          <ModuleCard key={live.ids[i]} id={live.ids[i] ?? ''} m={m} />
        ))}
      </div>
    </section>
  );
}
