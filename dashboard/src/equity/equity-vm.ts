import { dec } from '@cascade/core';

type Big = ReturnType<typeof dec>;
import type { TradeDoc } from '../data/read-models.js';
import { type BookKey, Mode, bookId, tradeBook } from '../data/book.js';

export interface EquityPoint {
  /** Close time, epoch ms. */
  readonly t: number;
  readonly equity: string;
  /** Fall from the running peak, in quote currency (≥ 0). */
  readonly drawdown: string;
  /** The same as a fraction of the peak; null while the peak is not positive (a live book starts at 0). */
  readonly drawdownPct: number | null;
}

export interface EquityCurve {
  readonly book: BookKey;
  /** Paper: the accounts' starting equity; live: 0 (the curve is realized P&L, venue balances are not in Firestore). */
  readonly start: string;
  readonly points: readonly EquityPoint[];
  readonly maxDrawdown: string;
  readonly maxDrawdownPct: number | null;
}

/**
 * One curve per book (mode × quote), never summed across books: start + cumulative realized P&L of
 * the closes in time order; drawdown from the running peak (the start counts as the first peak).
 * Closes without a P&L (a reconciled live close of unknown price) are left out.
 */
export function equityCurves(trades: readonly TradeDoc[], startingEquity: ReadonlyMap<string, string>): EquityCurve[] {
  const byBook = new Map<string, { book: BookKey; trades: TradeDoc[] }>();
  for (const t of trades) {
    if (t.pnl === null) continue;
    const book = tradeBook(t);
    const id = bookId(book);
    const g = byBook.get(id) ?? { book, trades: [] };
    g.trades.push(t);
    byBook.set(id, g);
  }
  // A paper book with accounts but no closes yet still gets its (flat) curve.
  for (const id of startingEquity.keys()) {
    if (byBook.has(id)) continue;
    const [mode, quote] = id.split(':') as [string, string];
    byBook.set(id, { book: { mode: mode === Mode.Live ? Mode.Live : Mode.Paper, quote }, trades: [] });
  }
  const out: EquityCurve[] = [];
  for (const [id, g] of byBook) {
    const start = startingEquity.get(id) ?? '0';
    let equity: Big = dec(start);
    let peak: Big = equity;
    let maxDd: Big = dec(0);
    let maxDdPct: number | null = null;
    const points: EquityPoint[] = [];
    for (const t of [...g.trades].sort((a, b) => a.closedAt - b.closedAt || a.positionId.localeCompare(b.positionId))) {
      equity = equity.plus(t.pnl as string);
      if (equity.gt(peak)) peak = equity;
      const dd = peak.minus(equity);
      const ddPct = peak.gt(0) ? Number(dd.div(peak).toPrecision(12)) : null;
      if (dd.gt(maxDd)) maxDd = dd;
      if (ddPct !== null && (maxDdPct === null || ddPct > maxDdPct)) maxDdPct = ddPct;
      points.push({ t: t.closedAt, equity: equity.toFixed(), drawdown: dd.toFixed(), drawdownPct: ddPct });
    }
    out.push({ book: g.book, start, points, maxDrawdown: maxDd.toFixed(), maxDrawdownPct: maxDdPct ?? (peak.gt(0) ? 0 : null) });
  }
  return out.sort((a, b) => bookId(a.book).localeCompare(bookId(b.book)));
}

/** Σ startingEquity of the paper accounts per paper book (`paper:USDT`); accounts of one quote on several exchanges add up. */
export function paperStartingEquity(accounts: readonly { currency: string; startingEquity: string }[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of accounts) {
    const id = bookId({ mode: Mode.Paper, quote: a.currency });
    m.set(id, dec(m.get(id) ?? '0').plus(a.startingEquity).toFixed());
  }
  return m;
}
