import { collection } from 'firebase/firestore';
import { useState } from 'preact/hooks';
import { WatchlistEntrySchema } from '@cascade/core';
import { useSession } from '../app/backend-context.js';
import { ErrorsBox, Loading } from '../app/errors-box.js';
import { apiErrorText, callApi } from '../data/api.js';
import { useLiveQuery } from '../data/live.js';
import { fmtTime } from '../format/numbers.js';

const MARKET_TYPES = ['spot', 'perp', 'forex', 'dex'] as const;

function Entries({ exchange, marketType }: { exchange: string; marketType: string }) {
  const { db } = useSession();
  const key = `${exchange}_${marketType}`;
  const live = useLiveQuery(`watchlists/${key}`, () => collection(db, 'watchlists', key, 'symbols'), WatchlistEntrySchema);
  return (
    <>
      <ErrorsBox errors={live.errors} failure={live.failure} />
      <Loading ready={live.ready} empty={live.rows.length === 0} what={`${key} watchlist entries`} />
      {live.rows.length > 0 && (
        <ul class="points" aria-label={`${key} watchlist`}>
          {live.rows.map((e) => (
            <li key={e.symbol} data-watch={e.symbol}>
              <strong>{e.symbol}</strong> {e.source} · priority {e.priority} · expires {e.expiresAt === null ? 'never' : fmtTime(e.expiresAt)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Add, renew and remove watchlist symbols through the watchlist API (it checks the venue lists the symbol). */
export function WatchlistView() {
  const { user } = useSession();
  const [exchange, setExchange] = useState('binance');
  const [marketType, setMarketType] = useState<string>('spot');
  const [symbol, setSymbol] = useState('');
  const [hours, setHours] = useState('24');
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (what: 'add' | 'renew' | 'remove') => {
    const body: Record<string, unknown> = { exchange, market_type: marketType, symbol };
    if (what !== 'remove') body.duration_hours = Number(hours);
    const r = await callApi(user, what === 'remove' ? 'DELETE' : 'POST', `/api/v1/watchlist/${what}`, body).catch((e: unknown) => ({ status: 0, body: String(e) }));
    setMsg(r.status >= 200 && r.status < 300 ? { ok: true, text: `${what}: ${symbol} done` } : { ok: false, text: `${what} refused: ${apiErrorText(r)}` });
  };
  return (
    <section aria-labelledby="wl-title">
      <h2 id="wl-title">Watchlist</h2>
      <form class="inline" onSubmit={(e) => (e.preventDefault(), void act('add'))}>
        <label for="wl-ex">Exchange</label>
        <input id="wl-ex" value={exchange} onInput={(e) => setExchange((e.currentTarget as HTMLInputElement).value)} />
        <label for="wl-mt">Market</label>
        <select id="wl-mt" value={marketType} onChange={(e) => setMarketType((e.currentTarget as HTMLSelectElement).value)}>
          {MARKET_TYPES.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
        <label for="wl-sym">Symbol</label>
        <input id="wl-sym" value={symbol} placeholder="PEPE/USDT" onInput={(e) => setSymbol((e.currentTarget as HTMLInputElement).value)} />
        <label for="wl-hours">Hours</label>
        <input id="wl-hours" inputMode="decimal" value={hours} onInput={(e) => setHours((e.currentTarget as HTMLInputElement).value)} />
        <button type="submit">Add</button>
        <button type="button" onClick={() => void act('renew')}>Renew</button>
        <button type="button" onClick={() => void act('remove')}>Remove</button>
      </form>
      {msg && (
        <p role="status" data-watch-status class={msg.ok ? 'pos' : 'neg'}>
          {msg.text}
        </p>
      )}
      <Entries exchange={exchange} marketType={marketType} />
    </section>
  );
}
