// Slightly over 300 lines on purpose: the per-trade update of every order-flow window, CVD, large-trade and
// exhaustion reading shares one trade buffer and one pass; the windows themselves live in rolling-flow.ts.
import type { Trade } from '../../model/trade.js';
import { type Candle, type Timeframe, timeframeMs } from '../candle.js';
import { CandleBuilder } from '../candle-builder.js';
import { TradeWindow } from '../trade-window.js';
import { type OrderFlowConfig, type OrderFlowConfigInput, OrderFlowConfigSchema } from './order-flow-config.js';
import {
  type CvdReading,
  type ExhaustionReading,
  type ExhaustionSide,
  type FlowReading,
  type FlowWindowRole,
  type LargeTradeReading,
  type OrderFlowSnapshot,
  CvdDirection,
  allFlowWindowRoles,
} from './order-flow-snapshot.js';
import { type FlowSums, RollingFlow, emptyFlowSums } from './rolling-flow.js';
import { TradeFlagBit, TradeFlagRing } from './trade-flag-ring.js';
import { type VolumeSpikeReading, VolumeSpikeTracker } from './volume-spike.js';

/** Bits of `OrderFlowState.onTrade`'s result: what this trade was, and which candles it closed. */
export const OrderFlowEvent = {
  /** The trade is large: > multiple × the average size of the window before it. */
  LargeTrade: 1,
  Closed1m: 2,
  Closed5m: 4,
  Closed15m: 8,
} as const;

/** Hoisted: a bundler may turn an imported object's property into a getter call on every read. */
const LARGE_BIT = TradeFlagBit.Large;
const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];
// Slots of OrderFlowState.times.
const FIRST_TS = 0;
const LAST_TS = 1;
const OPEN_UNTIL = 2;
/** OrderFlowEvent's closed bit of each of TIMEFRAMES, by index. */
const CLOSED_BITS: readonly number[] = [OrderFlowEvent.Closed1m, OrderFlowEvent.Closed5m, OrderFlowEvent.Closed15m];
const MINUTE = 60_000;

export interface OrderFlowStateOptions {
  /**
   * A trade buffer to share with other readers (price stats, volume profile). It must be empty, and
   * OrderFlowState is its only writer: it pushes every trade itself, after evicting its own windows
   * (see RollingFlow). Its horizon must cover the longest window (15 min by default).
   */
  window?: TradeWindow;
  /** Closed candles kept per timeframe; defaults are what SymbolAnalytics kept (1m 120, 5m 48, 15m 96). */
  candleKeep?: Partial<Record<Timeframe, number>>;
}

/**
 * Every order-flow measure of one symbol (§2.2.2 Order Flow Analyzer, §2.3.3 cascade, §2.6.1 exit
 * window, §2.3.4 volume spike), updated once per trade: O(1) amortised, no allocation per trade.
 *
 * Trailing windows hold trades with ts in (now − window, now]; "now" is the last trade's time, or a
 * later clock time passed to a reading. The measures, precisely:
 * - Imbalance per window (exit 15 s, primary 30 s, and the cascade's 1m/5m/15m as trailing windows):
 *   buy / sell aggressor volume, null when nothing was sold; `sufficient` when ≥ minTrades (5) trades.
 * - CVD: Σ buy − Σ sell volume over the last 15 min; slope: that net delta over the last minute, per minute.
 * - Large trade: amount > multiple (10) × the mean size of the trades already in the average window
 *   (5 min) when it arrives — itself excluded, so one block trade is judged against the market before
 *   it — and only once that window holds ≥ minSample (5) trades. The flag is fixed on arrival; large
 *   trades are counted per side while they stay in the count window (5 min).
 * - Exhaustion, per side and in total: V_E = aggressor volume over the short window E (30 s);
 *   baseline = V_B · E / B, the average volume per E-long slice over the baseline window B (5 min, which
 *   includes the current slice, as "5-min average" reads). ratio = V_E / baseline; exhausted when
 *   ratio < maxRatio (0.5). Null until trades have been seen for B (a partial baseline understates it).
 * - Volume spike per timeframe: the current candle's volume / mean volume of the previous 20 periods
 *   (empty periods count as 0); spike when > 1.5.
 */
export class OrderFlowState {
  readonly config: OrderFlowConfig;
  readonly window: TradeWindow;
  readonly candles: Readonly<Record<Timeframe, CandleBuilder>>;
  private readonly flags = new TradeFlagRing();
  /** Each distinct window length once: roles that share a length share a cursor. */
  private readonly cursors: RollingFlow[] = [];
  private readonly longest: RollingFlow;
  private readonly byRole: Readonly<Record<FlowWindowRole, RollingFlow>>;
  private readonly cvdFlow: RollingFlow;
  private readonly slopeFlow: RollingFlow;
  private readonly largeAvgFlow: RollingFlow;
  private readonly largeCountFlow: RollingFlow;
  private readonly shortFlow: RollingFlow;
  private readonly baselineFlow: RollingFlow;
  private readonly spikes: Readonly<Record<Timeframe, VolumeSpikeTracker>>;
  /**
   * The builders and spike trackers of TIMEFRAMES by index: the per-trade loop indexes an array
   * rather than looking each up by its timeframe's name.
   */
  private readonly builderList: readonly CandleBuilder[];
  private readonly spikeList: readonly VolumeSpikeTracker[];
  /**
   * The per-trade times, in one Float64Array rather than three double fields: a double field is a
   * pointer to its own heap number, so reading one is two loads, often two cache misses with 100
   * symbols' state between two trades of one symbol. [FIRST_TS] and [LAST_TS]: the first and last
   * trade's time (NaN before any). [OPEN_UNTIL]: the earliest end of the builders' open candles (−∞
   * until they all have one); a trade before it closes no candle (trades come in time order, so it is
   * not before any open candle either), and the builders fold it in without reading their bounds.
   */
  private readonly times = new Float64Array([Number.NaN, Number.NaN, Number.NEGATIVE_INFINITY]);
  private readonly scratchA: FlowSums = emptyFlowSums();
  private readonly scratchB: FlowSums = emptyFlowSums();
  private seen = 0;
  private lastLarge = false;

  constructor(config: OrderFlowConfigInput = {}, options: OrderFlowStateOptions = {}) {
    const cfg = OrderFlowConfigSchema.parse(config);
    this.config = cfg;
    const lengths = [
      cfg.imbalance.exitWindowMs,
      cfg.imbalance.windowMs,
      ...TIMEFRAMES.map((tf) => timeframeMs[tf]),
      cfg.cvd.windowMs,
      cfg.cvd.slopeWindowMs,
      cfg.largeTrade.averageWindowMs,
      cfg.largeTrade.countWindowMs,
      cfg.exhaustion.windowMs,
      cfg.exhaustion.baselineWindowMs,
    ];
    const horizon = Math.max(...lengths);
    if (options.window !== undefined) {
      if (options.window.appended !== 0) throw new Error('OrderFlowState needs an empty trade buffer: it must see every trade it counts');
      if (options.window.horizonMs < horizon) throw new Error(`trade buffer horizon ${options.window.horizonMs} ms is shorter than the longest order-flow window ${horizon} ms`);
    }
    this.window = options.window ?? new TradeWindow(horizon);
    const cursorFor = (ms: number): RollingFlow => {
      let c = this.cursors.find((x) => x.windowMs === ms);
      if (c === undefined) {
        c = new RollingFlow(this.window, ms, this.flags, cfg.rebuildEvery);
        this.cursors.push(c);
      }
      return c;
    };
    this.byRole = {
      exit: cursorFor(cfg.imbalance.exitWindowMs),
      primary: cursorFor(cfg.imbalance.windowMs),
      '1m': cursorFor(timeframeMs['1m']),
      '5m': cursorFor(timeframeMs['5m']),
      '15m': cursorFor(timeframeMs['15m']),
    };
    this.cvdFlow = cursorFor(cfg.cvd.windowMs);
    this.slopeFlow = cursorFor(cfg.cvd.slopeWindowMs);
    this.largeAvgFlow = cursorFor(cfg.largeTrade.averageWindowMs);
    this.largeCountFlow = cursorFor(cfg.largeTrade.countWindowMs);
    this.shortFlow = cursorFor(cfg.exhaustion.windowMs);
    this.baselineFlow = cursorFor(cfg.exhaustion.baselineWindowMs);
    this.longest = cursorFor(horizon);
    const keep = { '1m': 120, '5m': 48, '15m': 96, ...options.candleKeep };
    this.candles = { '1m': new CandleBuilder('1m', keep['1m']), '5m': new CandleBuilder('5m', keep['5m']), '15m': new CandleBuilder('15m', keep['15m']) };
    const { periods, minRatio } = cfg.volumeSpike;
    this.spikes = { '1m': new VolumeSpikeTracker('1m', periods, minRatio), '5m': new VolumeSpikeTracker('5m', periods, minRatio), '15m': new VolumeSpikeTracker('15m', periods, minRatio) };
    this.builderList = TIMEFRAMES.map((tf) => this.candles[tf]);
    this.spikeList = TIMEFRAMES.map((tf) => this.spikes[tf]);
  }

  /**
   * Fold one trade in (trades in time order, as TradeValidator passes them). Returns OrderFlowEvent
   * bits: whether it is a large trade, and which timeframes' candles it closed (read them from
   * `candles[tf].history`).
   */
  onTrade(t: Trade): number {
    const times = this.times;
    if (t.ts < (times[LAST_TS] as number)) throw new Error(`order flow: trade ${t.id} at ${t.ts} is before the last trade (${times[LAST_TS]}); trades must be in time order`);
    const w = this.window;
    if (w.appended !== this.seen) throw new Error('order flow: the shared trade buffer was pushed to by someone else; OrderFlowState must be its only writer');
    const cursors = this.cursors;
    // The trade, not t.ts, goes to each window: a double argument is boxed per call (see advanceTo).
    for (let k = 0; k < cursors.length; k++) (cursors[k] as RollingFlow).advanceTo(t);
    // The average window now holds the trades before this one in (t − window, t].
    const avg = this.largeAvgFlow;
    const large = avg.trades >= this.config.largeTrade.minSample && avg.exceeds(t, this.config.largeTrade);
    const seq = w.appended;
    this.flags.reserve(this.longest.oldestSeq, seq);
    this.flags.set(seq, large ? LARGE_BIT : 0);
    w.push(t);
    for (let k = 0; k < cursors.length; k++) (cursors[k] as RollingFlow).include();
    this.seen += 1;
    if (Number.isNaN(times[FIRST_TS] as number)) times[FIRST_TS] = t.ts;
    times[LAST_TS] = t.ts;
    this.lastLarge = large;
    let events: number = large ? OrderFlowEvent.LargeTrade : 0;
    const builders = this.builderList;
    if (t.ts < (times[OPEN_UNTIL] as number)) {
      for (let k = 0; k < builders.length; k++) (builders[k] as CandleBuilder).addToOpen(t);
      return events;
    }
    let until = Number.POSITIVE_INFINITY;
    for (let k = 0; k < builders.length; k++) {
      const b = builders[k] as CandleBuilder;
      const closed = b.update(t);
      if (closed !== null) {
        (this.spikeList[k] as VolumeSpikeTracker).onClose(closed);
        events |= CLOSED_BITS[k] as number;
      }
      if (b.openEnd < until) until = b.openEnd;
    }
    times[OPEN_UNTIL] = until;
    return events;
  }

  /**
   * Closed candles from before the first trade (a --warmup file, fetchOHLCV) into the volume-spike
   * averages, so §2.3.4's "volume / 20-period average" reads from the first minute of a warmed-up tape
   * instead of after 20 of its own candles. Only before any trade: the averages must stay in time order.
   */
  warmUpVolume(history: Partial<Record<Timeframe, readonly Candle[]>>): void {
    if (this.seen !== 0) throw new Error('order flow: volume warm-up must come before the first trade');
    for (const tf of TIMEFRAMES) {
      for (const c of history[tf] ?? []) {
        // A second warm-up call may overlap the first: only candles after those already fed count.
        if (c.openTime <= this.warmedTo[tf]) continue;
        this.spikes[tf].onClose(c);
        this.warmedTo[tf] = c.openTime;
      }
    }
  }

  private readonly warmedTo: Record<Timeframe, number> = { '1m': Number.NEGATIVE_INFINITY, '5m': Number.NEGATIVE_INFINITY, '15m': Number.NEGATIVE_INFINITY };

  get tradesSeen(): number {
    return this.seen;
  }

  get lastTradeTs(): number | null {
    const last = this.times[LAST_TS] as number;
    return Number.isNaN(last) ? null : last;
  }

  /** Whether the last trade was flagged large. */
  get lastTradeLarge(): boolean {
    return this.lastLarge;
  }

  /** A window's live sums as of the last trade: allocation-free getters for per-trade checks. */
  flow(role: FlowWindowRole): RollingFlow {
    return this.byRole[role];
  }

  /** CVD over the CVD window as of the last trade. */
  get cvd(): number {
    return this.cvdFlow.delta;
  }

  /** Net delta over the slope window per minute, as of the last trade. */
  get cvdSlopePerMinute(): number {
    return this.slopeFlow.delta / (this.slopeFlow.windowMs / MINUTE);
  }

  /** One window at `nowTs` (default: the last trade's time). */
  reading(role: FlowWindowRole, nowTs?: number): FlowReading {
    const c = this.byRole[role];
    const s = c.readAt(this.at(nowTs), this.scratchA);
    const trades = s.buyTrades + s.sellTrades;
    return {
      windowMs: c.windowMs,
      buyVolume: s.buyVolume,
      sellVolume: s.sellVolume,
      trades,
      ratio: s.sellVolume > 0 ? s.buyVolume / s.sellVolume : null,
      buyTrades: s.buyTrades,
      sellTrades: s.sellTrades,
      delta: s.buyVolume - s.sellVolume,
      largeBuyTrades: s.largeBuyTrades,
      largeSellTrades: s.largeSellTrades,
      sufficient: trades >= this.config.imbalance.minTrades,
    };
  }

  cvdReading(nowTs?: number): CvdReading {
    const at = this.at(nowTs);
    const v = this.cvdFlow.readAt(at, this.scratchA);
    const value = v.buyVolume - v.sellVolume;
    const s = this.slopeFlow.readAt(at, this.scratchB);
    const slopePerMinute = (s.buyVolume - s.sellVolume) / (this.slopeFlow.windowMs / MINUTE);
    const direction = slopePerMinute > 0 ? CvdDirection.Up : slopePerMinute < 0 ? CvdDirection.Down : CvdDirection.Flat;
    return { windowMs: this.cvdFlow.windowMs, value, slopeWindowMs: this.slopeFlow.windowMs, slopePerMinute, direction };
  }

  largeTradeReading(nowTs?: number): LargeTradeReading {
    const at = this.at(nowTs);
    const { multiple, minSample } = this.config.largeTrade;
    const a = this.largeAvgFlow.readAt(at, this.scratchA);
    const n = a.buyTrades + a.sellTrades;
    const averageSize = n > 0 ? (a.buyVolume + a.sellVolume) / n : null;
    const threshold = averageSize !== null && n >= minSample ? multiple * averageSize : null;
    const c = this.largeCountFlow.readAt(at, this.scratchB);
    return {
      multiple,
      averageWindowMs: this.largeAvgFlow.windowMs,
      averageSize,
      threshold,
      countWindowMs: this.largeCountFlow.windowMs,
      buy: c.largeBuyTrades,
      sell: c.largeSellTrades,
      lastTradeLarge: this.lastLarge,
    };
  }

  exhaustionReading(nowTs?: number): ExhaustionReading {
    const at = this.at(nowTs);
    const { maxRatio } = this.config.exhaustion;
    const e = this.shortFlow.readAt(at, this.scratchA);
    const b = this.baselineFlow.readAt(at, this.scratchB);
    const E = this.shortFlow.windowMs;
    const B = this.baselineFlow.windowMs;
    const first = this.times[FIRST_TS] as number;
    const warm = !Number.isNaN(first) && at - first >= B;
    const side = (volume: number, baselineVolume: number): ExhaustionSide => {
      const baseline = warm ? (baselineVolume * E) / B : null;
      const ratio = baseline !== null && baseline > 0 ? volume / baseline : null;
      return { volume, baseline, ratio, exhausted: ratio !== null && ratio < maxRatio };
    };
    return {
      windowMs: E,
      baselineWindowMs: B,
      maxRatio,
      warm,
      buy: side(e.buyVolume, b.buyVolume),
      sell: side(e.sellVolume, b.sellVolume),
      total: side(e.buyVolume + e.sellVolume, b.buyVolume + b.sellVolume),
    };
  }

  volumeSpike(timeframe: Timeframe, nowTs?: number): VolumeSpikeReading {
    return this.spikes[timeframe].read(this.candles[timeframe].open, this.at(nowTs));
  }

  /** Every measure at `nowTs` (default: the last trade's time; a clock time may be later, never earlier). */
  snapshot(nowTs?: number): OrderFlowSnapshot {
    const at = this.at(nowTs);
    const imbalance = {} as Record<FlowWindowRole, FlowReading>;
    for (const role of allFlowWindowRoles) imbalance[role] = this.reading(role, at);
    return {
      at,
      lastTradeTs: this.lastTradeTs,
      tradesSeen: this.seen,
      imbalance,
      cvd: this.cvdReading(at),
      largeTrades: this.largeTradeReading(at),
      exhaustion: this.exhaustionReading(at),
      volumeSpike: { '1m': this.volumeSpike('1m', at), '5m': this.volumeSpike('5m', at), '15m': this.volumeSpike('15m', at) },
    };
  }

  private at(nowTs: number | undefined): number {
    const last = this.times[LAST_TS] as number;
    if (Number.isNaN(last)) return nowTs ?? 0;
    return nowTs === undefined ? last : Math.max(nowTs, last);
  }
}
