import type { MonitoredPosition } from '@cascade/core';

/** What the exit monitor is told about a position, as both `position.opened` and `active_positions` carry it. */
export interface StoredPosition {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  /** Exact decimal string. */
  readonly entryPrice: string;
  readonly openedAt: number;
  readonly trailingStopPct: number;
  readonly maxHoldMs: number;
  /** Exact decimal string; null or absent = trail only. */
  readonly initialStopPrice?: string | null;
  /** Perpetuals: exact decimal string; null or absent = no liquidation (spot). */
  readonly liquidationPrice?: string | null;
  /** Live: the venue holds a stop that follows the trailing stop. */
  readonly exchangeStop?: boolean;
}

/**
 * A position as analytics' exit monitor tracks it: the one mapping for positions learnt from
 * `position.opened` events (live) and read back from `active_positions` (replays). The monitor
 * works in doubles; the decimals are parsed here.
 */
export function monitoredPositionOf(p: StoredPosition): MonitoredPosition {
  return {
    positionId: p.positionId,
    symbol: p.symbol,
    side: p.side,
    entryPrice: Number(p.entryPrice),
    openedAt: p.openedAt,
    trailingStopPct: p.trailingStopPct,
    maxHoldMs: p.maxHoldMs,
    initialStop: p.initialStopPrice === null || p.initialStopPrice === undefined ? null : Number(p.initialStopPrice),
    ...(p.liquidationPrice === null || p.liquidationPrice === undefined ? {} : { liquidationPrice: Number(p.liquidationPrice) }),
    ...(p.exchangeStop ? { exchangeStop: true } : {}),
  };
}
