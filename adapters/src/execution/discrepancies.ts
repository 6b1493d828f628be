import { type VenuePosition, dec } from '@cascade/core';
import type { LivePositionDoc } from './live-docs.js';

/** §12.2's three discrepancies between our positions and the venue's. */
export type Discrepancy =
  | { readonly kind: 'closed_on_venue'; readonly symbol: string; readonly local: LivePositionDoc }
  | { readonly kind: 'quantity_mismatch'; readonly symbol: string; readonly local: LivePositionDoc; readonly onVenue: VenuePosition }
  | { readonly kind: 'adopted'; readonly symbol: string; readonly onVenue: VenuePosition };

const ORDER: Record<Discrepancy['kind'], number> = { closed_on_venue: 0, quantity_mismatch: 1, adopted: 2 };

/**
 * Compare positions by symbol and side (a flipped side is a close plus an unknown position). Symbols
 * in `busy` — an order of ours in flight there — are skipped: a position the venue shows before we
 * recorded our own fill must not be adopted. Closes come first, so a flip releases the symbol's
 * slot before the adoption claims it. Amounts compare exactly: both are the venue's decimals.
 */
export function findDiscrepancies(local: readonly LivePositionDoc[], onVenue: readonly VenuePosition[], busy: ReadonlySet<string>): { discrepancies: Discrepancy[]; skipped: string[] } {
  const venue = onVenue.filter((v) => dec(v.amount).gt(0));
  const skipped = new Set<string>();
  const out: Discrepancy[] = [];
  const matched = new Set<VenuePosition>();
  for (const l of local) {
    if (busy.has(l.symbol)) {
      skipped.add(l.symbol);
      continue;
    }
    const v = venue.find((x) => x.symbol === l.symbol && x.side === l.side && !matched.has(x));
    if (v === undefined) out.push({ kind: 'closed_on_venue', symbol: l.symbol, local: l });
    else {
      matched.add(v);
      if (!dec(v.amount).eq(dec(l.amount))) out.push({ kind: 'quantity_mismatch', symbol: l.symbol, local: l, onVenue: v });
    }
  }
  for (const v of venue) {
    if (matched.has(v)) continue;
    if (busy.has(v.symbol)) {
      skipped.add(v.symbol);
      continue;
    }
    out.push({ kind: 'adopted', symbol: v.symbol, onVenue: v });
  }
  return { discrepancies: out.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]), skipped: [...skipped].sort() };
}
