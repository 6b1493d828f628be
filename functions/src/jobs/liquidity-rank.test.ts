import { describe, expect, it } from 'vitest';
import type { VenueTicker } from '@cascade/adapters/venues/ccxt';
import { percentiles, rankLiquidity, spreadBps, topLiquidPriority } from './liquidity-rank.js';

const t = (symbol: string, quoteVolume: number | null, trades24h: number | null, bid: number | null, ask: number | null, extra: Partial<VenueTicker> = {}): VenueTicker => {
  const [base = '', quote = ''] = symbol.split(/[/:]/);
  return { symbol, base, quote, active: true, quoteVolume, trades24h, bid, ask, ...extra };
};

describe('spreadBps', () => {
  it('is (ask − bid) / mid × 10 000', () => {
    // (100.005 − 99.995) / 100 × 10 000 = 1 bp
    expect(spreadBps(99.995, 100.005)).toBeCloseTo(1, 9);
    // (2.02 − 1.98) / 2 × 10 000 = 200 bp
    expect(spreadBps(1.98, 2.02)).toBeCloseTo(200, 9);
  });
  it('is null without a two-sided, uncrossed quote', () => {
    expect(spreadBps(null, 1)).toBeNull();
    expect(spreadBps(0, 1)).toBeNull();
    expect(spreadBps(2, 1)).toBeNull();
  });
});

describe('percentiles', () => {
  it('maps best → 1 and worst → 0 linearly by rank, ties sharing their average rank', () => {
    // Ranks (higher is better): 40→1, 30 and 30→2.5 each, 10→4; M = 4 → p = (4 − r)/3 = 1, 0.5, 0.5, 0.
    expect(percentiles([30, 10, 40, 30], true)).toEqual([0.5, 0, 1, 0.5]);
    // Lower is better: 1→1, 2→2, 3→3 → p = (3 − r)/2 = 1, 0.5, 0.
    expect(percentiles([3, 1, 2], false)).toEqual([0, 1, 0.5]);
  });
  it('gives a missing value 0 and ranks the others among themselves', () => {
    // Present: 5 (rank 1), 7 (rank 2) with lower better; M = 2 → 1 and 0.
    expect(percentiles([null, 7, 5], false)).toEqual([0, 0, 1]);
    expect(percentiles([null, 3], true)).toEqual([0, 1]);
    expect(percentiles([null, null], true)).toEqual([0, 0]);
  });
});

describe('rankLiquidity', () => {
  // Five eligible USDT pairs. Spreads from bid/ask (mid 100): BTC 1 bp, ETH 2 bp, SOL 0.5 bp, XRP 8 bp, DOGE 4 bp.
  const five = [
    t('BTC/USDT', 5000, 400, 99.995, 100.005),
    t('ETH/USDT', 4000, 500, 99.99, 100.01),
    t('SOL/USDT', 3000, 300, 99.9975, 100.0025),
    t('XRP/USDT', 2000, 100, 99.96, 100.04),
    t('DOGE/USDT', 1000, 200, 99.98, 100.02),
  ];

  it('scores 0.5·p(volume) + 0.3·p(trades) + 0.2·p(−spread) as computed by hand', () => {
    // N = 5, p = (5 − rank)/4.
    // volume ranks  BTC 1, ETH 2, SOL 3, XRP 4, DOGE 5   → 1, .75, .5, .25, 0
    // trades ranks  ETH 1, BTC 2, SOL 3, DOGE 4, XRP 5   → ETH 1, BTC .75, SOL .5, DOGE .25, XRP 0
    // spread ranks  SOL 1, BTC 2, ETH 3, DOGE 4, XRP 5   → SOL 1, BTC .75, ETH .5, DOGE .25, XRP 0
    // BTC  .5·1   + .3·.75 + .2·.75 = .5 + .225 + .15 = .875
    // ETH  .5·.75 + .3·1   + .2·.5  = .375 + .3 + .1  = .775
    // SOL  .5·.5  + .3·.5  + .2·1   = .25 + .15 + .2  = .6
    // XRP  .5·.25 + 0      + 0      = .125
    // DOGE 0      + .3·.25 + .2·.25 = .075 + .05     = .125 → tie with XRP, larger volume (XRP) first
    const r = rankLiquidity(five, { topN: 15 });
    expect(r.map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT']);
    expect(r.map((m) => m.score)).toEqual([0.875, 0.775, 0.6, 0.125, 0.125].map((x) => expect.closeTo(x, 12)));
    expect(r.map((m) => m.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(r[0]).toMatchObject({ quoteVolume24h: 5000, trades24h: 400 });
    expect(r[0]?.spreadBps).toBeCloseTo(1, 9);
  });

  it('keeps the top N', () => {
    expect(rankLiquidity(five, { topN: 3 }).map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });

  it('leaves out other quotes, stablecoin bases, inactive and volume-less markets, and keeps one market per base', () => {
    const noise = [
      t('ETH/BTC', 9e9, 9e9, 0.03, 0.0300001),
      t('USDC/USDT', 9e9, 9e9, 0.9999, 1.0001),
      t('LUNA/USDT', 9e9, 9e9, 1, 1.001, { active: false }),
      t('ZERO/USDT', 0, 10, 1, 1.001),
      t('NOVOL/USDT', null, 10, 1, 1.001),
      t('BTC/USDC', 4500, 9999, 99.999, 100.001), // second BTC market, smaller volume than BTC/USDT
    ];
    const r = rankLiquidity([...five, ...noise], { topN: 15 });
    expect(r.map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT']);
  });

  it('ranks a venue without trade counts by volume and spread alone', () => {
    // No counts: every p(trades) = 0. Spreads: A (101 − 99)/100 = 200 bp, B 0.02/100 = 2 bp.
    // A: .5·p(vol)=.5·1 + .2·p(spread)=.2·0 = .5;  B: .5·0 + .2·1 = .2.
    const r = rankLiquidity([t('A/USDT', 200, null, 99, 101), t('B/USDT', 100, null, 99.99, 100.01)], { topN: 2 });
    expect(r.map((m) => [m.symbol, m.score])).toEqual([['A/USDT', 0.5], ['B/USDT', 0.2]]);
  });

  it('gives the top five priority 1 and the rest priority 2', () => {
    expect([1, 5, 6, 15].map(topLiquidPriority)).toEqual([1, 1, 2, 2]);
  });
});
