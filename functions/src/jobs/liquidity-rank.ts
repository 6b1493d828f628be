import type { VenueTicker } from '@cascade/adapters/venues/ccxt';

/**
 * Weights of the liquidity score (§2.2.7 "ranked by 24h volume, trades, and spread"). Volume leads
 * because §5.3 ranks "based on 24h volume"; the trade count says how continuous the tape is, which
 * the order-flow analytics live on; the spread is what every scalp pays.
 */
export const LiquidityWeights = { quoteVolume: 0.5, trades: 0.3, spread: 0.2 } as const;

/** Dollar-like quotes, so that 24 h quote volumes are comparable across markets. */
export const DEFAULT_QUOTES: readonly string[] = ['USDT', 'USDC', 'USD'];

/** Stable-vs-stable and fiat pairs trade huge volume at a fixed price: nothing to scalp. */
export const STABLE_BASES: ReadonlySet<string> = new Set(['USDT', 'USDC', 'USD', 'FDUSD', 'TUSD', 'USDP', 'DAI', 'BUSD', 'USDE', 'PYUSD', 'USD1', 'USDS', 'RLUSD', 'EUR', 'EURI', 'AEUR', 'EURC', 'GBP', 'TRY', 'BRL']);

export interface RankedMarket {
  readonly symbol: string;
  /** 1 = most liquid. */
  readonly rank: number;
  readonly score: number;
  readonly quoteVolume24h: number;
  readonly trades24h: number | null;
  readonly spreadBps: number | null;
}

export interface RankOptions {
  readonly topN: number;
  readonly quotes?: readonly string[];
}

/** (ask − bid) / mid in basis points; null without a sane two-sided quote. */
export function spreadBps(bid: number | null, ask: number | null): number | null {
  if (bid === null || ask === null || !(bid > 0) || !(ask >= bid)) return null;
  return ((ask - bid) / ((ask + bid) / 2)) * 10_000;
}

/**
 * Percentile of each value among the non-null ones: 1 for the best, 0 for the worst, tied values
 * share their average rank; a lone value scores 1 and a missing one 0. With M values and average
 * rank r (1 = best), p = (M − r) / (M − 1).
 */
export function percentiles(values: readonly (number | null)[], higherIsBetter: boolean): number[] {
  const present = values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null);
  const out = values.map(() => 0);
  const m = present.length;
  if (m === 0) return out;
  present.sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v));
  for (let start = 0; start < m; ) {
    let end = start;
    while (end + 1 < m && (present[end + 1] as { v: number }).v === (present[start] as { v: number }).v) end += 1;
    const avgRank = (start + end) / 2 + 1;
    const p = m === 1 ? 1 : (m - avgRank) / (m - 1);
    for (let k = start; k <= end; k++) out[(present[k] as { i: number }).i] = p;
    start = end + 1;
  }
  return out;
}

/** Scores closer than this are ties (sums of weighted fractions are not exact in binary). */
const SCORE_EPSILON = 1e-9;

/**
 * The top-liquid selection. Eligible: active markets quoted in `quotes`, base not a stablecoin or
 * fiat, 24 h quote volume > 0; one market per base (the one with the larger quote volume, so BTC/USDT
 * and BTC/USDC do not take two slots). Score = 0.5·p(quote volume) + 0.3·p(trades) + 0.2·p(−spread)
 * with the percentiles of `percentiles` over the eligible set; ties go to the larger quote volume,
 * then the symbol in alphabetical order.
 */
export function rankLiquidity(tickers: readonly VenueTicker[], opts: RankOptions): RankedMarket[] {
  const quotes = new Set(opts.quotes ?? DEFAULT_QUOTES);
  const byBase = new Map<string, VenueTicker & { quoteVolume: number }>();
  for (const t of tickers) {
    if (!t.active || !quotes.has(t.quote) || STABLE_BASES.has(t.base)) continue;
    if (t.quoteVolume === null || !(t.quoteVolume > 0)) continue;
    const cur = byBase.get(t.base);
    if (!cur || t.quoteVolume > cur.quoteVolume || (t.quoteVolume === cur.quoteVolume && t.symbol < cur.symbol)) byBase.set(t.base, { ...t, quoteVolume: t.quoteVolume });
  }
  const eligible = [...byBase.values()];
  const spreads = eligible.map((t) => spreadBps(t.bid, t.ask));
  const pVol = percentiles(eligible.map((t) => t.quoteVolume), true);
  const pTrades = percentiles(eligible.map((t) => t.trades24h), true);
  const pSpread = percentiles(spreads, false);
  const scored = eligible.map((t, i) => ({
    t,
    spread: spreads[i] ?? null,
    score: LiquidityWeights.quoteVolume * (pVol[i] ?? 0) + LiquidityWeights.trades * (pTrades[i] ?? 0) + LiquidityWeights.spread * (pSpread[i] ?? 0),
  }));
  scored.sort((a, b) => {
    if (Math.abs(a.score - b.score) > SCORE_EPSILON) return b.score - a.score;
    if (a.t.quoteVolume !== b.t.quoteVolume) return b.t.quoteVolume - a.t.quoteVolume;
    return a.t.symbol < b.t.symbol ? -1 : a.t.symbol > b.t.symbol ? 1 : 0;
  });
  return scored.slice(0, opts.topN).map((s, i) => ({ symbol: s.t.symbol, rank: i + 1, score: s.score, quoteVolume24h: s.t.quoteVolume, trades24h: s.t.trades24h, spreadBps: s.spread }));
}

/** Streams are opened in priority order when a venue caps them: the top five first. */
export function topLiquidPriority(rank: number): number {
  return rank <= 5 ? 1 : 2;
}
