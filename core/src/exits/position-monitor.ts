import type { Trade } from '../model/trade.js';
import { ratioValue } from '../analytics/flow-window.js';
import { TrailingStop } from './trailing-stop.js';
import { type ExitConfig, defaultExitConfig } from './exit-config.js';
import type { ExitFlow } from './exit-flow.js';

export interface MonitoredPosition {
  readonly positionId: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryPrice: number;
  readonly openedAt: number;
  readonly trailingStopPct: number;
  readonly maxHoldMs: number;
  /** The initial stop (zone edge) while tighter than the trail; omitted = trail only. */
  readonly initialStop?: number | null;
  /** Perpetuals: the venue's liquidation price; a trade through it is a forced close before any other check. */
  readonly liquidationPrice?: number | null;
  /** Live: the venue holds a reduce-only stop for this position, which follows the trailing stop ({@link PositionMonitor.trailMoves}). */
  readonly exchangeStop?: boolean;
}

/** A venue-held stop to move toward the client trailing stop (issue 11: `stop.trail_requested`). */
export interface TrailMove {
  readonly positionId: string;
  readonly symbol: string;
  readonly level: number;
  readonly lastPrice: number;
  readonly ts: number;
  /** The second sending of this level (its own event id: a redelivery of the first is not a repeat). */
  readonly repeat: boolean;
}

/** At most one move per position per 5 s (the spec for the exchange-held stop; execute enforces it too). */
export const TRAIL_MOVE_INTERVAL_MS = 5_000;

export type ExitReason = 'liquidation' | 'cascade_reversal' | 'adverse_moves' | 'trailing_stop' | 'max_hold';

export interface ExitDecision {
  readonly positionId: string;
  readonly symbol: string;
  readonly reason: ExitReason;
  readonly detail: string;
  /** The numbers that triggered it. */
  readonly values: Readonly<Record<string, number | string | null>>;
  readonly trigger: { tradeId: string; ts: number; price: number };
}

interface Watched {
  readonly p: MonitoredPosition;
  readonly stop: TrailingStop;
  /** Trail distance imposed by the portfolio risk manager, tighter than `p.trailingStopPct`; null = none. */
  tightPct: number | null;
  /** The stop level last announced to the venue (the initial stop at first) and when. */
  announced: number;
  announcedAt: number;
  /** The announced level was sent again once, ≥ 5 s later (execute holds a move that comes too soon after the last one). */
  repeated: boolean;
}

interface SymbolTicks {
  /** Recent trade prices and times for the adverse-move count (a small ring, tape order). */
  readonly ts: Float64Array;
  readonly px: Float64Array;
  head: number;
  len: number;
  /** The symbol's last trade itself, not a copy: a copy per trade was most of the monitor's garbage. */
  last: Trade | null;
}

const RING = 256;

/**
 * Watches open positions (tape time, so replays behave like live), in the document's priority order
 * (§2.6.3): 1. order-flow cascade reversal on the 15-s window, 2. consecutive adverse price moves with
 * profit-based thresholds, 3. the trailing stop, 4. maximum hold. Runs on every trade of the symbol and
 * on a timer (`onTimer`, every 2 s) so a quiet market still gets the flow and hold-time checks. Each
 * position produces at most one exit decision; it is forgotten once its exit is requested.
 */
export class PositionMonitor {
  private readonly bySymbol = new Map<string, Map<string, Watched>>();
  private readonly ticks = new Map<string, SymbolTicks>();
  /** Positions already exited or forgotten: a redelivered `position.opened` must not bring one back. */
  private readonly done = new Set<string>();

  constructor(
    private cfg: ExitConfig = defaultExitConfig,
    private readonly rememberDone = 10_000,
  ) {}

  setConfig(cfg: ExitConfig): void {
    this.cfg = cfg;
  }

  track(p: MonitoredPosition): void {
    if (this.done.has(p.positionId)) return;
    let m = this.bySymbol.get(p.symbol);
    if (!m) {
      m = new Map();
      this.bySymbol.set(p.symbol, m);
    }
    if (!m.has(p.positionId)) {
      const stop = new TrailingStop(p.side, p.entryPrice, p.trailingStopPct, p.initialStop);
      m.set(p.positionId, { p, stop, tightPct: null, announced: stop.stop, announcedAt: Number.NEGATIVE_INFINITY, repeated: true });
    }
  }

  /**
   * The portfolio risk manager's "tighten trails" (health < 50, moderate leader correlation): from
   * now on the stop trails `pct` behind the best price. Never loosens — a `pct` at or above the
   * position's trail or an earlier tightening changes nothing, and the stop level only moves in the
   * position's favour. Returns the ids it tightened (unknown or exited positions are skipped).
   */
  tighten(positionIds: readonly string[], pct: number): string[] {
    const out: string[] = [];
    if (!(pct > 0 && pct < 1) || positionIds.length === 0) return out;
    const wanted = new Set(positionIds);
    for (const m of this.bySymbol.values()) {
      for (const [id, w] of m) {
        if (!wanted.has(id)) continue;
        const current = w.tightPct ?? w.p.trailingStopPct;
        if (pct >= current) continue;
        w.tightPct = pct;
        w.stop.tighten(pct);
        out.push(id);
      }
    }
    return out;
  }

  forget(positionId: string, symbol: string): void {
    this.bySymbol.get(symbol)?.delete(positionId);
    this.markDone(positionId);
  }

  /**
   * Each watched position's last traded price and current stop level (tape time of that trade): what
   * the dashboard shows as mark and trailing stop (issue 13). Positions of a symbol not yet traded are left out.
   */
  marks(): { positionId: string; symbol: string; price: number; stop: number; ts: number }[] {
    const out: { positionId: string; symbol: string; price: number; stop: number; ts: number }[] = [];
    for (const [symbol, m] of this.bySymbol) {
      const last = this.ticks.get(symbol)?.last;
      if (!last) continue;
      for (const w of m.values()) out.push({ positionId: w.p.positionId, symbol, price: last.price, stop: w.stop.stop, ts: last.ts });
    }
    return out;
  }

  get size(): number {
    let n = 0;
    for (const m of this.bySymbol.values()) n += m.size;
    return n;
  }

  /**
   * Venue-held stops that should follow their trailing stop: each position of `symbol` holding one whose
   * stop tightened since it was last announced, at most once per {@link TRAIL_MOVE_INTERVAL_MS} of tape
   * time. The venue side keeps its own floor (≥ 5 ticks, ≥ 5 s since its last move) and holds a move that
   * comes too soon, and a Cloud Function keeps no timer to apply it later: so each new level is sent once
   * more ≥ 5 s after its first announcement (a no-op on the venue when the first one was applied). A level
   * never loosens, so the newest one is all the venue needs.
   */
  trailMoves(symbol: string, now: number): TrailMove[] {
    const m = this.bySymbol.get(symbol);
    const last = this.ticks.get(symbol)?.last;
    if (!m || !last) return [];
    const out: TrailMove[] = [];
    for (const w of m.values()) {
      if (!w.p.exchangeStop) continue;
      const level = w.stop.stop;
      const tighter = w.p.side === 'long' ? level > w.announced : level < w.announced;
      if ((!tighter && w.repeated) || now - w.announcedAt < TRAIL_MOVE_INTERVAL_MS) continue;
      w.repeated = !tighter;
      w.announced = level;
      w.announcedAt = now;
      out.push({ positionId: w.p.positionId, symbol, level, lastPrice: last.price, ts: now, repeat: w.repeated });
    }
    return out;
  }

  /** Does any position on `symbol` need watching (so callers compute the flow only then)? */
  watching(symbol: string): boolean {
    return (this.bySymbol.get(symbol)?.size ?? 0) > 0;
  }

  /** Every trade of a symbol; `flow` is read only when a position of the symbol is open. */
  onTrade(symbol: string, t: Trade, flow?: () => ExitFlow, skip?: ReadonlySet<string>): ExitDecision[] {
    const tk = this.tickRing(symbol);
    const i = (tk.head + tk.len) % RING;
    tk.ts[i] = t.ts;
    tk.px[i] = t.price;
    if (tk.len < RING) tk.len += 1;
    else tk.head = (tk.head + 1) % RING;
    tk.last = t;
    const m = this.bySymbol.get(symbol);
    if (!m || m.size === 0) return NONE;
    return this.check(symbol, m, { tradeId: t.id, ts: t.ts, price: t.price }, flow ? flow() : null, true, skip);
  }

  /** The 2-s check without a trade: flow windows age and positions age. */
  onTimer(symbol: string, now: number, flow?: () => ExitFlow): ExitDecision[] {
    const m = this.bySymbol.get(symbol);
    const last = this.ticks.get(symbol)?.last;
    if (!m || m.size === 0 || !last) return NONE;
    return this.check(symbol, m, { tradeId: last.id, ts: now, price: last.price }, flow ? flow() : null, false);
  }

  private check(symbol: string, m: Map<string, Watched>, at: { tradeId: string; ts: number; price: number }, flow: ExitFlow | null, isTrade: boolean, skip?: ReadonlySet<string>): ExitDecision[] {
    const out: ExitDecision[] = [];
    for (const [id, w] of m) {
      if (skip?.has(id)) continue;
      const x = this.evaluate(w, at, flow, isTrade, symbol);
      if (x) {
        out.push(x);
        m.delete(id);
        this.markDone(id);
      }
    }
    return out;
  }

  private evaluate(w: Watched, at: { tradeId: string; ts: number; price: number }, flow: ExitFlow | null, isTrade: boolean, symbol: string): ExitDecision | null {
    const { p, stop } = w;
    const long = p.side === 'long';
    const profitPct = ((long ? at.price - p.entryPrice : p.entryPrice - at.price) / p.entryPrice) * 100;
    const mk = (reason: ExitReason, detail: string, values: Record<string, number | string | null>): ExitDecision => ({ positionId: p.positionId, symbol, reason, detail, values: { ...values, profitPct: round(profitPct, 4) }, trigger: at });

    // 0. Liquidation: the venue closes the position itself, whatever the strategy's exits would say.
    const liq = p.liquidationPrice;
    if (isTrade && liq != null && (long ? at.price <= liq : at.price >= liq)) return mk('liquidation', `price ${at.price} crossed the liquidation price ${liq}`, { liquidationPrice: liq });

    // 1. Cascade reversal (§2.6.1): opposite flow accelerating — 15 s < 0.5 and 15 s < 1m < 5m (mirrored).
    const cr = this.cfg.cascadeReversal;
    if (cr.enabled && flow && flow.trades15s >= cr.minTrades) {
      const f = ratioValue(flow.r15s);
      const a = ratioValue(flow.r1m);
      const b = ratioValue(flow.r5m);
      const rev = long ? f < cr.maxRatio && f < a && a < b : f > 1 / cr.maxRatio && f > a && a > b;
      if (rev) return mk('cascade_reversal', `15 s ${fmt(flow.r15s)} / 1m ${fmt(flow.r1m)} / 5m ${fmt(flow.r5m)}: ${long ? 'selling' : 'buying'} accelerating`, { r15s: flow.r15s, r1m: flow.r1m, r5m: flow.r5m, trades15s: flow.trades15s });
    }

    // 2. Consecutive adverse price moves within 15 s (§2.6.2): price direction, not trade side.
    const am = this.cfg.adverseMoves;
    if (am.enabled && isTrade) {
      const moves = this.adverseMoves(symbol, long, at.ts, am.windowMs);
      const band = am.thresholds.find((t) => profitPct < t.belowProfitPct);
      const need = band ? band.moves : am.topMoves;
      if (moves >= need) return mk('adverse_moves', `${moves} consecutive price moves against the position (threshold ${need} at ${profitPct.toFixed(3)} % profit)`, { moves, threshold: need });
    }

    // 3. Trailing stop (§2.5), on trades only: it follows traded prices.
    if (isTrade) {
      const before = stop.stop;
      if (stop.update(at.price)) return mk('trailing_stop', `price ${at.price} crossed stop ${before.toPrecision(10)}`, { stop: before });
      // TrailingStop follows at its own pct; a tightened trail is re-applied from the new best price.
      if (w.tightPct !== null) stop.tighten(w.tightPct);
    }

    // 4. Maximum hold.
    if (at.ts - p.openedAt >= p.maxHoldMs) return mk('max_hold', `held ${Math.round((at.ts - p.openedAt) / 1000)} s ≥ ${p.maxHoldMs / 1000} s`, { heldMs: at.ts - p.openedAt });
    return null;
  }

  /** Consecutive moves against the side, newest backwards, among ticks in (now − window, now]. */
  private adverseMoves(symbol: string, long: boolean, now: number, windowMs: number): number {
    const tk = this.ticks.get(symbol);
    if (!tk || tk.len < 2) return 0;
    let n = 0;
    for (let k = tk.len - 1; k >= 1; k--) {
      const cur = (tk.head + k) % RING;
      const prev = (tk.head + k - 1) % RING;
      if ((tk.ts[prev] as number) <= now - windowMs) break;
      const c = tk.px[cur] as number;
      const pr = tk.px[prev] as number;
      if (long ? c < pr : c > pr) n += 1;
      else break;
    }
    return n;
  }

  private tickRing(symbol: string): SymbolTicks {
    let tk = this.ticks.get(symbol);
    if (!tk) {
      tk = { ts: new Float64Array(RING), px: new Float64Array(RING), head: 0, len: 0, last: null };
      this.ticks.set(symbol, tk);
    }
    return tk;
  }

  private markDone(id: string): void {
    this.done.add(id);
    if (this.done.size > this.rememberDone) {
      const oldest = this.done.values().next().value;
      if (oldest !== undefined) this.done.delete(oldest);
    }
  }
}

const NONE = Object.freeze([]) as unknown as ExitDecision[];

function fmt(r: number | null): string {
  return r === null ? '∞' : r.toFixed(2);
}

function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
