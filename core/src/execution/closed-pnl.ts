import type { Dec } from './money.js';

export interface ClosedPnl {
  readonly gross: Dec;
  readonly fees: Dec;
  readonly net: Dec;
  /** Net P&L as a percentage of entry notional. */
  readonly pct: number;
}

export function closedPnl(side: 'long' | 'short', entry: Dec, exit: Dec, amount: Dec, entryFee: Dec, exitFee: Dec): ClosedPnl {
  const move = side === 'long' ? exit.minus(entry) : entry.minus(exit);
  const gross = move.times(amount);
  const fees = entryFee.plus(exitFee);
  const net = gross.minus(fees);
  const pct = Number(net.div(entry.times(amount)).times(100).toFixed(6));
  return { gross, fees, net, pct };
}
