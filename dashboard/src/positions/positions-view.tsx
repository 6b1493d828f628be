import { collection } from 'firebase/firestore';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { bookId, bookLabel } from '../data/book.js';
import { useLiveQuery, useNow } from '../data/live.js';
import { PositionDocSchema } from '../data/read-models.js';
import { fmtAge, fmtMoney, fmtPrice, signClass } from '../format/numbers.js';
import { type PositionRow, positionRow } from './position-vm.js';

/** A mark older than this is shown as stale (analytics writes one about every second while trades arrive). */
const STALE_MS = 30_000;

function Row({ r }: { r: PositionRow }) {
  return (
    <tr data-position-id={r.id}>
      <td data-label="Symbol">
        <strong>{r.symbol}</strong> <span class="muted">{r.exchange}</span>
      </td>
      <td data-label="Side" class={r.side}>{r.side}</td>
      <td data-label="Amount">{r.amount}</td>
      <td data-label="Entry">{fmtPrice(r.entry)}</td>
      <td data-label="Mark" data-field="mark" class={r.markAgeMs !== null && r.markAgeMs > STALE_MS ? 'stale' : ''}>
        {fmtPrice(r.mark)}
      </td>
      <td data-label="Unrealized P&L" data-field="upnl" class={signClass(r.unrealizedPnl)}>
        {fmtMoney(r.unrealizedPnl, r.book.quote)}
      </td>
      <td data-label="Trailing stop" data-field="trail">{fmtPrice(r.trailStop)}</td>
      <td data-label="Exchange stop">{r.exchangeStop}</td>
      <td data-label="Liquidation">{fmtPrice(r.liquidation)}</td>
      <td data-label="Age">{fmtAge(r.ageMs)}</td>
    </tr>
  );
}

/** Open positions, one table per book (paper and live apart). */
export function PositionsView() {
  const { db } = useSession();
  const live = useLiveQuery('active_positions', () => collection(db, 'active_positions'), PositionDocSchema);
  const now = useNow();
  const rows = live.rows.map((p) => positionRow(p, now)).sort((a, b) => bookId(a.book).localeCompare(bookId(b.book)) || b.ageMs - a.ageMs);
  const books = [...new Set(rows.map((r) => bookId(r.book)))];
  return (
    <section aria-labelledby="positions-h">
      <h2 id="positions-h">Open positions</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={rows.length === 0} what="open positions" />
      {books.map((b) => {
        const inBook = rows.filter((r) => bookId(r.book) === b);
        const first = inBook[0];
        return (
          first && (
            <div key={b} class="table-wrap" tabIndex={0} role="region" aria-label={`${bookLabel(first.book)} positions table`}>
              <h3>{bookLabel(first.book)}</h3>
              <table class="rows" aria-label={`${bookLabel(first.book)} open positions`}>
                <thead>
                  <tr>
                    <th scope="col">Symbol</th>
                    <th scope="col">Side</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Entry</th>
                    <th scope="col">Mark</th>
                    <th scope="col">Unrealized P&amp;L</th>
                    <th scope="col">Trailing stop</th>
                    <th scope="col">Exchange stop</th>
                    <th scope="col">Liquidation</th>
                    <th scope="col">Age</th>
                  </tr>
                </thead>
                <tbody>
                  {inBook.map((r) => (
                    <Row key={r.id} r={r} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        );
      })}
    </section>
  );
}
