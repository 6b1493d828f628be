import type { Trade } from '../model/trade.js';
import { TrailingStop } from './trailing-stop.js';

export interface MonitoredPosition {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryPrice: number;
  readonly openedAt: number;
  readonly trailingStopPct: number;
  readonly maxHoldMs: number;
}

export interface ExitDecision {
  readonly positionId: string;
  readonly symbol: string;
  readonly reason: 'trailing_stop' | 'max_hold';
  readonly detail: string;
  readonly trigger: { tradeId: string; ts: number; price: number };
}

/**
 * Watches open positions on every trade of their symbol (tape time, so replays behave like live):
 * trailing stop first, then maximum hold time. Each position produces at most one exit decision;
 * the position is forgotten once its exit is requested.
 */
export class PositionMonitor {
  private readonly bySymbol = new Map<string, Map<string, { p: MonitoredPosition; stop: TrailingStop }>>();
  /**
   * Positions already exited or forgotten: a redelivered `position.opened` must not bring one back
   * (it would be exited twice). Bounded: the oldest ids go first.
   */
  private readonly done = new Set<string>();

  constructor(private readonly rememberDone = 10_000) {}

  track(p: MonitoredPosition): void {
    if (this.done.has(p.positionId)) return;
    let m = this.bySymbol.get(p.symbol);
    if (!m) {
      m = new Map();
      this.bySymbol.set(p.symbol, m);
    }
    if (!m.has(p.positionId)) m.set(p.positionId, { p, stop: new TrailingStop(p.side, p.entryPrice, p.trailingStopPct) });
  }

  forget(positionId: string, symbol: string): void {
    this.bySymbol.get(symbol)?.delete(positionId);
    this.markDone(positionId);
  }

  private markDone(id: string): void {
    this.done.add(id);
    if (this.done.size > this.rememberDone) {
      const oldest = this.done.values().next().value;
      if (oldest !== undefined) this.done.delete(oldest);
    }
  }

  get size(): number {
    let n = 0;
    for (const m of this.bySymbol.values()) n += m.size;
    return n;
  }

  onTrade(symbol: string, t: Trade): ExitDecision[] {
    const m = this.bySymbol.get(symbol);
    if (!m || m.size === 0) return [];
    const out: ExitDecision[] = [];
    for (const [id, { p, stop }] of m) {
      const trigger = { tradeId: t.id, ts: t.ts, price: t.price };
      const before = stop.stop;
      if (stop.update(t.price)) {
        out.push({ positionId: id, symbol, reason: 'trailing_stop', detail: `price ${t.price} crossed stop ${before.toPrecision(10)}`, trigger });
        m.delete(id);
        this.markDone(id);
      } else if (t.ts - p.openedAt >= p.maxHoldMs) {
        out.push({ positionId: id, symbol, reason: 'max_hold', detail: `held ${Math.round((t.ts - p.openedAt) / 1000)} s ≥ ${p.maxHoldMs / 1000} s`, trigger });
        m.delete(id);
        this.markDone(id);
      }
    }
    return out;
  }
}
