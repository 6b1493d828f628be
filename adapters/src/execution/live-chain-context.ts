import { type ChainContext, type EntryPause, type PositionView, type SignalGenerated, type StrategyConfig, type VenuePort, ZERO, dec } from '@cascade/core';
import type { Deps } from '../firestore/deps.js';
import { inFlightOrders, localPositions } from './live-queries.js';

/**
 * The execution chain's snapshot on a live venue: funds from the venue (its balance plus the
 * unrealised P&L of its positions), positions from our records (what the limits count; reconciliation
 * keeps them equal to the venue's), in-flight client order ids for the duplicate check.
 */
export async function liveChainContext(d: Deps, venue: VenuePort, signal: SignalGenerated['payload'], cfg: StrategyConfig, paused: readonly EntryPause[]): Promise<ChainContext> {
  const [balance, onVenue, local, inFlight, venuePrice] = await Promise.all([venue.fetchBalance(), venue.fetchPositions(), localPositions(d.db, venue.id), inFlightOrders(d.db, venue.id), venue.fetchLastPrice(signal.market.symbol)]);
  const upnl = onVenue.reduce((s, p) => s.plus(dec(p.unrealizedPnl ?? '0')), ZERO);
  const positions: PositionView[] = local.map((p) => {
    const u = onVenue.find((v) => v.symbol === p.symbol && v.side === p.side)?.unrealizedPnl ?? '0';
    const atEntry = dec(p.amount).times(dec(p.entryPrice));
    return { positionId: p.positionId, exchange: p.exchange, symbol: p.symbol, side: p.side, amount: p.amount, notional: (p.side === 'long' ? atEntry.plus(u) : atEntry.minus(u)).toFixed(), margin: p.margin, unrealizedPnl: u };
  });
  return {
    signal,
    // The fat-finger check compares the signal's price with this: the venue's price now (issue 11 #8),
    // not the signal's own reference, which it would always match.
    lastTrade: { price: Number(venuePrice), ts: d.clock.now() },
    account: { equity: dec(balance.total).plus(upnl).toFixed(), available: balance.free, usedMargin: balance.used },
    capitalAllocation: cfg.paper.capitalAllocation,
    positions,
    openClientOrderIds: new Set(inFlight.map((o) => o.clientOrderId)),
    entriesPaused: paused,
    limits: cfg.execution,
    clock: d.clock,
  };
}
