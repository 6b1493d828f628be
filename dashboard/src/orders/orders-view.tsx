import { collection, limit, orderBy, query } from 'firebase/firestore';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery } from '../data/live.js';
import { OrderDocSchema } from '../data/read-models.js';
import { fmtMoney, fmtPrice, fmtTime } from '../format/numbers.js';

/** Orders and their fills (paper fills and live venue fills), newest first. */
export function OrdersView() {
  const { db } = useSession();
  const live = useLiveQuery('orders', () => query(collection(db, 'orders'), orderBy('createdAt', 'desc'), limit(50)), OrderDocSchema);
  return (
    <section aria-labelledby="orders-h">
      <h2 id="orders-h">Orders and fills</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="orders" />
      {live.rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Orders and fills table">
          <table class="rows" aria-label="Orders and fills">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Symbol</th>
                <th scope="col">Intent</th>
                <th scope="col">Side</th>
                <th scope="col">Status</th>
                <th scope="col">Price</th>
                <th scope="col">Amount</th>
                <th scope="col">Fee</th>
                <th scope="col">Venue</th>
              </tr>
            </thead>
            <tbody>
              {live.rows.map((o) => (
                <tr key={o.clientOrderId} data-order-id={o.clientOrderId}>
                  <td data-label="Time">{fmtTime(o.createdAt)}</td>
                  <td data-label="Symbol">{o.symbol ?? '—'}</td>
                  <td data-label="Intent">{o.intent ?? '—'}</td>
                  <td data-label="Side">{o.side ?? '—'}</td>
                  <td data-label="Status" title={o.reason}>{o.status}{o.reason ? ` (${o.reason})` : ''}</td>
                  <td data-label="Price">{fmtPrice(o.price)}</td>
                  <td data-label="Amount">{o.amount ?? '—'}</td>
                  <td data-label="Fee">{fmtMoney(o.fee)}</td>
                  <td data-label="Venue">{o.venue ?? o.exchange ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
