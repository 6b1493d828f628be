import { describe, expect, it } from 'vitest';
import { dec } from '../money.js';
import { slotLimitsVerdict } from './slot-limits.js';

const limits = { maxOpenPositions: 2, maxExposurePct: 0.7, maxExposureQuote: undefined };

describe('slotLimitsVerdict (the limits inside the slot claim)', () => {
  it('refuses the entry that would be one position too many: 2 held, max 2', () => {
    const held = [{ holder: 'a', notional: dec('100') }, { holder: 'b', notional: dec('100') }];
    expect(slotLimitsVerdict(held, dec('100'), limits, dec('10000'), 1)).toMatchObject({ ok: false, handler: 'position_limit', numbers: { open: 2, max: 2 } });
  });

  it('refuses an order that takes exposure past the cap: 3000 held + 3000 > 10000 × 0.5 allocation × 0.7 = 3500', () => {
    const v = slotLimitsVerdict([{ holder: 'a', notional: dec('3000') }], dec('3000'), limits, dec('10000'), 0.5);
    expect(v).toMatchObject({ ok: false, handler: 'exposure', numbers: { current: '3000', order: '3000', total: '6000', cap: '3500' } });
  });

  it('allows what fits, and the absolute cap applies when it is the tighter: 3000 + 3000 ≤ 7000; 6000 > 5000', () => {
    const held = [{ holder: 'a', notional: dec('3000') }];
    expect(slotLimitsVerdict(held, dec('3000'), limits, dec('10000'), 1)).toEqual({ ok: true });
    expect(slotLimitsVerdict(held, dec('3000'), { ...limits, maxExposureQuote: '5000' }, dec('10000'), 1)).toMatchObject({ ok: false, handler: 'exposure', numbers: { cap: '5000' } });
  });
});
