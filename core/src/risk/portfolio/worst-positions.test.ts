import { describe, expect, it } from 'vitest';
import { dec } from '../../execution/money.js';
import { pnlFraction, rankWorst } from './worst-positions.js';

describe('rankWorst (lowest unrealised P&L % first)', () => {
  it('orders by P&L %, then older first, then id', () => {
    // a long 100 → 97 = −3 %; b long 200 → 198 = −1 %; c short 50 → 50.5 = −1 % (opened earlier than b);
    // d long 0.3 → 0.297 = −1 % (same openedAt as c, id 'd' > 'c'); e short 10 → 9 = +10 %.
    // −1 % ties are exact: (198 − 200)/200 = (50 − 50.5)/50 = (0.297 − 0.3)/0.3 = −0.01, though 0.3 is not a binary fraction.
    const ps = [
      { positionId: 'e', side: 'short' as const, entry: dec('10'), openedAt: 1, mark: '9' },
      { positionId: 'b', side: 'long' as const, entry: dec('200'), openedAt: 5, mark: '198' },
      { positionId: 'd', side: 'long' as const, entry: dec('0.3'), openedAt: 3, mark: '0.297' },
      { positionId: 'c', side: 'short' as const, entry: dec('50'), openedAt: 3, mark: '50.5' },
      { positionId: 'a', side: 'long' as const, entry: dec('100'), openedAt: 9, mark: '97' },
    ];
    const ranked = rankWorst(ps, (p) => dec(p.mark));
    expect(ranked.map((p) => p.positionId)).toEqual(['a', 'c', 'd', 'b', 'e']);
    expect(pnlFraction(ps[0] as (typeof ps)[number], dec('9'))).toBeCloseTo(0.1, 12);
    expect(pnlFraction(ps[4] as (typeof ps)[number], dec('97'))).toBeCloseTo(-0.03, 12);
  });
});
