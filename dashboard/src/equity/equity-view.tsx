import { collection, orderBy, query, limit } from 'firebase/firestore';
import { PaperAccountSchema } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { LineChart } from '../charts/line-chart.js';
import { bookId, bookLabel } from '../data/book.js';
import { useLiveQuery } from '../data/live.js';
import { TradeDocSchema } from '../data/read-models.js';
import { fmtMoney, fmtPct } from '../format/numbers.js';
import { equityCurves, paperStartingEquity } from './equity-vm.js';

/** Closed trades the curves are drawn from: the most recent this many. */
const HISTORY = 2000;

/** Portfolio equity and drawdown, one card per book: paper and live (and each quote) are never added. */
export function EquityView() {
  const { db } = useSession();
  const trades = useLiveQuery('trade_history', () => query(collection(db, 'trade_history'), orderBy('closedAt', 'desc'), limit(HISTORY)), TradeDocSchema);
  const accounts = useLiveQuery('paper_accounts', () => collection(db, 'paper_accounts'), PaperAccountSchema);
  const curves = equityCurves(trades.rows, paperStartingEquity(accounts.rows));
  return (
    <section aria-labelledby="equity-h">
      <h2 id="equity-h">Equity and drawdown</h2>
      <ErrorsBox errors={[...trades.errors, ...accounts.errors]} failure={trades.failure ?? accounts.failure} />
      <Loading ready={trades.ready && accounts.ready} empty={curves.length === 0} what="closed trades or paper accounts" />
      <div class="cards">
        {curves.map((c) => {
          const last = c.points.at(-1);
          return (
            <article class="card" key={bookId(c.book)} data-book={bookId(c.book)}>
              <h3>{bookLabel(c.book)}</h3>
              <dl class="kv">
                <dt>{c.book.mode === 'live' ? 'Realized P&L' : 'Equity'}</dt>
                <dd>{fmtMoney(last?.equity ?? c.start, c.book.quote)}</dd>
                <dt>Closed trades</dt>
                <dd>{c.points.length}</dd>
                <dt>Max drawdown</dt>
                <dd>
                  {fmtMoney(c.maxDrawdown, c.book.quote)} ({fmtPct(c.maxDrawdownPct)})
                </dd>
              </dl>
              {c.points.length > 1 && (
                <>
                  <LineChart label={`${bookLabel(c.book)} equity curve`} series={[{ name: 'equity', points: c.points.map((p) => ({ t: p.t, v: Number(p.equity) })) }]} />
                  <LineChart label={`${bookLabel(c.book)} drawdown curve`} height={120} series={[{ name: 'drawdown', color: '#d55', points: c.points.map((p) => ({ t: p.t, v: -Number(p.drawdown) })) }]} />
                </>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}
