import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../app/backend-context.js';
import { LineChart } from '../charts/line-chart.js';
import { type ReportEntry, type TradeTable, groupReports, pnlCurve, tradeTable } from './report-vm.js';
import { listReportFiles } from './report-source.js';

type Opened = { entry: ReportEntry; table: TradeTable | null; error: string | null };

function ReportDetail({ o }: { o: Opened }) {
  const curve = o.table ? pnlCurve(o.table) : null;
  return (
    <article class="card" data-report={o.entry.id}>
      <h3>{o.entry.id}</h3>
      <p class="links">
        {o.entry.csv && (
          <a href={o.entry.csv.url} download>
            Download CSV
          </a>
        )}
        {o.entry.html && (
          <a href={o.entry.html.url} target="_blank" rel="noopener">
            Full HTML report
          </a>
        )}
        {o.entry.json && (
          <a href={o.entry.json.url} target="_blank" rel="noopener">
            Summary JSON
          </a>
        )}
      </p>
      {o.error && <p class="errors" role="alert">{o.error}</p>}
      {curve && curve.length > 1 && (
        <>
          <LineChart label={`${o.entry.id} cumulative P&L`} series={[{ name: 'cumulative P&L', points: curve.map((p) => ({ t: p.t, v: Number(p.equity) })) }]} />
          <LineChart label={`${o.entry.id} drawdown`} height={120} series={[{ name: 'drawdown', color: '#d55', points: curve.map((p) => ({ t: p.t, v: -Number(p.drawdown) })) }]} />
        </>
      )}
      {o.table && (
        <div class="table-wrap scroll" tabIndex={0} role="region" aria-label={`${o.entry.id} trade table`}>
          <table class="rows" aria-label={`${o.entry.id} trades`}>
            <thead>
              <tr>
                {o.table.header.map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {o.table.rows.slice(0, 500).map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (
                    <td key={j} data-label={o.table?.header[j] ?? ''}>
                      {c}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {o.table.rows.length > 500 && <p class="muted">First 500 of {o.table.rows.length} trades; the CSV has them all.</p>}
        </div>
      )}
    </article>
  );
}

/** Period reports and backtest outputs: each opens as its P&L and drawdown charts and its trade table. */
export function ReportsView() {
  const { backend } = useSession();
  const [list, setList] = useState<ReportEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  useEffect(() => {
    listReportFiles(backend).then((f) => setList(groupReports(f)), (e: unknown) => setError((e as Error).message));
  }, [backend]);
  const open = async (entry: ReportEntry) => {
    setOpened({ entry, table: null, error: null });
    if (!entry.csv) return;
    try {
      const r = await fetch(entry.csv.url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      setOpened({ entry, table: tradeTable(await r.text()), error: null });
    } catch (e) {
      setOpened({ entry, table: null, error: `could not read ${entry.csv.path}: ${(e as Error).message}` });
    }
  };
  return (
    <section aria-labelledby="reports-h">
      <h2 id="reports-h">Reports and backtests</h2>
      {error && <p class="errors" role="alert">{error}</p>}
      {list === null && !error && <p class="muted">Loading the report list…</p>}
      {list?.length === 0 && <p class="muted">No reports yet (the daily report job writes them; `npm run backtest -- --out reports/backtests/NAME` adds a backtest).</p>}
      {list && list.length > 0 && (
        <ul class="report-list">
          {list.map((e) => (
            <li key={e.id}>
              <button type="button" class="link" aria-pressed={opened?.entry.id === e.id} onClick={() => void open(e)}>
                {e.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      {opened && <ReportDetail o={opened} />}
    </section>
  );
}
