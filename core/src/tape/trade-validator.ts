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
 * Per accepted trade the only allocation is the id's slot in the set.
 */
export class TradeValidator {
  accepted = 0;
  private readonly rejected = zeroRejectCounts();
  private lastTs = -Infinity;
  private readonly ring: string[];
  private ringHead = 0; // next slot to write
  private ringSize = 0;
  private readonly ids = new Set<string>();
  /** Largest numeric id evicted from the window, as canonical digits; '' until one is. */
  private evictedNumericFloor = '';

  constructor(private readonly idWindow = defaultIdWindow) {
    if (!Number.isInteger(idWindow) || idWindow < 1) throw new Error(`TradeValidator idWindow must be a positive integer, got ${idWindow}`);
    this.ring = new Array<string>(idWindow);
  }

  /** Null when the trade is kept (and recorded); otherwise the reason it was dropped. */
  accept(t: Trade): RejectReason | null {
    const reason = this.check(t);
    if (reason !== null) {
      this.rejected[reason] += 1;
      return reason;
    }
    this.lastTs = t.ts;
    this.remember(t.id);
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

  private check(t: Trade): RejectReason | null {
    if (!Number.isSafeInteger(t.ts) || t.ts <= 0) return RejectReason.BadTime;
    if (!(Number.isFinite(t.price) && t.price > 0)) return RejectReason.BadPrice;
    if (!(Number.isFinite(t.amount) && t.amount > 0)) return RejectReason.BadAmount;
    if (this.ids.has(t.id)) return RejectReason.Duplicate;
    if (this.evictedNumericFloor !== '') {
      const digits = canonicalDigits(t.id);
      if (digits !== null && compareDigits(digits, this.evictedNumericFloor) <= 0) return RejectReason.Duplicate;
    }
    if (t.ts < this.lastTs) return RejectReason.OutOfOrder;
    return null;
  }

  private remember(id: string): void {
    if (this.ringSize === this.idWindow) {
      const old = this.ring[this.ringHead] as string;
      this.ids.delete(old);
      const digits = canonicalDigits(old);
      if (digits !== null && (this.evictedNumericFloor === '' || compareDigits(digits, this.evictedNumericFloor) > 0)) {
        this.evictedNumericFloor = digits;
      }
    } else {
      this.ringSize += 1;
    }
    this.ring[this.ringHead] = id;
    this.ringHead = (this.ringHead + 1) % this.idWindow;
    this.ids.add(id);
  }
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
