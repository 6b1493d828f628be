import { collection, limit, orderBy, query } from 'firebase/firestore';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';
import { SignalDocSchema, type SignalDoc } from '../data/read-models.js';
import { fmtTime } from '../format/numbers.js';

function SignalCard({ s }: { s: SignalDoc }) {
  return (
    <article class="card signal" data-signal-id={s.signalId}>
      <h3>
        {s.symbol} <span class={s.side}>{s.side}</span> · <span class={s.decision === 'trade' ? 'pos' : 'muted'}>{s.decision === 'trade' ? `trade (${s.strength ?? ''})` : 'no trade'}</span>
      </h3>
      <p class="muted">
        {s.exchange} · {fmtTime(s.tsEvent)} · score {s.score.toFixed(2)}
        {s.reason ? ` · ${s.reason}` : ''}
      </p>
      <h4>Levels</h4>
      <ol class="levels">
        {s.levels.map((l) => (
          <li key={l.level} class={l.passed ? 'pass' : 'fail'}>
            <strong>{l.level}</strong> {l.passed ? 'passed' : 'stopped'}: {l.detail}
          </li>
        ))}
      </ol>
      <h4>Filter points</h4>
      <ul class="points">
        {s.explanation.map((e) => (
          <li key={e.name}>
            {e.name}: {e.points}/{e.max} <span class="muted">{e.detail}</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

/** The latest decisions of `decide`, with the four-level explanation and each filter's points. */
export function SignalsView() {
  const { db } = useSession();
  const live = useLiveQuery('signals', () => query(collection(db, 'signals'), orderBy('createdAt', 'desc'), limit(30)), SignalDocSchema);
  return (
    <section aria-labelledby="signals-h">
      <h2 id="signals-h">Recent signals</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="signals" />
      <div class="cards">
        {live.rows.map((s) => (
          <SignalCard key={s.signalId} s={s} />
        ))}
      </div>
    </section>
  );
}
