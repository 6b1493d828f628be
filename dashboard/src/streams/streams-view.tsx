import { collection } from 'firebase/firestore';
import { StatusCollection, StreamStatusDocSchema } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { useLiveQuery, useNow } from '../data/live.js';
import { fmtAge } from '../format/numbers.js';

/** The streamer writes every 2 s; silent this long means it is down. */
const SILENT_MS = 15_000;

/** Stream health per venue: state per symbol, last trade, reconnects, open gaps, last error. */
export function StreamsView() {
  const { db } = useSession();
  const live = useLiveQuery('stream_status', () => collection(db, StatusCollection.Streams), StreamStatusDocSchema);
  const now = useNow();
  return (
    <section aria-labelledby="streams-h">
      <h2 id="streams-h">Stream health</h2>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what="stream status (the streamer writes it while running)" />
      <div class="cards">
        {live.rows.map((s) => {
          const silent = now - s.updatedAt > SILENT_MS;
          return (
            <article class="card" key={s.exchange} data-stream={s.exchange}>
              <h3>
                {s.exchange} <span class="muted">{s.mode}</span>
              </h3>
              <p class={silent ? 'neg' : 'pos'}>
                {silent ? `silent for ${fmtAge(now - s.updatedAt)}` : s.state} · {s.tradesPublished} trades · {s.tradesPerSec}/s
              </p>
              <ul class="points">
                {s.symbols.map((x) => (
                  <li key={x.symbol}>
                    <strong>{x.symbol}</strong> {x.state}
                    {x.lastTradeAt !== null ? ` · last trade ${fmtAge(now - x.lastTradeAt)} ago` : ''} · reconnects {x.reconnects} · gaps open {x.gapsOpen}
                    {x.lastError ? <span class="neg"> · {x.lastError}</span> : null}
                  </li>
                ))}
              </ul>
            </article>
          );
        })}
      </div>
    </section>
  );
}
