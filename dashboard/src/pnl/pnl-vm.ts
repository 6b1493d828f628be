import { dec } from '@cascade/core';
import type { TradeDoc } from '../data/read-models.js';
import { type BookKey, bookId, tradeBook, venueKey } from '../data/book.js';

export interface PnlRow {
  readonly book: BookKey;
  /** Module id or venue key. */
  readonly name: string;
  readonly trades: number;
  readonly wins: number;
  readonly pnl: string;
}

export interface ModuleVenues {
  readonly id: string;
  readonly venues: readonly string[];
  readonly mode: 'paper' | 'live';
}

function add(rows: Map<string, PnlRow>, book: BookKey, name: string, pnl: string): void {
  const id = `${bookId(book)}|${name}`;
  const r = rows.get(id);
  const win = dec(pnl).gt(0) ? 1 : 0;
  rows.set(id, r ? { ...r, trades: r.trades + 1, wins: r.wins + win, pnl: dec(r.pnl).plus(pnl).toFixed() } : { book, name, trades: 1, wins: win, pnl: dec(pnl).toFixed() });
}

const sorted = (rows: Map<string, PnlRow>): PnlRow[] => [...rows.values()].sort((a, b) => bookId(a.book).localeCompare(bookId(b.book)) || a.name.localeCompare(b.name));

/** Realized P&L per venue (`binance_spot`), within each book. */
export function pnlByVenue(trades: readonly TradeDoc[]): PnlRow[] {
  const rows = new Map<string, PnlRow>();
  for (const t of trades) if (t.pnl !== null) add(rows, tradeBook(t), t.venueId ?? venueKey(t.exchange, t.marketType, t.symbol), t.pnl);
  return sorted(rows);
}

/**
 * Realized P&L per module, within each book: a close belongs to the module of its mode that names
 * its venue (the first by id when several do), else to `(no module)`.
 */
export function pnlByModule(trades: readonly TradeDoc[], modules: readonly ModuleVenues[]): PnlRow[] {
  const rows = new Map<string, PnlRow>();
  const byId = [...modules].sort((a, b) => a.id.localeCompare(b.id));
  for (const t of trades) {
    if (t.pnl === null) continue;
    const book = tradeBook(t);
    const venue = t.venueId ?? venueKey(t.exchange, t.marketType, t.symbol);
    const m = byId.find((x) => x.mode === book.mode && x.venues.includes(venue));
    add(rows, book, m?.id ?? '(no module)', t.pnl);
  }
  return sorted(rows);
}
