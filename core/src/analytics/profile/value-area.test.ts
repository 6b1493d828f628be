import { describe, expect, it } from 'vitest';
import { valueArea } from './value-area.js';

describe('valueArea (two-row rule)', () => {
  it('works a 7-bin profile by hand: POC bin 3, value area bins 1…5 holding 115 of 128', () => {
    // bin:     0   1   2   3   4   5   6
    // volume:  5  10  20  40  30  15   8      total 128; 70 % = 89.6
    // POC = bin 3 (40).                                       inside 40  (31.3 %)
    // step 1: below rows 2+1 = 20+10 = 30; above rows 4+5 = 30+15 = 45 → add above → inside 85 (66.4 %), bins 3…5
    // step 2: below rows 2+1 = 30; above: only row 6 is left = 8      → add below → inside 115 (89.8 %), bins 1…5
    // 115/128 ≥ 0.7: stop. (A one-row-at-a-time rule would stop at bins 2…4 with 90.)
    expect(valueArea([0, 1, 2, 3, 4, 5, 6], [5, 10, 20, 40, 30, 15, 8], 0.7)).toEqual({
      pocBin: 3,
      pocVolume: 40,
      lowBin: 1,
      highBin: 5,
      valueAreaVolume: 115,
      totalVolume: 128,
    });
  });

  it('adds the pair above when both pairs hold the same volume', () => {
    // volumes 3 2 [10] 2 3, total 20, 70 % = 14. POC bin 2. below 2+3 = 5 = above 2+3 → above: 15 (75 %) → bins 2…4.
    expect(valueArea([0, 1, 2, 3, 4], [3, 2, 10, 2, 3], 0.7)).toMatchObject({ pocBin: 2, lowBin: 2, highBin: 4, valueAreaVolume: 15 });
  });

  it('breaks POC ties towards the centre of the range, then downwards', () => {
    // bins 10…14 = 7 3 7 1 7: three bins hold 7; centre (10+14)/2 = 12 → bin 12.
    expect(valueArea([10, 11, 12, 13, 14], [7, 3, 7, 1, 7], 0.1)?.pocBin).toBe(12);
    // bins 10…13 all 9: centre 11.5; 11 and 12 are equally near → the lower, 11.
    expect(valueArea([10, 11, 12, 13], [9, 9, 9, 9], 0.1)?.pocBin).toBe(11);
  });

  it('counts unlisted bins as empty rows and walks across them', () => {
    // rows 0…5 = 30 0 0 0 50 5 (bins 1–3 not listed), total 85, 70 % = 59.5. POC 4 (50).
    // step 1: below rows 3+2 = 0; above row 5 = 5 → above: 55 (64.7 %), bins 4…5
    // step 2: below rows 3+2 = 0; nothing above → below: 55, bins 2…5
    // step 3: below rows 1+0 = 0+30 = 30 → 85 (100 %), bins 0…5
    expect(valueArea([0, 4, 5], [30, 50, 5], 0.7)).toMatchObject({ pocBin: 4, lowBin: 0, highBin: 5, valueAreaVolume: 85, totalVolume: 85 });
  });

  it('stops as soon as the share is reached, exactly at 70 %', () => {
    // 7 of 10 in the POC: 7/10 = 0.7 ≥ 0.7, nothing is added.
    expect(valueArea([0, 1], [3, 7], 0.7)).toMatchObject({ pocBin: 1, lowBin: 1, highBin: 1, valueAreaVolume: 7 });
    // One bin is its own value area.
    expect(valueArea([42], [5], 0.7)).toMatchObject({ pocBin: 42, lowBin: 42, highBin: 42 });
  });

  it('has no profile without volume', () => {
    expect(valueArea([], [], 0.7)).toBeNull();
    expect(valueArea([1, 2], [0, 0], 0.7)).toBeNull();
  });
});
