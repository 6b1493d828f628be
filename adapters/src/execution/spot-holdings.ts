import { type VenuePort, type VenuePosition, dec, roundTo } from '@cascade/core';
import type { LivePositionDoc } from './live-docs.js';

/**
 * A spot account has balances, not positions (ccxt `fetchPositions` is for derivatives; our spot port
 * returns none). Reconciliation reads what the venue holds of each of our spot positions from its base
 * asset's wallet total (free + locked by our sell-stop): a position is held while the wallet covers
 * its amount, held in part when the wallet holds less (a stop filled in part, coins moved by hand:
 * reconciliation then corrects the quantity), and closed on the venue when nothing is left. Positions
 * of one base share the wallet, oldest first; coins beyond our positions are the user's and are never
 * adopted. Without this every open spot position read as "closed on the venue" at every run.
 */
export async function spotHoldings(venue: VenuePort, local: readonly LivePositionDoc[]): Promise<VenuePosition[]> {
  const byBase = new Map<string, LivePositionDoc[]>();
  for (const p of local) byBase.set(p.market.base, [...(byBase.get(p.market.base) ?? []), p]);
  const out: VenuePosition[] = [];
  for (const [base, positions] of byBase) {
    let left = dec((await venue.fetchBalance(base)).total);
    for (const p of [...positions].sort((a, b) => a.openedAt - b.openedAt)) {
      const want = dec(p.amount);
      const held = left.gte(want) ? want : roundTo(left, p.market.amountPrecision, 'down');
      left = left.minus(held);
      if (held.gt(0)) out.push({ symbol: p.symbol, side: 'long', amount: held.toFixed(), entryPrice: p.entryPrice, leverage: null, marginMode: null, unrealizedPnl: null });
    }
  }
  return out;
}
