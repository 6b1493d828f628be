import type { Firestore } from 'firebase-admin/firestore';
import {
  CandleBuilder,
  CloseReason,
  type ClosePositionAction,
  type Clock,
  type Dec,
  type ExitRequested,
  ManualClock,
  MarketType,
  type MessageOf,
  type NotifyAction,
  type PortfolioRiskConfigInput,
  PortfolioRiskManager,
  PortfolioRiskConfigSchema,
  type PositionMonitor,
  type RiskAction,
  type RiskEvent,
  type RiskPosition,
  RiskPositionSchema,
  type RiskPositionInput,
  type RiskState,
  RiskStateSchema,
  RiskStrategy,
  Severity,
  type SystemError,
  Topic,
  type Trade,
  TradeValidator,
  type TradesReceived,
  DecimalString,
  dec,
  derivedId,
  exitEventId,
  toRiskPosition,
  unrealizedPnl,
  type ValueOf,
} from '@cascade/core';
import type { Outgoing } from './engine.js';

/** `risk_state/current`: the one document the console and execute-signal's risk gate read. */
export const RISK_STATE_DOC = 'risk_state/current';

export type RiskPublish = <T extends Topic>(topic: T, message: MessageOf<T>) => Promise<void>;

/** The paper ledger as of one instant: realized P&L and the positions open at that instant agree. */
export interface LedgerSnapshot {
  /** Net realized P&L in quote currency by UTC day `YYYY-MM-DD`, for the days read. */
  readonly realized: Readonly<Record<string, string>>;
  readonly open: readonly RiskPositionInput[];
}

export interface LedgerPort {
  /** `day` = one `portfolio/{day}` document; null = every day (start-up). */
  read(day: string | null): Promise<LedgerSnapshot>;
}

export interface RiskServicePorts {
  readonly publish: RiskPublish;
  /** Stores `risk_state/current`. */
  readonly writeState: (state: RiskState) => Promise<void>;
  /** Wall clock: risk time when live, message `tsInit`, and the write throttle. */
  readonly clock: Clock;
  /** Paper ledger reads; without one equity is the starting equity plus open positions' P&L. */
  readonly ledger?: LedgerPort;
  /** The last stored state, restored at start when live (a tripped breaker survives a restart). */
  readonly readState?: () => Promise<RiskState | null>;
  /** Deferred work (a throttled write); defaults to setTimeout. Returns a cancel function. */
  readonly schedule?: (fn: () => void, ms: number) => () => void;
  readonly log?: (line: string) => void;
}

export const RiskTime = {
  /** Live: `tick` every second on the wall clock. */
  Wall: 'wall',
  /** Replays: risk time is the newest trade's time and ticks on each tape second, so a replay decides the same at any speed. */
  Tape: 'tape',
} as const;
export type RiskTime = ValueOf<typeof RiskTime>;

export interface RiskServiceOptions {
  readonly config?: PortfolioRiskConfigInput;
  /** Paper equity before any realized P&L (quote currency, exact). */
  readonly startingEquity: string;
  readonly time: RiskTime;
  /** The analytics service's exit monitor: risk tightens its trails and takes over positions it closes. */
  readonly monitor?: Pick<PositionMonitor, 'tighten' | 'forget'>;
  /** Writes of `risk_state/current` are at least this far apart (wall ms). */
  readonly minWriteIntervalMs?: number;
  /** With no decision changed, the figures are still refreshed this often (wall ms). */
  readonly refreshMs?: number;
  readonly tickMs?: number;
  /** Live only: start the 1-s timer in `begin` (tests drive `tick` themselves). Default true. */
  readonly autoTick?: boolean;
}

export interface RiskCounters {
  riskExits: number;
  tightened: number;
  notifications: number;
  stateWrites: number;
  writeErrors: number;
  publishErrors: number;
  ledgerErrors: number;
  otherVenueBatches: number;
}

interface MarketFeed {
  readonly validator: TradeValidator;
  readonly candles: CandleBuilder;
  lastSeq: number;
}

interface LastTrade {
  id: string;
  ts: number;
  price: number;
}

/**
 * Puts core's PortfolioRiskManager (§2.2.5) to work in the analytics service: feeds it trades, closed
 * 1m candles, positions (from trading.events and, at start, the ledger) and paper equity, ticks it
 * every second, and turns its actions into effects:
 * - close_position → `exit.requested` (reason `risk`) on exits.requested with the position's exit event
 *   id, and the exit monitor forgets the position (one closing order whoever asks first);
 * - tighten_trails → PositionMonitor.tighten (never loosens);
 * - block/unblock and any other decision change → `risk_state/current`, at most one write a second;
 * - notify (warning/critical) and force exits → `system.error` on trading.events, component = the risk event.
 *
 * Paper equity = starting equity + realized P&L of every `portfolio/{day}` + unrealized P&L of the
 * positions open in the same ledger snapshot, marked at their symbol's last trade. The ledger is read
 * on every position.closed, so a redelivered close changes nothing.
 */
export class RiskService {
  readonly manager: PortfolioRiskManager;
  readonly counters: RiskCounters = { riskExits: 0, tightened: 0, notifications: 0, stateWrites: 0, writeErrors: 0, publishErrors: 0, ledgerErrors: 0, otherVenueBatches: 0 };
  private readonly tape: ManualClock | null;
  private readonly feeds = new Map<string, MarketFeed>();
  /** One venue per symbol: the manager keys everything by symbol. */
  private readonly venueOf = new Map<string, string>();
  private readonly typeOf = new Map<string, MarketType>();
  private readonly last = new Map<string, LastTrade>();
  /** Open per the ledger (and position.opened since): the unrealized part of equity. */
  private readonly open = new Map<string, RiskPosition>();
  private readonly realized = new Map<string, Dec>();
  private realizedTotal: Dec = dec(0);
  private readonly start: Dec;
  private ledgerLoaded: boolean;
  private resync: string | null = null;
  private syncing: Promise<void> | null = null;
  private lastTickAt = Number.NEGATIVE_INFINITY;
  private interval: ReturnType<typeof setInterval> | null = null;
  private ticking = false;
  private writing: Promise<void> | null = null;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private lastKey = '';
  private cancelDeferred: (() => void) | null = null;
  private readonly minWriteMs: number;
  private readonly refreshMs: number;
  private readonly tickMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly ports: RiskServicePorts,
    private readonly opts: RiskServiceOptions,
  ) {
    this.tape = opts.time === RiskTime.Tape ? new ManualClock(0) : null;
    this.manager = new PortfolioRiskManager(this.tape ?? ports.clock, opts.config ?? {});
    this.start = dec(DecimalString.parse(opts.startingEquity));
    this.ledgerLoaded = ports.ledger === undefined;
    this.minWriteMs = opts.minWriteIntervalMs ?? 1_000;
    this.refreshMs = opts.refreshMs ?? 10_000;
    this.tickMs = opts.tickMs ?? 1_000;
    this.log = ports.log ?? ((l) => console.log(`analytics/risk: ${l}`));
  }

  /** Risk time: the wall clock live, the newest trade's time in replays. */
  now(): number {
    return this.tape ? this.tape.now() : this.ports.clock.now();
  }

  /** Restore the stored state (live only), load the ledger, and start the 1-s tick when live. */
  async begin(): Promise<void> {
    if (!this.tape && this.ports.readState) {
      try {
        const s = await this.ports.readState();
        if (s) {
          this.manager.restore(s);
          this.lastKey = decisionKey(s);
          this.log(`restored ${RISK_STATE_DOC}: drawdown ${s.drawdown.level}, entries ${s.entries.blocked ? `blocked (${s.entries.reasons.join(', ')})` : 'open'}`);
        }
      } catch (e) {
        this.log(`could not read ${RISK_STATE_DOC}, starting fresh: ${(e as Error).message}`);
      }
    }
    await this.loadLedger();
    if (!this.tape && this.opts.autoTick !== false) {
      this.interval = setInterval(() => void this.tick(), this.tickMs);
      this.interval.unref?.();
    }
  }

  async end(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.cancelDeferred?.();
    this.cancelDeferred = null;
    await this.writing;
  }

  /** A market.trades batch, after the engine has had it (same dedupe: batch sequence, then trade id). */
  async onBatch(msg: TradesReceived): Promise<void> {
    const p = msg.payload;
    const sym = p.market.symbol;
    const venue = this.venueOf.get(sym);
    if (venue === undefined) this.venueOf.set(sym, p.market.exchange);
    else if (venue !== p.market.exchange) {
      if (this.counters.otherVenueBatches++ === 0) this.log(`${sym} is followed on ${venue}; ${p.market.exchange} batches are ignored by risk`);
      return;
    }
    this.typeOf.set(sym, p.market.marketType);
    let feed = this.feeds.get(sym);
    if (!feed) {
      feed = { validator: new TradeValidator(), candles: new CandleBuilder('1m', 0), lastSeq: 0 };
      this.feeds.set(sym, feed);
    }
    if (p.seq <= feed.lastSeq) return;
    feed.lastSeq = p.seq;
    for (const t of p.trades as Trade[]) {
      if (feed.validator.accept(t) !== null) continue;
      if (this.tape) {
        const boundary = Math.floor(t.ts / this.tickMs) * this.tickMs;
        if (boundary > this.lastTickAt) {
          if (boundary > this.tape.now()) this.tape.set(boundary);
          await this.tick(boundary);
        }
        if (t.ts > this.tape.now()) this.tape.set(t.ts);
      }
      const l = this.last.get(sym);
      if (!l) this.last.set(sym, { id: t.id, ts: t.ts, price: t.price });
      else {
        l.id = t.id;
        l.ts = t.ts;
        l.price = t.price;
      }
      const closed = feed.candles.update(t);
      if (closed) await this.apply(this.manager.onCandle(sym, closed));
      const a = this.manager.onTrade(sym, t);
      if (a.length > 0) await this.apply(a);
    }
  }

  /** trading.events: positions opened and closed (paper or venue). Other events are not risk's. */
  async onTradingEvent(e: MessageOf<typeof Topic.TradingEvents>): Promise<void> {
    if (e.type === 'position.opened') {
      const p = e.payload;
      const input: RiskPositionInput = {
        positionId: p.positionId,
        symbol: p.symbol,
        marketType: this.typeOf.get(p.symbol) ?? guessMarketType(p.symbol),
        strategy: RiskStrategy.OrderflowScalp,
        side: p.side,
        entryPrice: p.entryPrice,
        amount: p.amount,
        openedAt: p.openedAt,
      };
      await this.track(input);
    } else if (e.type === 'position.closed') {
      const p = e.payload;
      await this.apply(this.manager.onPositionClosed(p.positionId));
      if (!this.ports.ledger) this.open.delete(p.positionId);
      else {
        // The position leaves the equity with the ledger snapshot that holds its realized P&L.
        this.resync = utcDayOf(p.closedAt);
        await this.syncLedger();
      }
      if (this.ledgerLoaded) await this.apply(this.manager.onEquity(this.equity().toFixed(), this.now()));
    } else return;
    await this.maybeWrite(false);
  }

  /** One risk second: equity, the manager's timed checks, retries, and the state write if due. */
  async tick(now: number = this.now()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      this.lastTickAt = Math.max(this.lastTickAt, now);
      if (!this.ledgerLoaded) await this.loadLedger();
      else if (this.resync !== null) await this.syncLedger();
      if (this.ledgerLoaded) await this.apply(this.manager.onEquity(this.equity().toFixed(), now), now);
      await this.apply(this.manager.tick(now), now);
      await this.maybeWrite(false);
    } catch (e) {
      this.log(`tick failed: ${(e as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Paper equity now: starting + realized (all days) + unrealized of open positions at their last trade. */
  equity(): Dec {
    let e = this.start.plus(this.realizedTotal);
    for (const p of this.open.values()) {
      const l = this.last.get(p.symbol);
      if (l) e = e.plus(unrealizedPnl(p, dec(l.price)));
    }
    return e;
  }

  state(): RiskState {
    return this.manager.state(this.now());
  }

  // ── effects ────────────────────────────────────────────────────────────────────────────────

  private async apply(actions: readonly RiskAction[], now: number = this.now()): Promise<void> {
    if (actions.length === 0) return;
    let changed = false;
    const notified = new Set<RiskEvent>();
    for (const a of actions) if (a.type === 'notify') notified.add(a.event);
    const forced = new Map<RiskEvent, ClosePositionAction[]>();
    for (const a of actions) {
      switch (a.type) {
        case 'close_position': {
          changed = true;
          this.opts.monitor?.forget(a.positionId, a.symbol);
          const m = this.exitMessage(a, now);
          if (!m) break;
          this.log(`close ${a.positionId} ${a.symbol}${a.retry ? ' (again)' : ''}: ${a.reason}: ${a.detail}`);
          if (await this.send(Topic.ExitsRequested, m)) this.counters.riskExits += 1;
          if (!a.retry && !notified.has(a.event)) {
            const g = forced.get(a.event);
            if (g) g.push(a);
            else forced.set(a.event, [a]);
          }
          break;
        }
        case 'tighten_trails': {
          const done = this.opts.monitor?.tighten(a.positionIds, a.pct) ?? [];
          this.counters.tightened += done.length;
          this.log(`trails tightened to ${a.pct * 100} % for ${done.length}/${a.positionIds.length} positions (${a.reason}: ${a.detail})`);
          break;
        }
        case 'block_entries':
          changed = true;
          this.log(`entries blocked (${a.scope}): ${a.reason}: ${a.detail}${a.until === null ? '' : ` until ${new Date(a.until).toISOString()}`}`);
          break;
        case 'unblock_entries':
          changed = true;
          this.log(`entries unblocked (${a.scope}): ${a.reason}`);
          break;
        case 'notify':
          await this.notify(a, now);
          break;
      }
    }
    for (const [event, closes] of forced) await this.notifyForced(event, closes, now);
    if (changed) await this.maybeWrite(true);
  }

  private exitMessage(a: ClosePositionAction, now: number): ExitRequested | null {
    const l = this.last.get(a.symbol);
    const pos = this.open.get(a.positionId);
    // The paper venue fills at the trigger: the symbol's last trade, or the entry when none was seen yet.
    const trigger = l ? { tradeId: l.id, ts: l.ts, price: l.price } : pos ? { tradeId: `risk-${now}`, ts: now, price: pos.entry.toNumber() } : null;
    if (!trigger) {
      this.log(`cannot close ${a.positionId}: no trade of ${a.symbol} and no entry price known`);
      return null;
    }
    const values: Record<string, number | string | null> = { ...finite(a.values), riskReason: a.reason, riskEvent: a.event };
    if (a.signals) values.signals = a.signals.map((s) => `${s.signal}/${s.rule}`).join(',');
    return {
      type: 'exit.requested',
      // The monitor's id for the same position: one exit request id, one closing order, whoever asks.
      eventId: exitEventId(a.positionId),
      tsEvent: Math.max(0, Math.round(now)),
      tsInit: this.ports.clock.now(),
      correlationId: a.positionId,
      causationId: null,
      payload: { positionId: a.positionId, symbol: a.symbol, reason: 'risk', detail: `${a.reason}: ${a.detail}`, values, trigger, fillReference: null },
    };
  }

  private async notify(a: NotifyAction, now: number): Promise<void> {
    if (a.severity === Severity.Info) {
      this.log(`${a.event}: ${a.detail}`);
      return;
    }
    const error = `${a.detail}${describeValues(a.values)}`;
    await this.systemError(a.event, error, a.severity === Severity.Critical, derivedId('risk', a.event, String(now), a.detail), now);
  }

  /** Closes no episode notification covers (dumps, max hold): one message per event and batch. */
  private async notifyForced(event: RiskEvent, closes: readonly ClosePositionAction[], now: number): Promise<void> {
    const what = closes.map((c) => `${c.symbol} ${c.positionId} (${c.reason}: ${c.detail})`).join('; ');
    const error = `force exit of ${closes.length} position${closes.length === 1 ? '' : 's'}: ${what}`;
    // Max hold and the forex Friday close are scheduled housekeeping; every other forced close is money at risk.
    const critical = closes.some((c) => c.reason !== CloseReason.MaxHold && c.reason !== CloseReason.ForexSessionClose);
    await this.systemError(event, error, critical, derivedId('risk', event, String(now), ...closes.map((c) => c.positionId)), now);
  }

  private async systemError(component: string, error: string, critical: boolean, eventId: string, now: number): Promise<void> {
    const m: SystemError = { type: 'system.error', eventId, tsEvent: Math.max(0, Math.round(now)), tsInit: this.ports.clock.now(), correlationId: eventId, causationId: null, payload: { component, error, critical } };
    if (await this.send(Topic.TradingEvents, m)) this.counters.notifications += 1;
  }

  private async send<T extends Topic>(topic: T, m: MessageOf<T>): Promise<boolean> {
    try {
      await this.ports.publish(topic, m);
      return true;
    } catch (e) {
      // A lost exit request is asked for again by the manager after closeRetryMs.
      this.counters.publishErrors += 1;
      this.log(`publish to ${topic} failed: ${(e as Error).message}`);
      return false;
    }
  }

  // ── risk_state/current ─────────────────────────────────────────────────────────────────────

  /**
   * A changed decision (entries, breaker, levels, band, closing list, leader dumps) is written as
   * soon as the last write is a second old; otherwise the figures are refreshed every `refreshMs`.
   * Writes never overlap, and each writes the state as of its own moment.
   */
  private async maybeWrite(urgent: boolean): Promise<void> {
    if (this.writing) {
      if (urgent) this.defer(this.minWriteMs);
      return;
    }
    const s = this.manager.state(this.now());
    const key = decisionKey(s);
    const wall = this.ports.clock.now();
    const since = wall - this.lastWriteAt;
    const changed = key !== this.lastKey;
    if (!changed && since < this.refreshMs) return;
    if (since < this.minWriteMs) {
      this.defer(this.minWriteMs - since);
      return;
    }
    this.writing = this.write(s, key, wall);
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
  }

  private async write(s: RiskState, key: string, wall: number): Promise<void> {
    this.lastWriteAt = wall;
    try {
      await this.ports.writeState(s);
      this.lastKey = key;
      this.counters.stateWrites += 1;
    } catch (e) {
      // lastKey stays: the next tick tries again.
      this.counters.writeErrors += 1;
      this.log(`writing ${RISK_STATE_DOC} failed: ${(e as Error).message}`);
    }
  }

  private defer(ms: number): void {
    if (this.cancelDeferred) return;
    const schedule = this.ports.schedule ?? defaultSchedule;
    this.cancelDeferred = schedule(() => {
      this.cancelDeferred = null;
      void this.maybeWrite(true);
    }, Math.max(1, ms));
  }

  // ── positions and the ledger ───────────────────────────────────────────────────────────────

  private async track(input: RiskPositionInput): Promise<void> {
    const parsed = RiskPositionSchema.safeParse(input);
    if (!parsed.success) {
      this.log(`ignoring position ${input.positionId}: ${parsed.error.message}`);
      return;
    }
    if (!this.open.has(input.positionId)) this.open.set(input.positionId, toRiskPosition(parsed.data));
    await this.apply(this.manager.onPositionOpened(parsed.data));
  }

  private async loadLedger(): Promise<void> {
    const ledger = this.ports.ledger;
    if (!ledger || this.ledgerLoaded) return;
    try {
      const snap = await ledger.read(null);
      this.setRealized(snap.realized);
      this.ledgerLoaded = true;
      for (const p of snap.open) await this.track(p);
      this.log(`ledger: equity ${this.equity().toFixed()} (${this.open.size} open positions)`);
    } catch (e) {
      this.counters.ledgerErrors += 1;
      this.log(`ledger not readable yet (no equity reading until it is): ${(e as Error).message}`);
    }
  }

  /** Re-read the day of the last close; positions the ledger no longer holds leave the equity with it. */
  private async syncLedger(): Promise<void> {
    const ledger = this.ports.ledger;
    const day = this.resync;
    if (!ledger || day === null || !this.ledgerLoaded) return;
    if (this.syncing) return this.syncing;
    const known = [...this.open.keys()];
    this.syncing = (async () => {
      try {
        const snap = await ledger.read(day);
        if (this.resync === day) this.resync = null;
        this.setRealized(snap.realized);
        const still = new Set(snap.open.map((p) => p.positionId));
        for (const id of known) {
          if (still.has(id)) continue;
          this.open.delete(id);
          await this.apply(this.manager.onPositionClosed(id));
        }
      } catch (e) {
        this.counters.ledgerErrors += 1;
        this.log(`ledger read for ${day} failed (retried next tick): ${(e as Error).message}`);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  private setRealized(days: Readonly<Record<string, string>>): void {
    for (const [day, v] of Object.entries(days)) {
      const parsed = DecimalString.safeParse(v);
      if (parsed.success) this.realized.set(day, dec(parsed.data));
      else this.log(`portfolio/${day}: realizedPnl ${JSON.stringify(v)} is not a decimal; ignored`);
    }
    let total = dec(0);
    for (const v of this.realized.values()) total = total.plus(v);
    this.realizedTotal = total;
  }
}

/** The fields whose change is a decision the console and the entry gate must see promptly. */
function decisionKey(s: RiskState): string {
  return JSON.stringify([s.entries, s.breaker, s.drawdown.level, s.drawdown.day, s.health.band, s.positions, s.leaders.map((l) => l.dumpActive)]);
}

function utcDayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Before the first batch of a symbol: ccxt perps carry a settle currency (`BASE/QUOTE:SETTLE`). */
function guessMarketType(symbol: string): MarketType {
  return symbol.includes(':') ? MarketType.Perp : MarketType.Spot;
}

/** The bus schema takes finite numbers only (JSON has no NaN/∞). */
function finite(v: Readonly<Record<string, number | string | null>>): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'number' && !Number.isFinite(x) ? null : x;
  return out;
}

function describeValues(v: Readonly<Record<string, number | string | null>>): string {
  const parts = Object.entries(v).map(([k, x]) => `${k}=${typeof x === 'number' ? Number(x.toPrecision(6)) : String(x)}`);
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

const defaultSchedule = (fn: () => void, ms: number): (() => void) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

// ── Firestore adapters ───────────────────────────────────────────────────────────────────────

export function firestoreStateWriter(db: Firestore): (s: RiskState) => Promise<void> {
  return async (s) => {
    await db.doc(RISK_STATE_DOC).set(RiskStateSchema.parse(s));
  };
}

export function firestoreStateReader(db: Firestore, log: (line: string) => void = (l) => console.warn(`analytics/risk: ${l}`)): () => Promise<RiskState | null> {
  return async () => {
    const snap = await db.doc(RISK_STATE_DOC).get();
    if (!snap.exists) return null;
    const parsed = RiskStateSchema.safeParse(snap.data());
    if (!parsed.success) {
      log(`${RISK_STATE_DOC} does not match RiskStateSchema, not restored: ${parsed.error.message}`);
      return null;
    }
    return parsed.data;
  };
}

/**
 * `portfolio/{day}` (realized P&L, written by every paper close) and `active_positions`, read in one
 * read-only transaction: a close commits both together, so the snapshot never counts a loss twice
 * (realized and still open) nor not at all.
 */
export function firestoreLedger(db: Firestore, log: (line: string) => void = (l) => console.warn(`analytics/risk: ${l}`)): LedgerPort {
  return {
    read: (day) =>
      db.runTransaction(
        async (tx) => {
          const realized: Record<string, string> = {};
          if (day === null) {
            for (const d of (await tx.get(db.collection('portfolio'))).docs) {
              const v: unknown = d.get('realizedPnl');
              if (typeof v === 'string') realized[d.id] = v;
            }
          } else {
            const d = await tx.get(db.collection('portfolio').doc(day));
            const v: unknown = d.get('realizedPnl');
            realized[day] = d.exists && typeof v === 'string' ? v : '0';
          }
          const open: RiskPositionInput[] = [];
          for (const d of (await tx.get(db.collection('active_positions'))).docs) {
            const mt: unknown = d.get('market.marketType');
            const parsed = RiskPositionSchema.safeParse({
              positionId: d.id,
              symbol: d.get('symbol'),
              marketType: typeof mt === 'string' ? mt : MarketType.Spot,
              strategy: RiskStrategy.OrderflowScalp,
              side: d.get('side'),
              entryPrice: d.get('entryPrice'),
              amount: d.get('amount'),
              openedAt: d.get('openedAt'),
            });
            if (parsed.success) open.push(parsed.data);
            else log(`active_positions/${d.id} not understood, left out of equity: ${parsed.error.message}`);
          }
          return { realized, open };
        },
        { readOnly: true },
      ),
  };
}

export interface StartRiskOptions {
  readonly db: Firestore;
  readonly bus: { publish: RiskPublish };
  readonly monitor: Pick<PositionMonitor, 'tighten' | 'forget'>;
  /** The replay barrier, when replaying: risk then runs on tape time and its exits settle like the monitor's. */
  readonly settle: ((m: Outgoing) => Promise<unknown>) | null;
  readonly startingEquity: string;
  readonly config?: PortfolioRiskConfigInput;
}

/**
 * The analytics service's wiring: Firestore and the bus as ports, wall time live and tape time in
 * replays. `CASCADE_PORTFOLIO_RISK` may hold a JSON PortfolioRiskConfig (e.g. `{"enabled":false}`);
 * an invalid one stops the service at start rather than running with a guess.
 */
export async function startRiskService(o: StartRiskOptions): Promise<RiskService> {
  const log = (l: string) => console.log(`analytics/risk: ${l}`);
  const env = process.env.CASCADE_PORTFOLIO_RISK;
  const config = o.config ?? (env ? PortfolioRiskConfigSchema.parse(JSON.parse(env)) : undefined);
  const settle = o.settle;
  const svc = new RiskService(
    {
      publish: async (topic, m) => {
        await o.bus.publish(topic, m);
        if (settle && m.type === 'exit.requested') await settle(m);
      },
      writeState: firestoreStateWriter(o.db),
      readState: firestoreStateReader(o.db, log),
      ledger: firestoreLedger(o.db, log),
      clock: { now: () => Date.now() },
      log,
    },
    { startingEquity: o.startingEquity, time: settle ? RiskTime.Tape : RiskTime.Wall, monitor: o.monitor, ...(config ? { config } : {}) },
  );
  await svc.begin();
  return svc;
}
