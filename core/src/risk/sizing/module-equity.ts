import { type Dec, dec } from '../../execution/money.js';

/**
 * Equity a module may risk and deploy: total × its capital allocation (§2.2.3 per-module
 * allocation, `modules/{id}.capitalAllocation`). Exact: a product of two finite decimals.
 */
export function moduleEquity(totalEquity: Dec, allocation: number): Dec {
  if (!(allocation >= 0 && allocation <= 1)) throw new RangeError(`allocation must be in [0, 1], got ${allocation}`);
  return totalEquity.times(dec(allocation));
}
