import { type Candle, type FairValueGap, bounceOff, FvgType, type StrategyConfig, type SupplyDemandZone, type SymbolAnalytics, RegimeVerdict, ZoneType, ratioValue } from '@cascade/core';

/** One condition of one level, as `analyze` prints it. */
export interface LevelCheckLine {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface LevelVerdict {
  readonly level: 'level1_regime' | 'level2_zone' | 'level3_cascade' | 'level4_bounce';
  /** The side the level was judged for (Level 1 decides it; null for Level 1 itself). */
  readonly side: 'long' | 'short' | null;
  readonly passed: boolean;
  readonly checks: readonly LevelCheckLine[];
}

/** A derived price (an edge ± tolerance) without float tails. */
const p10 = (x: number): number => Number(x.toPrecision(10));
const f = (x: number | null, d = 2): string => (x === null ? '∞' : Number.isFinite(x) ? x.toFixed(d) : String(x));

/**
 * What each of the four levels of §2.3 says at the analytics' current state, every condition spelled
 * out, without the short-circuit: Levels 2–4 are judged for the side Level 1 allows, or for both sides
 * when it says RANGING (what they would say if it passed). It reads the same state and thresholds as
 * SymbolAnalytics.evaluate (zone, cascade, bounce): keep the two in step.
 */
export function checkLevels(a: SymbolAnalytics, cfg: StrategyConfig, price: number, ts: number): LevelVerdict[] {
  const r = a.regimeResult;
  const lv = cfg.levels;
  const out: LevelVerdict[] = [
    {
      level: 'level1_regime',
      side: null,
      passed: !lv.regimeRequired || r.verdict !== RegimeVerdict.Ranging,
      checks: lv.regimeRequired ? r.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail })) : [{ name: 'required', passed: true, detail: 'levels.regimeRequired is off' }],
    },
  ];
  const sides: ('long' | 'short')[] = r.verdict === RegimeVerdict.Uptrend ? ['long'] : r.verdict === RegimeVerdict.Downtrend ? ['short'] : ['long', 'short'];
  for (const side of sides) out.push(...sideLevels(a, cfg, side, price, ts));
  return out;
}

function sideLevels(a: SymbolAnalytics, cfg: StrategyConfig, side: 'long' | 'short', price: number, ts: number): LevelVerdict[] {
  const long = side === 'long';
  const candle = a.flow.candles['1m'].open;
  const touch = candle ? (long ? candle.low : candle.high) : price;

  // Level 2: the same search order as SymbolAnalytics.zoneFor.
  const tol = cfg.levels.zone.tolerance;
  const zoneChecks: LevelCheckLine[] = [];
  const at = a.zones.priceAtZone(touch, long ? ZoneType.Demand : ZoneType.Supply) ?? nearZone(a, touch, long, tol);
  zoneChecks.push({ name: long ? 'demandZone' : 'supplyZone', passed: at !== null, detail: at ? `${zoneText(at)} holds the 1m ${long ? 'low' : 'high'} ${touch}` : `1m ${long ? 'low' : 'high'} ${touch} at no ${long ? 'demand' : 'supply'} zone (within ${(tol * 100).toFixed(2)} %)` });
  let gap: FairValueGap | null = null;
  if (cfg.levels.zone.fairValueGaps) {
    gap = a.fvgs.newestGapAt(touch, long ? FvgType.Bullish : FvgType.Bearish);
    zoneChecks.push({ name: 'fairValueGap', passed: gap !== null, detail: gap ? `${gap.fvgId} ${gap.unfilledLow}–${gap.unfilledHigh} holds ${touch}` : `no ${long ? 'bullish' : 'bearish'} gap holds ${touch}` });
  }
  let edgeHit = false;
  let edgeZone: { low: number; high: number } | null = null;
  if (cfg.levels.zone.valueAreaEdges) {
    const p = a.profile.snapshot(ts);
    if (p === null) zoneChecks.push({ name: 'valueAreaEdge', passed: false, detail: 'no volume profile yet' });
    else {
      const edge = long ? p.valueAreaLow : p.valueAreaHigh;
      edgeHit = Math.abs(touch - edge) <= edge * tol;
      if (edgeHit) edgeZone = { low: edge * (1 - tol), high: edge * (1 + tol) };
      zoneChecks.push({ name: 'valueAreaEdge', passed: edgeHit, detail: `${long ? 'VAL' : 'VAH'} ${edge}, ${touch} is ${((Math.abs(touch - edge) / edge) * 100).toFixed(3)} % away (≤ ${(tol * 100).toFixed(2)} % passes)` });
    }
  }
  const zoneOk = !cfg.levels.zone.required || at !== null || gap !== null || edgeHit;

  // Level 3: the cascade, 1m > 5m > 15m and 1m beyond the minimum (mirrored for shorts).
  const r1 = ratioValue(a.flow.flow('1m').ratio);
  const r5 = ratioValue(a.flow.flow('5m').ratio);
  const r15 = ratioValue(a.flow.flow('15m').ratio);
  const min1 = cfg.cascade.min1mRatio;
  const cascade: LevelCheckLine[] = long
    ? [
        { name: 'weak1m', passed: r1 > min1, detail: `1m buy/sell ${f(r1)} ${r1 > min1 ? '>' : '≤'} ${min1}` },
        { name: '1mAbove5m', passed: r1 > r5, detail: `1m ${f(r1)} ${r1 > r5 ? '>' : '≤'} 5m ${f(r5)}` },
        { name: '5mAbove15m', passed: r5 > r15, detail: `5m ${f(r5)} ${r5 > r15 ? '>' : '≤'} 15m ${f(r15)}` },
      ]
    : [
        { name: 'weak1m', passed: r1 < 1 / min1, detail: `1m buy/sell ${f(r1)} ${r1 < 1 / min1 ? '<' : '≥'} ${f(1 / min1, 3)}` },
        { name: '1mBelow5m', passed: r1 < r5, detail: `1m ${f(r1)} ${r1 < r5 ? '<' : '≥'} 5m ${f(r5)}` },
        { name: '5mBelow15m', passed: r5 < r15, detail: `5m ${f(r5)} ${r5 < r15 ? '<' : '≥'} 15m ${f(r15)}` },
      ];
  const cascadeOk = !cfg.cascade.required || cascade.every((c) => c.passed);

  // Level 4: the bounce on the open 1m candle (SymbolAnalytics.bounce).
  const zone = at ? { low: at.priceLow, high: at.priceHigh } : gap ? { low: gap.unfilledLow, high: gap.unfilledHigh } : edgeZone;
  const b = bounce(a, side, price, zone, candle);
  const bl = cfg.levels.bounce;
  const bounceChecks: LevelCheckLine[] = [
    { name: 'rejection', passed: b.rejection > bl.minRejection, detail: `close location ${b.rejection.toFixed(2)} ${b.rejection > bl.minRejection ? '>' : '≤'} ${bl.minRejection}` },
    {
      name: 'volumeSpike',
      passed: b.spike !== null && b.spike > bl.minVolumeSpike,
      detail: b.spike === null ? 'too few closed 1m candles for the volume average' : `1m volume ×${b.spike.toFixed(2)} ${b.spike > bl.minVolumeSpike ? '>' : '≤'} ${bl.minVolumeSpike}`,
    },
    { name: 'movingAway', passed: b.movingAway, detail: `price ${price} ${b.movingAway ? 'has turned' : 'has not turned'} ${long ? 'above' : 'below'} the 1m open ${candle?.open ?? 'n/a'}${zone ? ` (zone ${p10(zone.low)}–${p10(zone.high)})` : ''}` },
  ];
  const bounceOk = !cfg.levels.bounce.required || bounceChecks.every((c) => c.passed);
  return [
    { level: 'level2_zone', side, passed: zoneOk, checks: zoneChecks },
    { level: 'level3_cascade', side, passed: cascadeOk, checks: cascade },
    { level: 'level4_bounce', side, passed: bounceOk, checks: bounceChecks },
  ];
}

function nearZone(a: SymbolAnalytics, touch: number, long: boolean, tol: number): SupplyDemandZone | null {
  const z = long ? a.zones.nearestDemandBelow(touch) : a.zones.nearestSupplyAbove(touch);
  if (!z) return null;
  const d = long ? touch - z.priceHigh : z.priceLow - touch;
  return d <= touch * tol ? z : null;
}

function bounce(a: SymbolAnalytics, side: 'long' | 'short', price: number, zone: { low: number; high: number } | null, c: Candle | null): { rejection: number; spike: number | null; movingAway: boolean } {
  const spike = a.flow.volumeSpike('1m').ratio;
  if (!c) return { rejection: 0, spike, movingAway: false };
  // The engine's own reading (SymbolAnalytics uses bounceOff too), so the two cannot drift apart.
  const b = bounceOff(side, price, c, spike);
  return { rejection: b.rejection, spike, movingAway: b.movingAway };
}

function zoneText(z: SupplyDemandZone): string {
  return `${z.zoneType} zone ${z.zoneId} ${z.priceLow}–${z.priceHigh} (strength ${z.strengthScore.toFixed(0)}, ${z.testCount} tests)`;
}
