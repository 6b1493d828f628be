import { collection, limit, orderBy, query } from 'firebase/firestore';
import { ModuleConfigSchema } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { bookLabel } from '../data/book.js';
import { useLiveQuery } from '../data/live.js';
import { TradeDocSchema } from '../data/read-models.js';
import { fmtMoney, signClass } from '../format/numbers.js';
import { type PnlRow, pnlByModule, pnlByVenue } from './pnl-vm.js';

function PnlTable({ rows, what }: { rows: readonly PnlRow[]; what: string }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={`P&L per ${what} table`}>
      <table class="rows" aria-label={`Realized P&L per ${what}`}>
        <thead>
          <tr>
            <th scope="col">Book</th>
            <th scope="col">{what}</th>
            <th scope="col">Trades</th>
            <th scope="col">Wins</th>
            <th scope="col">Realized P&amp;L</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${bookLabel(r.book)}|${r.name}`}>
              <td data-label="Book">{bookLabel(r.book)}</td>
              <td data-label={what}>{r.name}</td>
              <td data-label="Trades">{r.trades}</td>
              <td data-label="Wins">{r.wins}</td>
              <td data-label="Realized P&L" class={signClass(r.pnl)}>{fmtMoney(r.pnl, r.book.quote)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Realized P&L per module and per venue, each within its book (paper/live × quote). */
export function PnlView() {
  const { db } = useSession();
  const trades = useLiveQuery('trade_history', () => query(collection(db, 'trade_history'), orderBy('closedAt', 'desc'), limit(2000)), TradeDocSchema);
  const modules = useLiveQuery('modules', () => collection(db, 'modules'), ModuleConfigSchema);
  const mods = modules.rows.map((m, i) => ({ id: modules.ids[i] ?? `module-${i}`, venues: m.venues, mode: m.mode }));
  return (
    <section aria-labelledby="pnl-h">
      <h2 id="pnl-h">P&amp;L per module and venue</h2>
      <ErrorsBox errors={[...trades.errors, ...modules.errors]} failure={trades.failure ?? modules.failure} />
      <Loading ready={trades.ready} empty={trades.rows.length === 0} what="closed trades" />
      {trades.rows.length > 0 && (
        <>
          <h3>Per module</h3>
          <PnlTable rows={pnlByModule(trades.rows, mods)} what="Module" />
          <h3>Per venue</h3>
          <PnlTable rows={pnlByVenue(trades.rows)} what="Venue" />
        </>
      )}
    </section>
  );
}
