import { doc, onSnapshot } from 'firebase/firestore';
import { useEffect, useState } from 'preact/hooks';
import { type RiskState, RiskStateSchema } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox } from '../app/errors-box.js';
import { issuesText } from '../data/parse-docs.js';
import { useNow } from '../data/live.js';
import { fmtMoney, fmtPct, fmtTime } from '../format/numbers.js';

type RiskRead = { kind: 'loading' } | { kind: 'missing' } | { kind: 'ok'; state: RiskState } | { kind: 'error'; message: string };

/** `risk_state/current`: health score, the day's drawdown level, the circuit breaker, whether entries are blocked. */
export function RiskView() {
  const { db } = useSession();
  const [read, setRead] = useState<RiskRead>({ kind: 'loading' });
  const now = useNow(5000);
  useEffect(
    () =>
      onSnapshot(
        doc(db, 'risk_state/current'),
        (s) => {
          if (!s.exists()) return setRead({ kind: 'missing' });
          const r = RiskStateSchema.safeParse(s.data());
          setRead(r.success ? { kind: 'ok', state: r.data } : { kind: 'error', message: issuesText(r.error) });
        },
        (e) => setRead({ kind: 'error', message: e.message }),
      ),
    [db],
  );
  return (
    <section aria-labelledby="risk-h">
      <h2 id="risk-h">Risk state</h2>
      {read.kind === 'loading' && <p class="muted">Loading risk state…</p>}
      {read.kind === 'missing' && <p class="muted">No risk state yet: the analytics service writes it when it starts.</p>}
      {read.kind === 'error' && <ErrorsBox errors={[{ path: 'risk_state/current', message: read.message }]} />}
      {read.kind === 'ok' && <RiskCard s={read.state} now={now} />}
    </section>
  );
}

function RiskCard({ s, now }: { s: RiskState; now: number }) {
  const age = s.writtenAt !== undefined ? now - s.writtenAt : null;
  return (
    <div class="cards">
      <article class="card" data-risk="health">
        <h3>Health</h3>
        <p class="big">{s.health.score === null ? '—' : s.health.score.toFixed(0)}</p>
        <p>band {s.health.band}</p>
        {s.health.factors && (
          <ul class="points">
            {Object.entries(s.health.factors).map(([k, f]) => (
              <li key={k}>
                {k}: {Math.round(f.points * 10) / 10}/{f.max} <span class="muted">{f.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </article>
      <article class="card" data-risk="drawdown">
        <h3>Daily drawdown</h3>
        <p class="big">{fmtPct(s.drawdown.pct)}</p>
        <p>level {s.drawdown.level}</p>
        <p class="muted">
          equity {fmtMoney(s.drawdown.equity)} from {fmtMoney(s.drawdown.dayStartEquity)} · resets {fmtTime(s.drawdown.resetsAt)}
        </p>
      </article>
      <article class="card" data-risk="breaker">
        <h3>Breaker</h3>
        <p class={`big ${s.breaker.tripped ? 'neg' : 'pos'}`}>{s.breaker.tripped ? 'TRIPPED' : 'armed'}</p>
        {s.breaker.tripped && <p>since {fmtTime(s.breaker.trippedAt)}, resets {fmtTime(s.breaker.resetsAt)}</p>}
        <p>
          entries {s.entries.blocked ? <strong class="neg">blocked ({s.entries.reason})</strong> : 'allowed'} · open {s.positions.open} · closing {s.positions.closing.length}
        </p>
        <p class="muted">{age === null ? 'no heartbeat' : `written ${Math.round(age / 1000)} s ago`}</p>
      </article>
    </div>
  );
}
