// Over 300 lines on purpose: this is the per-trade hot path of one symbol (every measure updated, then the
// four levels judged on the same trade), kept in one class so each trade runs straight through without
// hopping objects; the measures and levels it calls each live in their own folders.
import type { StrategyConfig } from '../config/strategy-config.js';
import type { MarketSpec } from '../model/market.js';
import type { Trade } from '../model/trade.js';
import type { ValueOf } from '../util/value-of.js';
import type { Candle, Timeframe } from './candle.js';
import { type FlowSnapshot, ratioValue } from './flow-window.js';
import { lag1Autocorrelation, priceStats } from './price-stats.js';
import { TradeWindow } from './trade-window.js';
import { OrderFlowEvent, OrderFlowState } from './order-flow/order-flow-state.js';
import { type FlowReading, toFlowSnapshot } from './order-flow/order-flow-snapshot.js';
import { MarketProfile } from './profile/market-profile.js';
import { Reach, ZoneTracker } from './zones/zone-tracker.js';
import { zoneStrength } from './zones/zone-strength.js';
import { type BounceReading, bounceOff } from './zones/bounce.js';
import { ZoneType, type SupplyDemandZone } from './zones/zone.js';
import { FvgTracker } from './fvg/fvg-tracker.js';
import { FvgType, type FairValueGap } from './fvg/fair-value-gap.js';
import { RegimeDetector, type RegimeResult } from './regime/regime-detector.js';
import { RegimeVerdict } from './regime/regime-judge.js';
import { regimeRetention } from './regime/retention.js';
import { Level, type LevelResult } from '../decision/levels/level.js';
import { LevelFunnel, type FunnelRow } from '../decision/levels/level-funnel.js';
import { LevelRun } from '../decision/levels/level-run.js';
import type { ZoneHit } from '../decision/levels/zone-hit.js';
import { type RegimeStopReading, regimeStopOf } from '../decision/levels/regime-stop.js';
import { BounceStop, CascadeStop, type ZoneStop } from '../decision/levels/stop-reasons.js';
import { zoneStopOf } from '../decision/levels/zone-stop.js';

const MIN = 60_000;
/** 15 min is the longest window (§1.5); one extra minute so no window shares the buffer's edge. */
const HORIZON_MS = 16 * MIN;
/** Autocorrelation of 1m returns over the last 10 candles (§2.2.2 filter). */
const AUTOCORR_CANDLES = 10;
/** How far an FVG may sit in the trade's direction to count as its target (§2.2.2 "FVG in trade direction"). */
const FVG_TARGET_RANGE = 0.02;

export interface SetupLevel {
  readonly level: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface SetupCandidate {
  readonly side: 'long' | 'short';
  readonly trigger: { tradeId: string; ts: number; price: number };
  readonly flow: { w30s: FlowSnapshot; w1m: FlowSnapshot; w5m: FlowSnapshot; w15m: FlowSnapshot };
  readonly context: {
    price: number;
    mean15m: number | null;
    std15m: number | null;
    autocorr1m: number | null;
    profile: { poc: number; valueAreaHigh: number; valueAreaLow: number } | null;
    regime: { verdict: string; reason: string; adx: number | null; persistence: number | null; meanReversion: number | null } | null;
    zone: ZoneHit | null;
    targetZone: ZoneHit | null;
    fvg: ZoneHit | null;
    bounce: { rejection: number; volumeSpike: number | null; movingAway: boolean } | null;
  };
  readonly levels: readonly SetupLevel[];
}

export interface TradeOutcome {
  readonly setup: SetupCandidate | null;
  readonly closedCandles: readonly Candle[];
}

const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];
// Slots of SymbolAnalytics.times.
const LAST_TS = 0;
const LAST_SETUP_TS = 1;
const VA_TS = 2;
const VA_TRADES = 3;
const VA_HAS = 4;
const VA_LOW = 5;
const VA_HIGH = 6;
/** What Level 2 found on a trade. */
const HitKind = { None: 0, Zone: 1, Gap: 2, ValueArea: 3 } as const;
type HitKind = ValueOf<typeof HitKind>;
const closedBit: Readonly<Record<Timeframe, number>> = { '1m': OrderFlowEvent.Closed1m, '5m': OrderFlowEvent.Closed5m, '15m': OrderFlowEvent.Closed15m };

/**
 * Per-symbol rolling state and the four short-circuit levels of §2.3, one update per trade:
 * order flow (OrderFlowState), market profile, supply/demand zones and fair value gaps on 15m,
 * regime on closed 15m/1m candles. Each trade runs the levels until one stops it (counted in the
 * funnel); when all four pass, a setup goes to `decide` (at most one per cooldown).
 */
export class SymbolAnalytics {
  readonly window = new TradeWindow(HORIZON_MS);
  readonly flow: OrderFlowState;
  readonly profile: MarketProfile;
  readonly zones: ZoneTracker;
  readonly fvgs: FvgTracker;
  readonly regime: RegimeDetector;
  private regimeNow: RegimeResult;
  /**
   * A candle moved the regime since `regimeNow` was built: it is rebuilt when read (`regimeFresh`: a
   * setup, `regimeResult`), not per candle (issue 14: a 1m candle changes neither the verdict, the checks
   * nor the reason, and Level 1 reads a 15m verdict from the detector's verdict and failed names).
   */
  private regimeStale = false;
  private readonly levelFunnel = new LevelFunnel();
  /** Levels 2–4 counted in runs of the same outcome (see LevelRun); Level 1 in `pendingRegime`. */
  private readonly zoneRun = new LevelRun(this.levelFunnel, Level.Zone);
  private readonly cascadeRun = new LevelRun(this.levelFunnel, Level.Cascade);
  private readonly bounceRun = new LevelRun(this.levelFunnel, Level.Bounce);
  /** Why Level 1 stops on the detector's verdict (null while it passes): worked out per 15m candle, not per trade. */
  private regimeStopNow: RegimeStopReading | null = null;
  /**
   * Level 1 evaluations not yet in the funnel, all with the current `regimeStopNow`: Level 1 stops most
   * trades for hours with the same reading, so they are counted here and added when it changes (or the
   * funnel is read), instead of a map lookup and string-keyed counts per trade.
   */
  private pendingRegime = 0;
  /** 15m candles before every regime value exists (`regimeRetention`): fewer is `warmingUp`. */
  private readonly firstVerdict15m: number;
  private warm: RegimeWarmUp = { seeded: null, dropped: 0, firstTradeTs: null, readyTs: null };
  /**
   * Whether `warm` has its first trade and its ready time: checked per trade on this object, which the
   * trade reads anyway, rather than on `warm` (one more cache line per trade with 100 symbols).
   */
  private firstTradeSeen = false;
  private readySeen = false;
  private readonly openCache = { created: -1, broken: -1, evicted: -1, gaps: -1, demand: false, supply: false, bullish: false, bearish: false };
  /**
   * The per-trade doubles, slots named below (LAST_TS …), in one Float64Array rather than fields: a
   * double field is a pointer to its own heap number, two loads and often two cache misses once 100
   * symbols' state has passed through between two trades of one symbol.
   * - LAST_TS: the last trade's time (0 before any); LAST_SETUP_TS: the last setup's (−∞: none).
   * - VA_*: Level 2's value-area edges (low, high), whether the profile had any (1 / 0), and the time
   *   and trade count they were read at. The 15-min profile moves slowly, so the snapshot (a sort of
   *   the bins) is refreshed at most once per tape second, and on a sparse tape only after 8 trades
   *   or 10 s.
   */
  private readonly times = new Float64Array([0, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0, Number.NaN, Number.NaN]);
  /** What Level 2's last search found (`findZone`), built into a ZoneHit only for a setup. */
  private hitKind: HitKind = HitKind.None;
  private hitIndex = -1;
  private hitInside = false;
  private hitCandle: Candle | null = null;
  private hitLong = false;
  private hitEdge = Number.NaN;
  private hitTol = Number.NaN;
  /**
   * Level 2's touch price, handed to the zone and gap searches in this object (rewritten in place, a
   * double field) rather than as an argument: a call not inlined boxes a double argument, per trade.
   */
  private readonly touch = { price: Number.NaN };
  /** Level 3's 1m, 5m and 15m ratios (null as +∞), written by the windows. */
  private readonly cascadeRatios = new Float64Array(3);
  trades = 0;

  constructor(
    readonly market: MarketSpec,
    private cfg: StrategyConfig,
  ) {
    this.flow = new OrderFlowState(
      { imbalance: { windowMs: cfg.orderFlow.windowMs, minTrades: cfg.orderFlow.minTrades } },
      // Closed candles kept: only what is read back, the last 10 1m closes of a setup's context (and
      // the newest of each timeframe, `lastClosed`). The regime, zones, gaps and volume averages keep
      // their own state per closed candle. Keeping ~300 more per symbol (the regime's lookback, which
      // it does not read from here) made each candle survive into the old generation: without them the
      // 100-symbol planted bench runs ~17 % faster (issue 14; decisions.md, "Round 5").
      { window: this.window, candleKeep: { '1m': AUTOCORR_CANDLES, '5m': 1, '15m': 1 } },
    );
    this.profile = new MarketProfile(this.window, market, cfg.profile);
    this.zones = new ZoneTracker(market, cfg.zones);
    this.fvgs = new FvgTracker(market, cfg.fvg);
    this.regime = new RegimeDetector(cfg.regime);
    this.firstVerdict15m = regimeRetention(this.regime.config).firstVerdict15m;
    this.regimeNow = this.regime.evaluate();
    this.regimeStopNow = regimeStopOf(this.regime.currentVerdict, this.regime.candles15m, this.regime.failedChecks, this.firstVerdict15m);
  }

  /** Config edits apply from the next trade; windows already built are kept. */
  setConfig(cfg: StrategyConfig): void {
    this.cfg = cfg;
  }

  /**
   * Closed history (e.g. from fetchOHLCV or a --warmup file) so the regime has its lookback from the
   * first trade; `dropped` = candles of that history left out for ending after the first trade (reported).
   */
  warmUp(history: { readonly '1m'?: readonly Candle[]; readonly '15m'?: readonly Candle[] }, dropped = 0): void {
    this.regime.warmUp(history);
    // Level 4's 1m volume average from the history too (the zones below get their 15m volumes likewise).
    if (this.trades === 0) this.flow.warmUpVolume(history);
    for (const c of history['15m'] ?? []) {
      this.zones.onCandle(c);
      this.fvgs.onCandleQuiet(c);
    }
    const was = this.warm.seeded;
    this.warm = { ...this.warm, seeded: { '1m': (was?.['1m'] ?? 0) + (history['1m']?.length ?? 0), '15m': (was?.['15m'] ?? 0) + (history['15m']?.length ?? 0) }, dropped: this.warm.dropped + dropped };
    this.onVerdict();
  }

  /** How long the regime warmed up on this tape: from the first trade to the first trade Level 1 had every value at. */
  get regimeWarmUp(): RegimeWarmUp & { readonly candlesNeeded15m: number; readonly candles15m: number; readonly lastTradeTs: number } {
    return { ...this.warm, candlesNeeded15m: this.firstVerdict15m, candles15m: this.regimeFresh().values.candles15m, lastTradeTs: this.times[LAST_TS] as number };
  }

  /**
   * A 15m candle was judged (or history fed): Level 1's stop from the detector's verdict and failed
   * check names, and `regimeNow` (texts and all) left to be rebuilt when read (issue 14: building it
   * on every 15m candle was most of that candle's cost, and only a setup or a reader needs it).
   */
  private onVerdict(): void {
    this.regimeStale = true;
    const stop = regimeStopOf(this.regime.currentVerdict, this.regime.candles15m, this.regime.failedChecks, this.firstVerdict15m);
    // The same reading (most 15m candles): its run goes on, counted when it changes (the funnel only adds).
    if (sameStop(stop, this.regimeStopNow)) return;
    this.flushRegime();
    this.regimeStopNow = stop;
  }

  /** Level 1's evaluations since its reading last changed, into the funnel in one go. */
  private flushRegime(): void {
    const n = this.pendingRegime;
    if (n === 0) return;
    this.pendingRegime = 0;
    const stop = this.regimeStopNow;
    if (stop === null) this.levelFunnel.recordMany(Level.Regime, true, undefined, n);
    else {
      this.levelFunnel.recordMany(Level.Regime, false, stop.reason, n);
      if (stop.failed.length > 0) this.levelFunnel.failedMany(Level.Regime, stop.failed, n);
    }
  }

  get funnel(): FunnelRow[] {
    this.flushRegime();
    this.zoneRun.flush();
    this.cascadeRun.flush();
    this.bounceRun.flush();
    return this.levelFunnel.snapshot();
  }

  get regimeResult(): RegimeResult {
    return this.regimeFresh();
  }

  /** `regimeNow`, rebuilt first if a 1m candle has moved its values (see `regimeStale`). */
  private regimeFresh(): RegimeResult {
    if (this.regimeStale) {
      this.regimeNow = this.regime.evaluate();
      this.regimeStale = false;
    }
    return this.regimeNow;
  }

  onTrade(t: Trade): TradeOutcome {
    this.trades += 1;
    this.times[LAST_TS] = t.ts;
    if (!this.firstTradeSeen) {
      this.firstTradeSeen = true;
      this.warm = { ...this.warm, firstTradeTs: t.ts };
    }
    const events = this.flow.onTrade(t);
    // The trade objects, not t.price / t.ts: a call that is not inlined boxes each double argument.
    this.profile.onAppendLast();
    let closed: Candle[] | null = null;
    let regimeChanged = false;
    if (events & (OrderFlowEvent.Closed1m | OrderFlowEvent.Closed5m | OrderFlowEvent.Closed15m)) {
      // A 1m candle closes every few trades of a busy tape: an indexed loop (no iterator) and the list
      // built at its size (an empty array grown by push reserves 16 slots).
      let c0: Candle | null = null;
      let c1: Candle | null = null;
      let c2: Candle | null = null;
      for (let k = 0; k < TIMEFRAMES.length; k++) {
        const tf = TIMEFRAMES[k] as Timeframe;
        if ((events & closedBit[tf]) === 0) continue;
        // The newest closed candle without reading `history` (which would cut it on every close).
        const c = this.flow.candles[tf].lastClosed as Candle;
        if (c0 === null) c0 = c;
        else if (c1 === null) c1 = c;
        else c2 = c;
        // A 15m candle can change the verdict: judged now. A 1m one only moves values nobody reads per trade.
        if (this.regime.update(c)) {
          if (tf === '15m') regimeChanged = true;
          else this.regimeStale = true;
        }
        this.zones.onCandle(c);
        this.fvgs.onCandleQuiet(c);
      }
      closed = c2 !== null ? [c0 as Candle, c1 as Candle, c2] : c1 !== null ? [c0 as Candle, c1] : [c0 as Candle];
    }
    this.zones.onTradeOf(t);
    this.fvgs.onTradeOf(t);
    if (regimeChanged) this.onVerdict();
    if (!this.readySeen && this.regime.candles15m >= this.firstVerdict15m) {
      this.readySeen = true;
      this.warm = { ...this.warm, readyTs: t.ts };
    }
    const setup = this.evaluate(t);
    // Most trades close nothing and set nothing up: one shared, frozen outcome instead of a new object each.
    return setup === null && closed === null ? NOTHING : { setup, closedCandles: closed ?? NO_CANDLES };
  }

  /** Levels 1–4 on this trade, short-circuit; a setup when all pass. Allocates nothing until one does. */
  private evaluate(t: Trade): SetupCandidate | null {
    if (!this.cfg.enabled || t.ts - (this.times[LAST_SETUP_TS] as number) < this.cfg.setupCooldownMs) return null;
    const lv = this.cfg.levels;

    // Level 1: regime on 15m. RANGING stops; a trend allows one side.
    let side: 'long' | 'short';
    if (lv.regimeRequired) {
      const stop = this.regimeStopNow;
      // Counted in a run while the reading stands (see `pendingRegime`).
      this.pendingRegime += 1;
      if (stop !== null) return null;
      side = this.regime.currentVerdict === RegimeVerdict.Uptrend ? 'long' : 'short';
    } else {
      // Research mode: the 30-s flow picks the side.
      side = ratioValue(this.flow.flow('primary').ratio) >= 1 ? 'long' : 'short';
    }
    const long = side === 'long';

    // Level 2: price at a zone of the allowed side (demand/supply, FVG, value-area edge).
    const candle1m = this.flow.candles['1m'].open;
    // The trade, not t.price: a double argument to a call not inlined is boxed (so too below).
    const found = this.findZone(side, t, candle1m);
    if (lv.zone.required) {
      if (!found) {
        this.zoneRun.record(false, this.zoneStop(side, t, candle1m));
        return null;
      }
      this.zoneRun.record(true);
    }

    // Level 3: the cascade, 1m > 5m > 15m imbalance and 1m > 2.0 (mirrored for shorts).
    if (this.cfg.cascade.required) {
      // Into a scratch array, not returned: see RollingFlow.ratioInto.
      const r = this.cascadeRatios;
      this.flow.flow('1m').ratioInto(r, 0);
      this.flow.flow('5m').ratioInto(r, 1);
      this.flow.flow('15m').ratioInto(r, 2);
      const r1 = r[0] as number;
      const r5 = r[1] as number;
      const r15 = r[2] as number;
      const min1 = this.cfg.cascade.min1mRatio;
      // The first failing condition is the reason: the 1m strength, then 1m over 5m, then 5m over 15m.
      const why = long
        ? !(r1 > min1) ? CascadeStop.Weak1m : !(r1 > r5) ? CascadeStop.M1NotAboveM5 : !(r5 > r15) ? CascadeStop.M5NotAboveM15 : null
        : !(r1 < 1 / min1) ? CascadeStop.Weak1m : !(r1 < r5) ? CascadeStop.M1NotAboveM5 : !(r5 < r15) ? CascadeStop.M5NotAboveM15 : null;
      if (why !== null) {
        this.cascadeRun.record(false, why);
        return null;
      }
      this.cascadeRun.record(true);
    }

    // Level 4: the bounce on the 1m candle: rejection, volume spike, price leaving the zone.
    const bounce = this.bounce(side, t.price, candle1m);
    if (lv.bounce.required) {
      const b = lv.bounce;
      const why = !(bounce.rejection > b.minRejection)
        ? BounceStop.WeakRejection
        : bounce.volumeSpike === null
          ? BounceStop.VolumeWarmingUp
          : !(bounce.volumeSpike > b.minVolumeSpike)
            ? BounceStop.LowVolume
            : !bounce.movingAway
              ? BounceStop.NotMovingAway
              : null;
      if (why !== null) {
        this.bounceRun.record(false, why);
        return null;
      }
      this.bounceRun.record(true);
    }

    // All passed: now spell out what each level saw (the zone is built only now, from what Level 2 found).
    const zone = found ? this.zoneHitFound() : null;
    const r = this.regimeFresh();
    const w1m = this.flow.reading('1m');
    const w5m = this.flow.reading('5m');
    const w15m = this.flow.reading('15m');
    const results: LevelResult[] = [
      { level: Level.Regime, passed: true, detail: lv.regimeRequired ? `${r.verdict}: ${r.reason}` : `not required; side from 30-s flow (${fmt(this.flow.flow('primary').ratio)})` },
      { level: Level.Zone, passed: true, detail: zone ? `${zone.kind} ${zone.low}–${zone.high}${zone.strength !== null ? ` strength ${zone.strength.toFixed(1)}` : ''}` : 'not required' },
      { level: Level.Cascade, passed: true, detail: `1m ${fmt(w1m.ratio)} / 5m ${fmt(w5m.ratio)} / 15m ${fmt(w15m.ratio)}` },
      { level: Level.Bounce, passed: true, detail: `rejection ${bounce.rejection.toFixed(2)}, volume ×${bounce.volumeSpike === null ? 'n/a' : bounce.volumeSpike.toFixed(2)}, ${bounce.movingAway ? 'moving away' : 'not moving away'}` },
    ];
    this.times[LAST_SETUP_TS] = t.ts;
    return this.setup(side, t, results, zone, bounce, { w1m, w5m, w15m });
  }

  /**
   * Level 2's search (the 1m candle's touch at a zone of the side, then near one, an open gap, a
   * value-area edge), without building what it finds: that is kept in the `hit*` fields for
   * `zoneHitFound`, which builds it only when a setup fires. Nothing is allocated per trade.
   */
  private findZone(side: 'long' | 'short', t: Trade, candle: Candle | null): boolean {
    const tol = this.cfg.levels.zone.tolerance;
    const long = side === 'long';
    // The 1m candle's extreme on the zone's side is what touched it (a long's dip, a short's spike).
    const touch = candle ? (long ? candle.low : candle.high) : t.price;
    this.touch.price = touch;
    const inside = this.zones.nearestIndexOf(this.touch, long ? ZoneType.Demand : ZoneType.Supply, Reach.Containing);
    const z = inside >= 0 ? inside : this.nearZone(long);
    this.hitCandle = candle;
    if (z >= 0) {
      this.hitKind = HitKind.Zone;
      this.hitIndex = z;
      this.hitInside = inside >= 0;
      return true;
    }
    if (this.cfg.levels.zone.fairValueGaps) {
      const g = this.fvgs.newestGapIndexOf(this.touch, long ? FvgType.Bullish : FvgType.Bearish);
      if (g >= 0) {
        this.hitKind = HitKind.Gap;
        this.hitIndex = g;
        return true;
      }
    }
    if (this.cfg.levels.zone.valueAreaEdges && this.profileAtLast()) {
      const edge = this.times[long ? VA_LOW : VA_HIGH] as number;
      if (Math.abs(touch - edge) <= edge * tol) {
        this.hitKind = HitKind.ValueArea;
        this.hitLong = long;
        this.hitEdge = edge;
        this.hitTol = tol;
        return true;
      }
    }
    this.hitKind = HitKind.None;
    return false;
  }

  /** What the last `findZone` found, as Level 2 reports it. */
  private zoneHitFound(): ZoneHit | null {
    switch (this.hitKind) {
      case HitKind.Zone:
        return this.touchedZoneHit(this.zones.viewAt(this.hitIndex), this.hitInside, this.hitCandle);
      case HitKind.Gap:
        return gapHit(this.fvgs.gapAt(this.hitIndex));
      case HitKind.ValueArea: {
        const edge = this.hitEdge;
        const tol = this.hitTol;
        return { kind: 'value_area', id: this.hitLong ? 'VAL' : 'VAH', low: edge * (1 - tol), high: edge * (1 + tol), strength: null, tests: null };
      }
      default:
        return null;
    }
  }

  /**
   * The zone as it stood before this touch (§2.2.2 #6 "fresh (untested)", §2.3.2 "entry opportunities on
   * retest"): the tracker counts a test the moment a trade enters the zone, so the touch being traded is
   * already one of its tests. It is when the touch printed inside the zone, or the zone's last test fell in
   * this or the previous 1m candle (a touch within tolerance right after a dip into it); otherwise every
   * first retest would read "tested" and a fresh zone could never score.
   */
  private touchedZoneHit(z: SupplyDemandZone, touchInside: boolean, candle: Candle | null): ZoneHit {
    const thisTouch = touchInside || (candle !== null && z.lastTested !== null && z.lastTested >= candle.openTime - MIN);
    if (!thisTouch || z.testCount === 0) return zoneHit(z);
    const before = z.testCount - 1;
    return { ...zoneHit(z), strength: zoneStrength(before, z.volumeRatio, this.zones.config), tests: before };
  }

  /** Why Level 2 found no zone (only worked out when it stops): see `zoneStop` (zone-stop.ts). */
  private zoneStop(side: 'long' | 'short', t: Trade, candle: Candle | null): ZoneStop {
    const long = side === 'long';
    const fvg = this.cfg.levels.zone.fairValueGaps;
    return zoneStopOf(
      // What Level 2 would have found had the regime allowed the other side (its touch, its zones, its value-area edge).
      this.findZone(long ? 'short' : 'long', t, candle),
      // Some zone, then some gap, of the allowed side open.
      long ? this.openSides().demand : this.openSides().supply,
      fvg && (long ? this.openSides().bullish : this.openSides().bearish),
    );
  }

  /**
   * Which kinds of zone and gap are open, recounted only when a set changes (zones created, broken or
   * evicted; the gap tracker's revision): Level 2 can stop on most trades of a trend, and listing 50
   * zones and gaps each time cost more than the level itself.
   */
  private openSides(): { demand: boolean; supply: boolean; bullish: boolean; bearish: boolean } {
    const z = this.zones;
    const c = this.openCache;
    if (c.created !== z.created || c.broken !== z.broken || c.evicted !== z.evicted || c.gaps !== this.fvgs.revision) {
      c.created = z.created;
      c.broken = z.broken;
      c.evicted = z.evicted;
      c.gaps = this.fvgs.revision;
      c.demand = z.hasZoneOf(ZoneType.Demand);
      c.supply = z.hasZoneOf(ZoneType.Supply);
      c.bullish = this.fvgs.hasGapOf(FvgType.Bullish);
      c.bearish = this.fvgs.hasGapOf(FvgType.Bearish);
    }
    return this.openCache;
  }

  /** Refreshes Level 2's value-area edges at the last trade on their rule (see `times`, VA_*); false while the profile has no volume. */
  private profileAtLast(): boolean {
    // The last trade's time, read here: an argument would be a boxed double per trade.
    const c = this.times;
    const ts = c[LAST_TS] as number;
    const age = ts - (c[VA_TS] as number);
    if (age >= 10_000 || (age >= 1_000 && this.trades - (c[VA_TRADES] as number) >= 8)) {
      c[VA_TS] = ts;
      c[VA_TRADES] = this.trades;
      // At the newest trade's time (ts is it), read by the profile from its buffer: no double argument to box.
      const has = this.profile.edgesAtLast();
      c[VA_HAS] = has ? 1 : 0;
      if (has) {
        c[VA_LOW] = this.profile.valueAreaLow;
        c[VA_HIGH] = this.profile.valueAreaHigh;
      }
    }
    return c[VA_HAS] === 1;
  }

  /** A zone within the tolerance of the touch (`touch`; the document's zones are areas, not lines): its index, −1 for none. */
  private nearZone(long: boolean): number {
    const touch = this.touch.price;
    const tol = this.cfg.levels.zone.tolerance;
    const i = this.zones.nearestIndexOf(this.touch, long ? ZoneType.Demand : ZoneType.Supply, long ? Reach.AtOrBelow : Reach.AtOrAbove);
    if (i < 0) return -1;
    const z = this.zones.zoneAt(i);
    const d = long ? touch - z.priceHigh : z.priceLow - touch;
    return d <= touch * tol ? i : -1;
  }

  private bounce(side: 'long' | 'short', price: number, c: Candle | null): BounceReading {
    return bounceOff(side, price, c, this.flow.volumeSpike('1m').ratio);
  }

  private setup(side: 'long' | 'short', t: Trade, levels: LevelResult[], zone: ZoneHit | null, bounce: { rejection: number; volumeSpike: number | null; movingAway: boolean }, w: { w1m: FlowReading; w5m: FlowReading; w15m: FlowReading }): SetupCandidate {
    const long = side === 'long';
    const stats = priceStats(this.window, t.ts, 15 * MIN);
    const closes = this.flow.candles['1m'].history.slice(-AUTOCORR_CANDLES).map((c) => c.close);
    const ac = closes.length >= AUTOCORR_CANDLES ? lag1Autocorrelation(closes) : Number.NaN;
    const p = this.profile.snapshot(t.ts);
    const target = long ? this.zones.nearestSupplyAbove(t.price) : this.zones.nearestDemandBelow(t.price);
    const r = this.regimeFresh();
    return {
      side,
      trigger: { tradeId: t.id, ts: t.ts, price: t.price },
      flow: { w30s: toFlowSnapshot(this.flow.reading('primary')), w1m: toFlowSnapshot(w.w1m), w5m: toFlowSnapshot(w.w5m), w15m: toFlowSnapshot(w.w15m) },
      context: {
        price: t.price,
        mean15m: stats.n > 0 ? stats.mean : null,
        std15m: stats.n > 0 ? stats.std : null,
        autocorr1m: Number.isFinite(ac) ? Math.max(-1, Math.min(1, ac)) : null,
        profile: p ? { poc: p.poc, valueAreaHigh: p.valueAreaHigh, valueAreaLow: p.valueAreaLow } : null,
        regime: { verdict: r.verdict, reason: r.reason, adx: finite(r.values.adx), persistence: finite(r.values.persistence), meanReversion: finite(r.values.meanReversionStrength) },
        zone,
        targetZone: target && (long ? target.priceLow > t.price : target.priceHigh < t.price) ? zoneHit(target) : null,
        fvg: this.fvgInDirection(side, t.price),
        bounce,
      },
      levels: levels.map((l) => ({ level: l.level, passed: l.passed, detail: l.detail })),
    };
  }

  /**
   * An open gap the trade points at: containing the price on the trade's side, or ahead of it within 2 %
   * (FvgTracker.directionGapIndex), built only once found: listing every gap cost ~20 kB per setup.
   */
  private fvgInDirection(side: 'long' | 'short', price: number): ZoneHit | null {
    const i = this.fvgs.directionGapIndex(price, side === 'long', FVG_TARGET_RANGE);
    return i < 0 ? null : gapHit(this.fvgs.gapAt(i));
  }
}

const NO_CANDLES: readonly Candle[] = Object.freeze([]);
const NOTHING: TradeOutcome = Object.freeze({ setup: null, closedCandles: NO_CANDLES });

/** The regime's warm-up on a tape (issue 10 item 3). Times are tape times (UTC ms). */
export interface RegimeWarmUp {
  /** Candles fed by `warmUp` before the first trade (null: none were). */
  readonly seeded: { readonly '1m': number; readonly '15m': number } | null;
  /** Candles of the offered history dropped for ending after the first trade. */
  readonly dropped: number;
  readonly firstTradeTs: number | null;
  /** The first trade at which Level 1 had every value (null: not yet). */
  readonly readyTs: number | null;
}

function zoneHit(z: SupplyDemandZone): ZoneHit {
  return { kind: z.zoneType === ZoneType.Demand ? 'demand' : 'supply', id: z.zoneId, low: z.priceLow, high: z.priceHigh, strength: z.strengthScore, tests: z.testCount };
}

function gapHit(g: FairValueGap): ZoneHit {
  return { kind: 'fvg', id: g.fvgId, low: g.unfilledLow, high: g.unfilledHigh, strength: null, tests: null };
}

/** Whether two Level 1 readings count the same in the funnel: both pass, or the same reason and failed checks. */
function sameStop(a: RegimeStopReading | null, b: RegimeStopReading | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.reason !== b.reason || a.failed.length !== b.failed.length) return false;
  for (let i = 0; i < a.failed.length; i++) if (a.failed[i] !== b.failed[i]) return false;
  return true;
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function fmt(r: number | null): string {
  return r === null ? '∞ (no sells)' : r.toFixed(2);
}
