import Big from 'big.js';

/**
 * Exact decimal arithmetic for prices, amounts, fees and P&L (big.js: arbitrary precision, no
 * binary rounding). Floats from the tape enter through `fromTape`, which prints them at the market's
 * precision first: every venue decimal of ≤ 15 significant digits round-trips through a double.
 */
export type Dec = Big;

export const dec = (v: string | number | Big): Big => new Big(v);

export function fromTape(v: number, decimals: number): Big {
  return new Big(v.toFixed(decimals));
}

/** Round to `decimals` places; `mode` 'down' truncates toward zero, 'up' away from zero. */
export function roundTo(v: Big, decimals: number, mode: 'down' | 'up' | 'half'): Big {
  return v.round(decimals, mode === 'down' ? Big.roundDown : mode === 'up' ? Big.roundUp : Big.roundHalfEven);
}

export const ZERO = new Big(0);
