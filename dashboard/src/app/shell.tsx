import { signOut } from 'firebase/auth';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { type Firestore, connectFirestoreEmulator, getFirestore } from 'firebase/firestore';
import type { Backend } from '../data/connect.js';
import { useSession } from './backend-context.js';
import { EquityView } from '../equity/equity-view.js';
import { PositionsView } from '../positions/positions-view.js';
import { RiskView } from '../risk/risk-view.js';
import { SignalsView } from '../signals/signals-view.js';
import { OrdersView } from '../orders/orders-view.js';
import { PnlView } from '../pnl/pnl-view.js';
import { FunnelView } from '../funnel/funnel-view.js';
import { StreamsView } from '../streams/streams-view.js';
import { NotificationsView } from '../notifications/notifications-view.js';
import { ModulesView } from '../control/modules-view.js';
import { ConfigEditorView } from '../control/config-editor.js';
import { WatchlistView } from '../control/watchlist-view.js';
import { FlattenView } from '../control/flatten-view.js';
import { ReportsView } from '../reports/reports-view.js';

interface Page {
  readonly id: string;
  readonly title: string;
  readonly views: readonly ComponentType[];
}

export const pages: readonly Page[] = [
  { id: 'live', title: 'Live', views: [RiskView, PositionsView, EquityView] },
  { id: 'activity', title: 'Signals & orders', views: [SignalsView, OrdersView] },
  { id: 'pnl', title: 'P&L', views: [PnlView] },
  { id: 'markets', title: 'Markets', views: [FunnelView, StreamsView] },
  { id: 'notifications', title: 'Notifications', views: [NotificationsView] },
  { id: 'control', title: 'Control', views: [ModulesView, ConfigEditorView, WatchlistView, FlattenView] },
  { id: 'reports', title: 'Reports', views: [ReportsView] },
];

/** Firestore for this backend: created once, on the emulator locally. */
export function openFirestore(backend: Backend): Firestore {
  const db = getFirestore(backend.app);
  if (backend.firestoreEmulator) connectFirestoreEmulator(db, backend.firestoreEmulator.host, backend.firestoreEmulator.port);
  return db;
}

const pageOf = (hash: string): Page => pages.find((p) => `#/${p.id}` === hash) ?? (pages[0] as Page);

export function Shell() {
  const { backend, user } = useSession();
  const [page, setPage] = useState(() => pageOf(location.hash));
  useEffect(() => {
    const on = () => setPage(pageOf(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <h1>Cascade</h1>
        <nav aria-label="Views">
          <ul>
            {pages.map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          <span class="muted">{user.email ?? user.uid}</span>{' '}
          <button type="button" onClick={() => void signOut(backend.auth)}>
            Sign out
          </button>
        </p>
      </header>
      <main id="main" data-page={page.id} tabIndex={-1}>
        {page.views.map((V, i) => (
          <V key={`${page.id}-${i}`} />
        ))}
      </main>
    </>
  );
}
