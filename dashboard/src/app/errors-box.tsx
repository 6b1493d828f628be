import type { ParseError } from '../data/parse-docs.js';

/** Documents that did not parse and listener failures: visible on the view that needed them. */
export function ErrorsBox({ errors, failure }: { errors: readonly ParseError[]; failure?: string | null }) {
  if (errors.length === 0 && !failure) return null;
  return (
    <div class="errors" role="alert">
      {failure && <p>Listener failed: {failure}</p>}
      {errors.length > 0 && (
        <details open={errors.length <= 3}>
          <summary>{errors.length} document(s) not understood</summary>
          <ul>
            {errors.slice(0, 20).map((e) => (
              <li key={e.path}>
                <code>{e.path}</code>: {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function Loading({ ready, empty, what }: { ready: boolean; empty: boolean; what: string }) {
  if (!ready) return <p class="muted">Loading {what}…</p>;
  if (empty) return <p class="muted">No {what} yet.</p>;
  return null;
}
