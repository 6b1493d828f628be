import type { Candle } from '../../analytics/candle.js';
import type { CandleHistory } from './candle-history.js';
import { DumpRule, DumpSignal, type DumpFiring, type PriceZones, finiteOrNull, firing } from './dump-signal.js';
import type { DumpDetectionConfig } from './portfolio-risk-config.js';
import { above, atLeast } from './float-compare.js';
import { PositionSide } from './risk-position.js';

/** Volume against the position (sells for a long) and with it. */
const adverseVol = (c: Candle, side: PositionSide): number => (side === PositionSide.Long ? c.sellVolume : c.buyVolume);
const favourableVol = (c: Candle, side: PositionSide): number => (side === PositionSide.Long ? c.buyVolume : c.sellVolume);
/** Open-to-close move against the position, as a fraction of the open. */
const adverseMove = (c: Candle, side: PositionSide): number => (side === PositionSide.Long ? (c.open - c.close) / c.open : (c.close - c.open) / c.open);
const ratio = (num: number, den: number): number => (den > 0 ? num / den : num > 0 ? Number.POSITIVE_INFINITY : Number.NaN);

/** buy/sell over candles 0 … count−1 back; +∞ with no sells (as `ratioValue` in analytics). */
function buySellRatio(h: CandleHistory, count: number): number {
  let b = 0;
  let s = 0;
  for (let k = 0; k < count; k++) {
    const c = h.back(k);
    b += c.buyVolume;
    s += c.sellVolume;
  }
  return s > 0 ? b / s : b > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
}

/**
 * The candle-based dump rules for a position of `side` on this symbol, evaluated when a 1m candle
 * closes (`h.back(0)` is the candle that just closed). Returns the rules that fired.
 */
export function candleDumpSignals(h: CandleHistory, side: PositionSide, cfg: DumpDetectionConfig, zones?: PriceZones): DumpFiring[] {
  const out: DumpFiring[] = [];
  if (h.size === 0) return out;
  const long = side === PositionSide.Long;
  const latest = h.back(0);
  const adverseWord = long ? 'sell' : 'buy';

  // 1. Volume reversal: adverse volume dominant for N candles in a row.
  const vr = cfg.volumeReversal;
  if (h.size >= vr.consecutiveCandles) {
    let weakest = Number.POSITIVE_INFINITY;
    let all = true;
    for (let k = 0; k < vr.consecutiveCandles && all; k++) {
      const c = h.back(k);
      const r = ratio(adverseVol(c, side), favourableVol(c, side));
      if (!above(r, vr.sellBuyRatio)) all = false;
      else if (r < weakest) weakest = r;
    }
    if (all) {
      out.push(
        firing(DumpSignal.VolumeReversal, DumpRule.SellDominantCandles, `${adverseWord} volume > ${vr.sellBuyRatio}× the other side for ${vr.consecutiveCandles} consecutive 1m candles`, {
          candles: vr.consecutiveCandles,
          weakestRatio: finiteOrNull(weakest),
        }),
      );
    }
  }
  // 1. Volume reversal: a volume spike with an adverse move.
  if (h.size >= vr.averageCandles + 1) {
    const avg = h.meanVolume(1, vr.averageCandles);
    const move = adverseMove(latest, side);
    if (avg > 0 && atLeast(latest.volume, vr.spikeMultiple * avg) && above(move, vr.spikePriceMovePct)) {
      out.push(
        firing(DumpSignal.VolumeReversal, DumpRule.VolumeSpikeDrop, `volume ${latest.volume} ≥ ${vr.spikeMultiple}× the ${vr.averageCandles}-candle mean ${avg} with a ${(move * 100).toFixed(3)} % adverse move`, {
          volume: latest.volume,
          meanVolume: avg,
          multiple: latest.volume / avg,
          adverseMovePct: move,
        }),
      );
    }
  }

  // 2. Order-flow flip, cascade form (§2.3.3 mirrored): 1m < 5m < 15m and 1m < 1/2.0 for a long.
  const of = cfg.orderFlowFlip;
  if (h.size >= 15) {
    const r1 = buySellRatio(h, 1);
    const r5 = buySellRatio(h, 5);
    const r15 = buySellRatio(h, 15);
    const bearish = r1 < r5 && r5 < r15 && r1 < 1 / of.cascadeMin1mRatio;
    const bullish = r1 > r5 && r5 > r15 && r1 > of.cascadeMin1mRatio;
    if (long ? bearish : bullish) {
      out.push(
        firing(DumpSignal.OrderFlowFlip, DumpRule.CascadeReversal, `${long ? 'bearish' : 'bullish'} cascade: buy/sell 1m ${r1.toFixed(3)}, 5m ${r5.toFixed(3)}, 15m ${r15.toFixed(3)}`, {
          ratio1m: finiteOrNull(r1),
          ratio5m: finiteOrNull(r5),
          ratio15m: finiteOrNull(r15),
        }),
      );
    }
  }

  // 4. Momentum breakdown: lower highs and lower lows (higher/higher for a short), counted back from the latest.
  const mb = cfg.momentumBreak;
  let run = 0;
  for (let k = 0; k + 1 < h.size; k++) {
    const c = h.back(k);
    const p = h.back(k + 1);
    const broke = long ? c.high < p.high && c.low < p.low : c.high > p.high && c.low > p.low;
    if (!broke) break;
    run += 1;
  }
  if (run >= mb.lowerHighsCount) {
    out.push(firing(DumpSignal.MomentumBreakdown, DumpRule.LowerHighsLows, `${run} consecutive 1m candles with ${long ? 'lower highs and lower lows' : 'higher highs and higher lows'}`, { count: run }));
  }
  const L = mb.swingLookbackCandles;
  const meanVolL = h.meanVolume(1, Math.min(L, h.size - 1));
  if (mb.swingLowBreak && h.size >= L + 1) {
    let swing = long ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    for (let k = 1; k <= L; k++) swing = long ? Math.min(swing, h.back(k).low) : Math.max(swing, h.back(k).high);
    const broke = long ? latest.close < swing : latest.close > swing;
    if (broke && atLeast(latest.volume, mb.breakVolumeMultiple * meanVolL)) {
      out.push(
        firing(DumpSignal.MomentumBreakdown, DumpRule.SwingLowBreak, `close ${latest.close} ${long ? 'below the swing low' : 'above the swing high'} ${swing} of ${L} candles on volume ${latest.volume} ≥ ${mb.breakVolumeMultiple}× ${meanVolL}`, {
          swing,
          close: latest.close,
          volume: latest.volume,
          meanVolume: meanVolL,
        }),
      );
    }
  }
  const level = long ? zones?.support : zones?.resistance;
  if (level !== undefined && h.size >= 2 && meanVolL > 0) {
    const prevClose = h.back(1).close;
    const crossed = long ? prevClose >= level && latest.close < level : prevClose <= level && latest.close > level;
    if (crossed && atLeast(latest.volume, mb.breakVolumeMultiple * meanVolL)) {
      out.push(
        firing(DumpSignal.MomentumBreakdown, DumpRule.SupportBreak, `${long ? 'support' : 'resistance'} ${level} broken: close ${prevClose} → ${latest.close} on volume ${latest.volume} ≥ ${mb.breakVolumeMultiple}× ${meanVolL}`, {
          level,
          close: latest.close,
          volume: latest.volume,
          meanVolume: meanVolL,
        }),
      );
    }
  }

  // 5. Resistance rejection (support rejection for a short).
  const rr = cfg.resistanceRejection;
  const tol = rr.touchTolerancePct;
  const zoneLevel = long ? zones?.resistance : zones?.support;
  const lookPrev = Math.min(rr.lookbackCandles, h.size - 1);
  if (lookPrev >= 1 || zoneLevel !== undefined) {
    let R = zoneLevel ?? (long ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    if (zoneLevel === undefined) for (let k = 1; k <= lookPrev; k++) R = long ? Math.max(R, h.back(k).high) : Math.min(R, h.back(k).low);
    const bodyEdge = long ? Math.max(latest.open, latest.close) : Math.min(latest.open, latest.close);
    const wick = long ? latest.high - bodyEdge : bodyEdge - latest.low;
    const wickPct = wick / bodyEdge;
    const touched = long ? latest.high >= R * (1 - tol) : latest.low <= R * (1 + tol);
    const rejected = long ? latest.close < R : latest.close > R;
    if (touched && rejected && above(wickPct, rr.wickPct)) {
      out.push(
        firing(DumpSignal.ResistanceRejection, DumpRule.RejectionWick, `${long ? 'upper' : 'lower'} wick ${(wickPct * 100).toFixed(3)} % at ${long ? 'resistance' : 'support'} ${R}, closed ${latest.close}`, {
          level: R,
          wickPct,
          close: latest.close,
        }),
      );
    }
  }
  const look = Math.min(rr.lookbackCandles, h.size);
  if (look >= 2) {
    let R = zoneLevel ?? (long ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    if (zoneLevel === undefined) for (let k = 0; k < look; k++) R = long ? Math.max(R, h.back(k).high) : Math.min(R, h.back(k).low);
    const band = long ? R * (1 - tol) : R * (1 + tol);
    const retreat = long ? R * (1 - rr.attemptRetreatPct) : R * (1 + rr.attemptRetreatPct);
    const isAttempt = (c: Candle): boolean => (long ? c.high >= band && c.close <= retreat : c.low <= band && c.close >= retreat);
    if (isAttempt(latest)) {
      // Attempts oldest first, with their volumes.
      const vols: number[] = [];
      for (let k = look - 1; k >= 0; k--) {
        const c = h.back(k);
        if (isAttempt(c)) vols.push(c.volume);
      }
      if (vols.length >= rr.failedAttempts) {
        out.push(firing(DumpSignal.ResistanceRejection, DumpRule.FailedAttempts, `${vols.length} failed attempts at ${long ? 'resistance' : 'support'} ${R} in ${look} candles`, { attempts: vols.length, level: R }));
      }
      let declining = vols.length >= rr.decliningAttempts;
      for (let i = 1; i < vols.length && declining; i++) if (!((vols[i] as number) < (vols[i - 1] as number))) declining = false;
      if (declining) {
        out.push(
          firing(DumpSignal.ResistanceRejection, DumpRule.DecliningBounces, `volume declining on each of ${vols.length} attempts at ${R}: ${vols.join(' > ')}`, {
            attempts: vols.length,
            level: R,
            firstVolume: vols[0] as number,
            lastVolume: vols[vols.length - 1] as number,
          }),
        );
      }
    }
  }
  return out;
}
