import type { Trade } from '../model/trade.js';
import type { ValueOf } from '../util/value-of.js';

/** Why a trade was dropped from a tape. Checked in this order; the first that applies is counted. */
export const RejectReason = {
  /** `ts` is NaN, not an integer, or ≤ 0. */
  BadTime: 'bad_time',
  /** `price` is NaN, infinite or ≤ 0. */
  BadPrice: 'bad_price',
  /** `amount` is NaN, infinite or ≤ 0. */
  BadAmount: 'bad_amount',
  /** The id was already accepted (or, for numeric ids, is at or below ids the window has forgotten). */
  Duplicate: 'duplicate',
  /** `ts` is earlier than the last accepted trade's. */
  OutOfOrder: 'out_of_order',
} as const;
export type RejectReason = ValueOf<typeof RejectReason>;

export const allRejectReasons: readonly RejectReason[] = Object.values(RejectReason);

/** 10k ids covers many minutes of the busiest Binance pair; replays from further back are caught by the numeric-id floor. */
export const defaultIdWindow = 10_000;

export function zeroRejectCounts(): Record<RejectReason, number> {
  return { bad_time: 0, bad_price: 0, bad_amount: 0, duplicate: 0, out_of_order: 0 };
}

/**
 * Gatekeeper for one symbol's trade stream. It never re-sorts: a tape must already be in time order,
 * and whatever breaks it is counted and dropped.
 *
 * Duplicates: the last `idWindow` accepted ids are kept in a ring + set. For ids that are plain
 * decimal integers (Binance, Kraken line numbers, most venues) the largest id ever evicted from the
 * window is remembered too: an unseen id at or below it is older than anything the window holds and
 * is counted as a duplicate (a replayed stretch). Ids may be locally out of order within the window
 * without being rejected; string ids (UUIDs) only get the window check.
 *
 * Ids that are canonical integers of ≤ 15 digits (every Binance id) take a faster road with the
 * same answers: they are kept as numbers beside the ring, and while they only grow (any venue's
 * normal order) a new one is above every id in the window, so no set is needed; the set of numeric
 * ids is built from the ring the first time an id at or below the largest one arrives.
 */
export class TradeValidator {
  accepted = 0;
  private readonly rejected = zeroRejectCounts();
  private lastTs = -Infinity;
  private readonly ring: string[];
  /** The value of each ring id that is a short canonical integer (see `shortId`), else -1. */
  private readonly ringNum: Float64Array;
  private ringHead = 0; // next slot to write
  private ringSize = 0;
  /** Window ids that are not short canonical integers. */
  private readonly ids = new Set<string>();
  /** Window ids that are short canonical integers; built from the ring when first needed, then kept. */
  private nums: Set<number> | null = null;
  /** Largest short canonical integer id accepted so far, -1 before one. */
  private maxNum = -1;
  /** Largest numeric id evicted from the window, as canonical digits; '' until one is. */
  private evictedNumericFloor = '';
  /** The floor's value when it has ≤ 15 digits, else Infinity (above every short id). */
  private floorNum = -1;

  constructor(private readonly idWindow = defaultIdWindow) {
    if (!Number.isInteger(idWindow) || idWindow < 1) throw new Error(`TradeValidator idWindow must be a positive integer, got ${idWindow}`);
    this.ring = new Array<string>(idWindow);
    this.ringNum = new Float64Array(idWindow);
  }

  /**
   * Null when the trade is kept (and recorded); otherwise the reason it was dropped. `num` is
   * `shortId(t.id)` when the caller already knows it (the CSV byte path read the id as a number).
   */
  accept(t: Trade, num = shortId(t.id)): RejectReason | null {
    const reason = this.check(t, num);
    if (reason !== null) {
      this.rejected[reason] += 1;
      return reason;
    }
    this.lastTs = t.ts;
    this.remember(t.id, num);
    this.accepted += 1;
    return null;
  }

  /** Counts of dropped trades by reason (a copy). */
  counts(): Record<RejectReason, number> {
    return { ...this.rejected };
  }

  get rejectedTotal(): number {
    let n = 0;
    for (const r of allRejectReasons) n += this.rejected[r];
    return n;
  }

  private check(t: Trade, num: number): RejectReason | null {
    if (!Number.isSafeInteger(t.ts) || t.ts <= 0) return RejectReason.BadTime;
    if (!(Number.isFinite(t.price) && t.price > 0)) return RejectReason.BadPrice;
    if (!(Number.isFinite(t.amount) && t.amount > 0)) return RejectReason.BadAmount;
    if (num >= 0) {
      // A short canonical id equals no other kind of id's text, so only the numeric ids can hold it,
      // and none can when it is above all of them.
      if (num <= this.maxNum && this.numericIds().has(num)) return RejectReason.Duplicate;
      if (this.evictedNumericFloor !== '' && num <= this.floorNum) return RejectReason.Duplicate;
    } else {
      if (this.ids.has(t.id)) return RejectReason.Duplicate;
      if (this.evictedNumericFloor !== '') {
        const digits = canonicalDigits(t.id);
        if (digits !== null && compareDigits(digits, this.evictedNumericFloor) <= 0) return RejectReason.Duplicate;
      }
    }
    if (t.ts < this.lastTs) return RejectReason.OutOfOrder;
    return null;
  }

  private numericIds(): Set<number> {
    if (this.nums === null) {
      const nums = new Set<number>();
      for (let i = 0; i < this.ringSize; i++) {
        const v = this.ringNum[i] as number;
        if (v >= 0) nums.add(v);
      }
      this.nums = nums;
    }
    return this.nums;
  }

  private remember(id: string, num: number): void {
    const head = this.ringHead;
    if (this.ringSize === this.idWindow) {
      const old = this.ring[head] as string;
      const oldNum = this.ringNum[head] as number;
      if (oldNum >= 0) {
        this.nums?.delete(oldNum);
        if (this.evictedNumericFloor === '' || oldNum > this.floorNum) {
          this.evictedNumericFloor = old; // already canonical
          this.floorNum = oldNum;
        }
      } else {
        this.ids.delete(old);
        const digits = canonicalDigits(old);
        if (digits !== null && (this.evictedNumericFloor === '' || compareDigits(digits, this.evictedNumericFloor) > 0)) {
          this.evictedNumericFloor = digits;
          this.floorNum = digits.length <= 15 ? Number(digits) : Number.POSITIVE_INFINITY;
        }
      }
    } else {
      this.ringSize += 1;
    }
    this.ring[head] = id;
    this.ringNum[head] = num;
    this.ringHead = head + 1 === this.idWindow ? 0 : head + 1;
    if (num >= 0) {
      this.nums?.add(num);
      if (num > this.maxNum) this.maxNum = num;
    } else {
      this.ids.add(id);
    }
  }
}

/**
 * The value of an id that is a canonical decimal integer of at most 15 digits (`0`, `123`, not
 * `0123`, `+1`, `1.0`): exact as a double, and equal to another such id exactly when their texts
 * are equal. -1 for any other id.
 */
export function shortId(id: string): number {
  const n = id.length;
  if (n === 0 || n > 15 || (n > 1 && id.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `000123` → `123`; null unless the id is all ASCII digits. Compared as text so ids past 2^53 stay exact. */
function canonicalDigits(id: string): string | null {
  const n = id.length;
  if (n === 0) return null;
  let start = -1;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    if (start < 0 && c !== 48) start = i;
  }
  return start < 0 ? '0' : start === 0 ? id : id.slice(start);
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
