import { z } from 'zod';
import type { Candle, RegimeValues, StrategyConfig, SymbolAnalytics, Trade } from '@cascade/core';
import { checkLevels } from './level-check.js';

const num = z.number();
const nullableNum = z.number().nullable();
const check = z.strictObject({ name: z.string(), passed: z.boolean(), detail: z.string() });
const window = z.object({ windowMs: num, buyVolume: num, sellVolume: num, delta: num, trades: num, buyTrades: num, sellTrades: num, ratio: nullableNum, sufficient: z.boolean() });
const candle = z.object({ openTime: num, open: num, high: num, low: num, close: num, volume: num, buyVolume: num, sellVolume: num, trades: num }).nullable();

/** What `analyze --json` prints: every measure at the instant, and what each level says. */
export const AnalyzeReportSchema = z.strictObject({
  tape: z.strictObject({ path: z.string(), exchange: z.string(), symbol: z.string(), format: z.string() }),
  at: num,
  atIso: z.string(),
  lastTrade: z.strictObject({ id: z.string(), ts: num, price: num, amount: num, side: z.enum(['buy', 'sell']) }),
  tradesReplayed: num,
  warmup: z.strictObject({ file: z.string(), candles1m: num, candles15m: num, droppedAfterTapeStart: num }).nullable(),
  orderFlow: z.strictObject({
    windows: z.record(z.string(), window),
    cvd: z.object({ value: num, slopePerMinute: num, direction: z.string() }),
    largeTrades: z.object({ buy: num, sell: num }),
    volumeSpike: z.record(z.string(), z.object({ ratio: nullableNum })),
  }),
  candles: z.strictObject({ '1m': candle, '5m': candle, '15m': candle }),
  profile: z.object({ poc: num, valueAreaHigh: num, valueAreaLow: num, totalVolume: num, trades: num, binSize: num, windowMs: num }).nullable(),
  zones: z.array(z.strictObject({ id: z.string(), type: z.string(), low: num, high: num, strength: num, tests: num, status: z.string(), firstSeen: num })),
  fvgs: z.array(z.strictObject({ id: z.string(), type: z.string(), low: num, high: num, unfilledLow: num, unfilledHigh: num, fillPercentage: num, createdAt: num, expiresAt: num })),
  regime: z.strictObject({
    verdict: z.string(),
    reason: z.string(),
    persistence: nullableNum,
    adx: nullableNum,
    plusDi: nullableNum,
    minusDi: nullableNum,
    atrPercent: nullableNum,
    meanReversion: nullableNum,
    decidedOn15m: nullableNum,
    values: z.record(z.string(), z.number().nullable()),
    checks: z.array(check),
  }),
  levels: z.array(z.strictObject({ level: z.string(), side: z.enum(['long', 'short']).nullable(), passed: z.boolean(), checks: z.array(check) })),
});
export type AnalyzeReport = z.infer<typeof AnalyzeReportSchema>;

export interface AnalyzeInput {
  readonly analytics: SymbolAnalytics;
  readonly cfg: StrategyConfig;
  readonly tape: { path: string; exchange: string; symbol: string; format: string };
  readonly at: number;
  readonly lastTrade: Trade;
  readonly tradesReplayed: number;
  readonly warmup: AnalyzeReport['warmup'];
}

/** Non-finite numbers (an all-buy ratio is ∞, a value not yet computable NaN) print as null. */
const fin = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * Directional persistence under its current name: `persistence` (issue 10), `hurst` before the rename.
 * Read by name so the report does not break while the regime's value set changes.
 */
function persistenceOf(v: RegimeValues): number | null {
  const rec = v as unknown as Record<string, number | null | undefined>;
  return fin(rec.persistence ?? rec.hurst);
}

export function buildAnalyzeReport(i: AnalyzeInput): AnalyzeReport {
  const a = i.analytics;
  const snap = a.flow.snapshot(i.at);
  const r = a.regimeResult;
  const p = a.profile.snapshot(i.at);
  const candleOf = (c: Candle | null) =>
    c === null ? null : { openTime: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, buyVolume: c.buyVolume, sellVolume: c.sellVolume, trades: c.trades };
  const values = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, typeof v === 'number' ? fin(v) : null]));
  return {
    tape: i.tape,
    at: i.at,
    atIso: new Date(i.at).toISOString(),
    lastTrade: { id: i.lastTrade.id, ts: i.lastTrade.ts, price: i.lastTrade.price, amount: i.lastTrade.amount, side: i.lastTrade.side },
    tradesReplayed: i.tradesReplayed,
    warmup: i.warmup,
    orderFlow: {
      windows: Object.fromEntries(
        Object.entries(snap.imbalance).map(([role, w]) => [
          role,
          { windowMs: w.windowMs, buyVolume: w.buyVolume, sellVolume: w.sellVolume, delta: w.delta, trades: w.trades, buyTrades: w.buyTrades, sellTrades: w.sellTrades, ratio: fin(w.ratio), sufficient: w.sufficient },
        ]),
      ),
      cvd: { value: snap.cvd.value, slopePerMinute: snap.cvd.slopePerMinute, direction: snap.cvd.direction },
      largeTrades: { buy: snap.largeTrades.buy, sell: snap.largeTrades.sell },
      volumeSpike: Object.fromEntries(Object.entries(snap.volumeSpike).map(([tf, s]) => [tf, { ratio: fin(s.ratio) }])),
    },
    candles: { '1m': candleOf(a.flow.candles['1m'].open), '5m': candleOf(a.flow.candles['5m'].open), '15m': candleOf(a.flow.candles['15m'].open) },
    profile: p === null ? null : { poc: p.poc, valueAreaHigh: p.valueAreaHigh, valueAreaLow: p.valueAreaLow, totalVolume: p.totalVolume, trades: p.trades, binSize: p.binSize, windowMs: p.windowMs },
    zones: a.zones.zones().map((z) => ({ id: z.zoneId, type: z.zoneType, low: z.priceLow, high: z.priceHigh, strength: z.strengthScore, tests: z.testCount, status: z.status, firstSeen: z.firstSeen })),
    fvgs: a.fvgs.gaps().map((g) => ({ id: g.fvgId, type: g.fvgType, low: g.gapLow, high: g.gapHigh, unfilledLow: g.unfilledLow, unfilledHigh: g.unfilledHigh, fillPercentage: g.fillPercentage, createdAt: g.createdAt, expiresAt: g.expiresAt })),
    regime: {
      verdict: r.verdict,
      reason: r.reason,
      persistence: persistenceOf(r.values),
      adx: fin(r.values.adx),
      plusDi: fin(r.values.plusDi),
      minusDi: fin(r.values.minusDi),
      atrPercent: fin(r.values.atrPercent),
      meanReversion: fin(r.values.meanReversionStrength),
      decidedOn15m: r.decidedOn15m,
      values,
      checks: r.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail })),
    },
    levels: checkLevels(a, i.cfg, i.lastTrade.price, i.at).map((l) => ({ level: l.level, side: l.side, passed: l.passed, checks: l.checks.map((c) => ({ ...c })) })),
  };
}

/** The readable form of the report (analyze without --json). */
export function analyzeText(r: AnalyzeReport): string {
  const n = (x: number | null, d = 4): string => (x === null ? 'n/a' : String(Number(x.toFixed(d))));
  const L: string[] = [];
  L.push(`${r.tape.symbol} · ${r.tape.exchange} at ${r.atIso} (${r.at}), ${r.tradesReplayed} trades replayed; last trade ${r.lastTrade.side} ${r.lastTrade.amount} @ ${r.lastTrade.price}`);
  if (r.warmup) L.push(`warm-up ${r.warmup.file}: ${r.warmup.candles1m} 1m + ${r.warmup.candles15m} 15m candles${r.warmup.droppedAfterTapeStart > 0 ? ` (${r.warmup.droppedAfterTapeStart} after the tape start left out)` : ''}`);
  L.push('', 'Order flow (buy/sell volume ratio per trailing window):');
  for (const [role, w] of Object.entries(r.orderFlow.windows)) {
    L.push(`  ${role.padEnd(8)} ratio ${w.ratio === null ? '∞' : n(w.ratio, 2)}  buy ${n(w.buyVolume)}  sell ${n(w.sellVolume)}  delta ${n(w.delta)}  trades ${w.trades}${w.sufficient ? '' : ' (too few for a ratio)'}`);
  }
  L.push(`  CVD ${n(r.orderFlow.cvd.value)} (${r.orderFlow.cvd.direction}, ${n(r.orderFlow.cvd.slopePerMinute)}/min); large trades buy ${r.orderFlow.largeTrades.buy} sell ${r.orderFlow.largeTrades.sell}`);
  L.push(`  volume spike ${Object.entries(r.orderFlow.volumeSpike).map(([tf, s]) => `${tf} ×${n(s.ratio, 2)}`).join(', ')}`);
  L.push('', r.profile ? `Volume profile (${r.profile.windowMs / 60_000} min): POC ${r.profile.poc}, VAH ${r.profile.valueAreaHigh}, VAL ${r.profile.valueAreaLow}, ${n(r.profile.totalVolume)} volume` : 'Volume profile: none yet');
  L.push(`Zones (${r.zones.length}): ${r.zones.map((z) => `${z.type} ${z.low}–${z.high} s${n(z.strength, 0)} t${z.tests}`).join('; ') || 'none'}`);
  L.push(`FVGs (${r.fvgs.length}): ${r.fvgs.map((g) => `${g.type} ${g.unfilledLow}–${g.unfilledHigh} ${n(g.fillPercentage, 0)} % filled`).join('; ') || 'none'}`);
  const g = r.regime;
  L.push('', `Regime: ${g.verdict}  persistence ${n(g.persistence, 3)}  ADX ${n(g.adx, 2)}  +DI ${n(g.plusDi, 2)}  −DI ${n(g.minusDi, 2)}  ATR ${n(g.atrPercent, 3)} %  mean reversion ${n(g.meanReversion, 3)}  (${g.values.candles15m ?? 0} 15m candles)`);
  L.push('', 'Levels:');
  for (const l of r.levels) {
    L.push(`  ${l.passed ? 'PASS' : 'FAIL'} ${l.level}${l.side ? ` (${l.side})` : ''}`);
    for (const c of l.checks) L.push(`       ${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  }
  return L.join('\n');
}
