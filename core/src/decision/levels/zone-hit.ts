/** What Level 2 found the price at, on the side the regime allows. */
export interface ZoneHit {
  readonly kind: 'demand' | 'supply' | 'fvg' | 'value_area';
  readonly id: string;
  readonly low: number;
  readonly high: number;
  /** 0–100 for supply/demand zones; null for gaps and value-area edges. */
  readonly strength: number | null;
  /** Times a supply/demand zone has been tested (0 = fresh); null for the others. */
  readonly tests: number | null;
}
