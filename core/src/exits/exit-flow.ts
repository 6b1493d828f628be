/**
 * The order flow the exit monitor reads for one symbol (§2.6.1): the 15-s exit window is the fast end
 * of the reversal cascade, then the trailing 1m and 5m windows. Ratios are buy/sell, null = no sells.
 */
export interface ExitFlow {
  readonly r15s: number | null;
  readonly trades15s: number;
  readonly r1m: number | null;
  readonly r5m: number | null;
}
