import type { AggressorSide, Trade } from '../model/trade.js';
import type { ValueOf } from '../util/value-of.js';
import { decimalPlaces } from './decimal-text.js';
import type { TapePrecision } from './tape-format.js';
import { TickRule } from './tick-rule.js';
import { RejectReason, TradeValidator, zeroRejectCounts } from './trade-validator.js';

/** Reasons a parser drops a row: the validator's, plus rows it could not read at all. */
export const TapeRejectReason = {
  ...RejectReason,
  /** Wrong column count, unknown side, not an element of the expected shape. */
  Malformed: 'malformed',
} as const;
export type TapeRejectReason = ValueOf<typeof TapeRejectReason>;

/** What a parser has done so far. */
export interface TapeParseStats {
  readonly accepted: number;
  readonly rejected: Record<TapeRejectReason, number>;
  /** Quote rows that did not move the mid (quote formats only): not trades, not errors. */
  readonly unchangedQuotes: number;
}

/**
 * One row as read from a tape, before it is a `Trade`. Prices and amounts stay text so precision is
 * measured on what the venue printed. `side` null means the feed has none: the tick rule decides.
 */
export interface RawTrade {
  id: string;
  ts: number;
  price: string;
  amount: string;
  side: AggressorSide | null;
}

export function emptyRawTrade(): RawTrade {
  return { id: '', ts: NaN, price: '', amount: '', side: null };
}

/**
 * The shared back half of every parser: text → numbers, tick rule for missing sides, validation,
 * precision of the kept trades, reject counts.
 */
export class TradeAssembler {
  private readonly validator: TradeValidator;
  private readonly tickRule = new TickRule();
  private malformed = 0;
  private pricePlaces = 0;
  private amountPlaces = 0;
  unchangedQuotes = 0;

  constructor(idWindow?: number) {
    this.validator = new TradeValidator(idWindow);
  }

  /** The kept trade, or null when the validator dropped it (counted). */
  accept(raw: RawTrade): Trade | null {
    const pricePlaces = decimalPlaces(raw.price);
    const amountPlaces = decimalPlaces(raw.amount);
    const price = pricePlaces < 0 ? NaN : Number(raw.price);
    const amount = amountPlaces < 0 ? NaN : Number(raw.amount);
    return this.acceptParsed(raw.id, raw.ts, price, pricePlaces, amount, amountPlaces, raw.side);
  }

  /**
   * `accept` for a row whose numbers are already read (the CSV parser's byte path): places are the
   * decimal places of the printed text, -1 when it was not a decimal (the number is then NaN);
   * `idNum` is the validator's `shortId(id)` when known.
   */
  acceptParsed(id: string, ts: number, price: number, pricePlaces: number, amount: number, amountPlaces: number, given: AggressorSide | null, idNum?: number): Trade | null {
    const side = given ?? this.tickRule.peek(price);
    const trade: Trade = { id, ts, price, amount, side, sideInferred: given === null };
    if (this.validator.accept(trade, idNum) !== null) return null;
    this.tickRule.update(price, side);
    if (pricePlaces > this.pricePlaces) this.pricePlaces = pricePlaces;
    if (amountPlaces > this.amountPlaces) this.amountPlaces = amountPlaces;
    return trade;
  }

  /** Counts a row that could not be read into a `RawTrade`. */
  rejectMalformed(): void {
    this.malformed += 1;
  }

  get precision(): TapePrecision {
    return { pricePrecision: this.pricePlaces, amountPrecision: this.amountPlaces };
  }

  stats(): TapeParseStats {
    return {
      accepted: this.validator.accepted,
      rejected: { ...this.validator.counts(), malformed: this.malformed },
      unchangedQuotes: this.unchangedQuotes,
    };
  }
}

export function zeroTapeRejectCounts(): Record<TapeRejectReason, number> {
  return { ...zeroRejectCounts(), malformed: 0 };
}
