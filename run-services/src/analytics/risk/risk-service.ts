import {
  CandleBuilder,
  type ClosePositionAction,
  DecimalString,
  type Dec,
  MarketType,
  type MessageOf,
  PortfolioRiskManager,
  type RiskAction,
  type RiskEvent,
  type RiskPositionInput,
  RiskPositionSchema,
  type RiskState,
  RiskStrategy,
  type Topic,
  type Trade,
  TradeValidator,
  type TradesReceived,
  dec,
  toRiskPosition,
} from '@cascade/core';
import { BatchSequence } from '../batch-sequence.js';
import { AppliedIds } from './applied-ids.js';
import { RiskExitRequests } from './exit-requests.js';
import { RiskLedger } from './risk-ledger.js';
import { type RiskCounters, type RiskServiceOptions, type RiskServicePorts, newRiskCounters } from './risk-ports.js';
import { RISK_STATE_DOC, RiskStateWrites } from './risk-state-store.js';
import { RiskTimers, defaultSchedule } from './risk-timers.js';

interface MarketFeed {
  /** Null while the engine's verdicts are passed in (`onBatch(msg, accepted)`): 10 000 ids a symbol are ~0.4 MB. */
  validator: TradeValidator | null;
  readonly candles: CandleBuilder;
  readonly batches: BatchSequence;
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
 * The parts: `RiskLedger` (positions and paper equity), `RiskTimers` (risk time and ticks),
 * `RiskExitRequests` (what goes on the bus), `RiskStateWrites` (the throttled `risk_state/current`).
 * The ledger port is read on every position.closed, so a redelivered close changes nothing.
 */
/** Opens and closes remembered for `openApplied` / `closeApplied`: a replay asks right after its entry or exit, so a few suffice. */
const APPLIED_KEPT = 256;

export class RiskService {
  readonly manager: PortfolioRiskManager;
  readonly counters: RiskCounters = newRiskCounters();
  private readonly feeds = new Map<string, MarketFeed>();
  /** One venue per symbol: the manager keys everything by symbol. */
  private readonly venueOf = new Map<string, string>();
  private readonly typeOf = new Map<string, MarketType>();
  private readonly ledger: RiskLedger;
  private readonly timers: RiskTimers;
  private readonly exits: RiskExitRequests;
  private readonly writes: RiskStateWrites;
  /** Replays: the positions whose open / close this service applied, and who waits for one. */
  private readonly opensApplied = new AppliedIds(APPLIED_KEPT);
  private readonly closesApplied = new AppliedIds(APPLIED_KEPT);
  private ledgerLoaded: boolean;
  private resync: string | null = null;
  private syncing: Promise<void> | null = null;
  private ticking = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly log: (line: string) => void;

  constructor(
    private readonly ports: RiskServicePorts,
    private readonly opts: RiskServiceOptions,
  ) {
    this.log = ports.log ?? ((l) => console.log(`analytics/risk: ${l}`));
    this.timers = new RiskTimers(opts.time, ports.clock, opts.tickMs ?? 1_000);
    this.manager = new PortfolioRiskManager(this.timers.riskClock, opts.config ?? {});
    this.ledger = new RiskLedger(dec(DecimalString.parse(opts.startingEquity)), this.log);
    this.ledgerLoaded = ports.ledger === undefined;
    this.exits = new RiskExitRequests({ publish: ports.publish, clock: ports.clock, log: this.log }, this.ledger, this.counters);
    this.writes = new RiskStateWrites(
      { state: () => this.manager.state(this.now()), write: ports.writeState, clock: ports.clock, schedule: ports.schedule ?? defaultSchedule, counters: this.counters, log: this.log },
      opts.minWriteIntervalMs ?? 1_000,
      opts.refreshMs ?? 10_000,
    );
  }

  /** Risk time: the wall clock live, the newest trade's time in replays. */
  now(): number {
    return this.timers.now();
  }

  /** Restore the stored state (live only), load the ledger, and start the 1-s tick when live. */
  async begin(): Promise<void> {
    if (!this.timers.onTape && this.ports.readState) {
      try {
        const s = await this.ports.readState();
        if (s) {
          this.manager.restore(s);
          this.writes.restored(s);
          this.log(`restored ${RISK_STATE_DOC}: drawdown ${s.drawdown.level}, entries ${s.entries.blocked ? `blocked (${s.entries.reasons.join(', ')})` : 'open'}`);
        }
      } catch (e) {
        this.log(`could not read ${RISK_STATE_DOC}, starting fresh: ${(e as Error).message}`);
      }
    }
    await this.loadLedger();
    if (this.opts.autoTick !== false) {
      this.timers.start(() => void this.tick());
      // The heartbeat of risk_state/current in wall time, whatever risk time is: a replay between
      // trades has no ticks, and the entry gate refuses a state nobody refreshes (issue 11 #2).
      await this.writes.maybeWrite(false);
      this.heartbeat = setInterval(() => void this.writes.maybeWrite(false), this.opts.refreshMs ?? 10_000);
      this.heartbeat.unref?.();
    }
  }

  async end(): Promise<void> {
    this.timers.stop();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.writes.end();
  }

  /**
   * A market.trades batch, after the engine has had it (same dedupe: batch sequence, then trade id).
   * `accepted`: the trades the engine's validator kept from this batch (the analytics service passes
   * them), so the same ids are not remembered twice per symbol; without it risk validates itself.
   */
  async onBatch(msg: TradesReceived, accepted?: readonly Trade[]): Promise<void> {
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
      feed = { validator: null, candles: new CandleBuilder('1m', 0), batches: new BatchSequence() };
      this.feeds.set(sym, feed);
    }
    if (feed.batches.accept(p.seq, p.epoch).duplicate) return;
    if (accepted === undefined) feed.validator ??= new TradeValidator();
    for (const t of accepted ?? p.trades) {
      if (accepted === undefined && feed.validator?.accept(t) !== null) continue;
      await this.timers.beforeTrade(t.ts, (boundary) => this.tick(boundary));
      this.ledger.markTrade(sym, t);
      const closed = feed.candles.update(t);
      if (closed) await this.apply(this.manager.onCandle(sym, closed));
      const a = this.manager.onTrade(sym, t);
      if (a.length > 0) await this.apply(a);
    }
    if (this.opts.settleWrites) await this.writes.flush();
  }

  /**
   * Replays: resolves true once this service has applied the `position.closed` of `positionId` (and,
   * with `settleWrites`, written what it changed), false after `timeoutMs` without it.
   */
  closeApplied(positionId: string, timeoutMs: number): Promise<boolean> {
    return this.closesApplied.wait(positionId, timeoutMs);
  }

  /**
   * Replays: resolves true once this service tracks `positionId` from its `position.opened` (and, with
   * `settleWrites`, has written what that changed), false after `timeoutMs` without it. Why: risk
   * learns of a position a pull hop after the fill, so without this wait the trades it judges the
   * position on (dump detection closes it) began wherever the replay had got to by then, and the same
   * tape ended differently run to run.
   */
  openApplied(positionId: string, timeoutMs: number): Promise<boolean> {
    return this.opensApplied.wait(positionId, timeoutMs);
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
      if (!this.ports.ledger) this.ledger.remove(p.positionId);
      else {
        // The position leaves the equity with the ledger snapshot that holds its realized P&L.
        this.resync = utcDayOf(p.closedAt);
        await this.syncLedger();
      }
      if (this.ledgerLoaded) await this.apply(this.manager.onEquity(this.equity().toFixed(), this.now()));
      if (this.opts.settleWrites) await this.writes.flush();
      else await this.writes.maybeWrite(false);
      this.closesApplied.mark(p.positionId);
      return;
    } else return;
    if (this.opts.settleWrites) await this.writes.flush();
    else await this.writes.maybeWrite(false);
    this.opensApplied.mark(e.payload.positionId);
  }

  /** One risk second: equity, the manager's timed checks, retries, and the state write if due. */
  async tick(now: number = this.now()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      this.timers.ticked(now);
      if (!this.ledgerLoaded) await this.loadLedger();
      else if (this.resync !== null) await this.syncLedger();
      if (this.ledgerLoaded) await this.apply(this.manager.onEquity(this.equity().toFixed(), now), now);
      await this.apply(this.manager.tick(now), now);
      await this.writes.maybeWrite(false);
    } catch (e) {
      this.log(`tick failed: ${(e as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Paper equity now: starting + realized (all days) + unrealized of open positions at their last trade. */
  equity(): Dec {
    return this.ledger.equity();
  }

  state(): RiskState {
    return this.manager.state(this.now());
  }

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
          if (!(await this.exits.requestExit(a, now))) break;
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
          await this.exits.notify(a, now);
          break;
      }
    }
    for (const [event, closes] of forced) await this.exits.notifyForced(event, closes, now);
    if (changed) await this.writes.maybeWrite(true);
  }

  // ── positions and the ledger port ──────────────────────────────────────────────────────────

  private async track(input: RiskPositionInput): Promise<void> {
    const parsed = RiskPositionSchema.safeParse(input);
    if (!parsed.success) {
      this.log(`ignoring position ${input.positionId}: ${parsed.error.message}`);
      return;
    }
    this.ledger.add(toRiskPosition(parsed.data));
    await this.apply(this.manager.onPositionOpened(parsed.data));
  }

  private async loadLedger(): Promise<void> {
    const port = this.ports.ledger;
    if (!port || this.ledgerLoaded) return;
    try {
      const snap = await port.read(null);
      this.ledger.setRealized(snap.realized);
      this.ledgerLoaded = true;
      for (const p of snap.open) await this.track(p);
      this.log(`ledger: equity ${this.equity().toFixed()} (${this.ledger.openCount} open positions)`);
    } catch (e) {
      this.counters.ledgerErrors += 1;
      this.log(`ledger not readable yet (no equity reading until it is): ${(e as Error).message}`);
    }
  }

  /** Re-read the day of the last close; positions the ledger no longer holds leave the equity with it. */
  private async syncLedger(): Promise<void> {
    const port = this.ports.ledger;
    const day = this.resync;
    if (!port || day === null || !this.ledgerLoaded) return;
    if (this.syncing) return this.syncing;
    const known = this.ledger.openIds();
    this.syncing = (async () => {
      try {
        const snap = await port.read(day);
        if (this.resync === day) this.resync = null;
        this.ledger.setRealized(snap.realized);
        const still = new Set(snap.open.map((p) => p.positionId));
        for (const id of known) {
          if (still.has(id)) continue;
          this.ledger.remove(id);
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
}

function utcDayOf(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Before the first batch of a symbol: ccxt perps carry a settle currency (`BASE/QUOTE:SETTLE`). */
function guessMarketType(symbol: string): MarketType {
  return symbol.includes(':') ? MarketType.Perp : MarketType.Spot;
}
