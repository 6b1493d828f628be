import { useState } from 'preact/hooks';
import { useSession } from '../app/backend-context.js';
import { apiErrorText, callApi } from '../data/api.js';

export const CONFIRM_WORD = 'FLATTEN';

/**
 * Emergency flatten-all: closes every open live position through the CLI's exactly-once close path
 * (`POST /api/v1/flatten` runs `flattenLivePositions`). The typed word is required here and again by the API.
 */
export function FlattenView() {
  const { user } = useSession();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const go = async (e: Event) => {
    e.preventDefault();
    if (typed !== CONFIRM_WORD) return;
    setBusy(true);
    const r = await callApi(user, 'POST', '/api/v1/flatten', { all: true, confirm: typed }).catch((x: unknown) => ({ status: 0, body: String(x) }));
    setBusy(false);
    setTyped('');
    if (r.status === 200 || r.status === 207) {
      const b = r.body as { closed: string[]; failed: { positionId: string; reason: string }[] };
      setResult({ ok: b.failed.length === 0, text: `flatten: ${b.closed.length} closed, ${b.failed.length} not closed${b.failed.length ? `: ${b.failed.map((f) => `${f.positionId} (${f.reason})`).join('; ')}` : ''}` });
    } else setResult({ ok: false, text: `flatten refused: ${apiErrorText(r)}` });
  };
  return (
    <section aria-labelledby="flat-h" class="danger">
      <h2 id="flat-h">Emergency: flatten all live positions</h2>
      <p>Sells or buys back every open live position at market on its venue. Paper positions are not touched.</p>
      <form class="inline" onSubmit={(e) => void go(e)}>
        <label for="flat-confirm">Type {CONFIRM_WORD} to confirm</label>
        <input id="flat-confirm" autoComplete="off" value={typed} onInput={(e) => setTyped((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit" class="danger" disabled={busy || typed !== CONFIRM_WORD}>
          {busy ? 'Flattening…' : 'Flatten all'}
        </button>
      </form>
      {result && (
        <p role="status" class={result.ok ? 'pos' : 'neg'} data-flatten-result>
          {result.text}
        </p>
      )}
    </section>
  );
}
