/**
 * Where a CSV layout keeps the fields of a trade, for the byte-level fast path of the CSV parser
 * (byte-row.ts). A layout that gives these lets ordinary rows skip string splitting altogether; rows
 * the fast path cannot read with certainty go through the layout's string decoder instead.
 */
export interface ByteColumns {
  readonly id: number;
  readonly ts: number;
  readonly price: number;
  readonly amount: number;
  readonly side: number;
  /** `buyer-maker`: Binance's is_buyer_maker boolean; `ccxt`: `buy`/`sell`/empty (the tick rule decides). */
  readonly sideKind: 'buyer-maker' | 'ccxt';
  /** A row with fewer fields is not for the fast path. */
  readonly minFields: number;
  /** When set, only rows with exactly this many fields (headerless ccxt: 9 with pandas' index, 8 without). */
  readonly exactFields?: number;
  /** ccxt: an empty id becomes `line-<n>`; Binance ids are never empty on the fast path. */
  readonly emptyIdIsLineNo: boolean;
}
