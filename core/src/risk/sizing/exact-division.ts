import Big from 'big.js';
import { type Dec, dec, roundTo } from '../../execution/money.js';

// Own constructors, so the division's rounding mode is fixed here and the global Big's DP/RM
// (half-up at 20 places) never leaks into a size: truncating at 40 places and then again at
// ≤ 18 is exactly the floor of the true quotient.
const Down = Big();
Down.DP = 40;
Down.RM = Big.roundDown;
const Up = Big();
Up.DP = 40;
Up.RM = Big.roundUp;

/** ⌊n / d⌋ at `decimals` places, exact (n, d > 0). */
export function divDown(n: Dec, d: Dec, decimals: number): Dec {
  return dec(roundTo(new Down(n).div(d), decimals, 'down'));
}

/** ⌈n / d⌉ at `decimals` places, exact (n, d > 0). */
export function divUp(n: Dec, d: Dec, decimals: number): Dec {
  return dec(roundTo(new Up(n).div(d), decimals, 'up'));
}
