import { collection } from 'firebase/firestore';
import { FunnelDocSchema, StatusCollection } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';
import { fmtTime } from '../format/numbers.js';

/** Each market's level funnel: how many evaluations reached each level, passed, or stopped there and why. */
export function FunnelView() {
  const { db } = useSession();
  const live = useLiveQuery('funnels', () => collection(db, StatusCollection.Funnels), FunnelDocSchema);
  return (
    <section aria-labelledby="funnel-h">
      <h2 id="funnel-h">Level funnel per market</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="funnels (analytics writes them once trades arrive)" />
      <div class="cards">
        {live.rows.map((f) => (
          <article class="card" key={f.market} data-funnel={f.market}>
            <h3>{f.market}</h3>
            <p class="muted">updated {fmtTime(f.updatedAt)}</p>
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`${f.market} funnel table`}>
              <table class="rows" aria-label={`${f.market} level funnel`}>
                <thead>
                  <tr>
                    <th scope="col">Level</th>
                    <th scope="col">Evaluated</th>
                    <th scope="col">Passed</th>
                    <th scope="col">Stopped</th>
                    <th scope="col">Top reasons</th>
                  </tr>
                </thead>
                <tbody>
                  {f.stages.map((s) => (
                    <tr key={s.level}>
                      <td data-label="Level">{s.level}</td>
                      <td data-label="Evaluated">{s.evaluated}</td>
                      <td data-label="Passed">{s.passed}</td>
                      <td data-label="Stopped">{s.stopped}</td>
                      <td data-label="Top reasons">
                        {Object.entries(s.reasons)
                          .sort((a, b) => b[1] - a[1])
                          .slice(0, 3)
                          .map(([k, n]) => `${k} ${n}`)
                          .join(', ') || '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}
