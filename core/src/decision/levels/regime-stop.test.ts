import { describe, expect, it } from 'vitest';
import { RegimeDetector, type RegimeResult } from '../../analytics/regime/regime-detector.js';
import { regimeRetention } from '../../analytics/regime/retention.js';
import { regimeStop } from './regime-stop.js';

const judged = (candles15m: number, failed: readonly string[], verdict: RegimeResult['verdict'] = 'RANGING'): RegimeResult => {
  const names = ['structure', 'adx', 'di', 'persistence', 'meanReversion', 'atr'] as const;
  return {
    verdict,
    reason: '',
    checks: names.map((name) => ({ name, passed: !failed.includes(name), detail: '' })),
    structure: null,
    values: { candles15m } as RegimeResult['values'],
    decidedOn15m: null,
  };
};

describe('regimeStop: the reason Level 1 stopped', () => {
  it('warmingUp while fewer 15m candles than every value needs (119 at the defaults), whatever else fails', () => {
    const fresh = new RegimeDetector().evaluate();
    expect(regimeStop(fresh, regimeRetention().firstVerdict15m)).toEqual({ reason: 'warmingUp', failed: [] });
    expect(regimeStop(judged(118, ['persistence']), 119)).toEqual({ reason: 'warmingUp', failed: [] });
  });

  it('the first failed check in the judge order once warm; every failed check alongside', () => {
    expect(regimeStop(judged(119, ['persistence', 'adx']), 119)).toEqual({ reason: 'adx', failed: ['adx', 'persistence'] });
    expect(regimeStop(judged(500, ['atr']), 119)).toEqual({ reason: 'atr', failed: ['atr'] });
  });

  it('no reason for a trend verdict', () => {
    expect(regimeStop(judged(119, [], 'UPTREND'), 119)).toBeNull();
  });
});
