/**
 * Threshold comparisons on doubles derived by division (ratios, percentages): a value the document
 * puts exactly on a boundary (70,000 of 100,000 is a 30 % drop) must land on the side the text says,
 * not on the side binary rounding puts it (1 − 0.7 = 0.30000000000000004).
 */
const EPS = 1e-12;

/** a > b, beyond rounding. */
export const above = (a: number, b: number): boolean => a > b + EPS * Math.max(1, Math.abs(b));

/** a ≥ b, allowing for rounding. */
export const atLeast = (a: number, b: number): boolean => a >= b - EPS * Math.max(1, Math.abs(b));
