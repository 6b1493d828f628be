import type { MutableValueArea } from './value-area.js';

/** Widest span of rows kept densely (192 KiB a symbol at most); wider, the profile falls back to its sparse table. */
const MAX_SPAN = 16_384;

/**
 * The profile's volume per row as a dense array over the live bins' span, beside the sparse BinTable
 * (issue 14): a sparse tape refreshes Level 2's value-area edges on every trade, and walking the rows
 * directly is several times cheaper than sorting or merging the table's bins and looking each one up.
 * A misprint far from the market (the reason the table is sparse) would make the span huge: beyond
 * MAX_SPAN rows this turns itself off (`valid` false) until the profile rebuilds it from the table.
 *
 * `valueAreaInto` applies `valueArea`'s rule (see value-area.ts) to the live rows (≥ 1 trade): the
 * same comparisons in the same order over the same integer volumes, so the same result to the bit.
 */
export class DenseRows {
  private vol = new Float64Array(256);
  private cnt = new Int32Array(256);
  /** Bin of index 0. */
  private base = 0;
  /** Lowest and highest live bin (±∞ with none). */
  private lo = Number.POSITIVE_INFINITY;
  private hi = Number.NEGATIVE_INFINITY;
  private live = 0;
  /**
   * Sum of the live rows' volumes and the point of control, kept per add/remove so a value area need
   * not scan every row for them (issue 14: Level 2 asks on almost every trade of a sparse tape). The
   * volumes are integer lots, so the running sum is exact and equals the scan's sum in any order. The
   * POC is the least row under (−volume, distance to the centre, bin), the order the scan in
   * `valueAreaInto` applies: an add can only move it to the added row; a new range (centre) only
   * among rows tied with it (`ties`), so it is kept while none is or the range stands, and while the
   * POC row does not lose volume; otherwise the next value area finds it by the scan.
   */
  private total = 0;
  private poc = 0;
  private pocKnown = false;
  /** Live rows other than the POC with its volume (while `pocKnown`): only these can take the POC when the centre moves. */
  private ties = 0;
  /**
   * The range (so the centre) moved while other rows were tied with the POC: `poc` is still a row of
   * the most volume, but which of them is nearest the new centre is found by the next value area,
   * searching outward from the centre (issue 14: on a sparse tape the range's edges move on most
   * trades, and rescanning every row for the POC each time was most of the value area's cost).
   */
  private centreMoved = false;
  valid = true;

  /** Whether a span of live bins from `lo` to `hi` fits with room to move (when turning back on). */
  static fits(lo: number, hi: number): boolean {
    return hi - lo + 1 <= MAX_SPAN / 2;
  }

  clear(): void {
    this.vol.fill(0);
    this.cnt.fill(0);
    this.lo = Number.POSITIVE_INFINITY;
    this.hi = Number.NEGATIVE_INFINITY;
    this.live = 0;
    this.total = 0;
    this.pocKnown = false;
    this.centreMoved = false;
    this.valid = true;
  }

  add(bin: number, units: number, trades = 1): void {
    if (!this.valid) return;
    let i = bin - this.base;
    if (i < 0 || i >= this.vol.length) {
      if (!this.cover(bin)) return;
      i = bin - this.base;
    }
    const vOld = this.vol[i] as number;
    const v = vOld + units;
    this.vol[i] = v;
    this.total += units;
    const c = this.cnt[i] as number;
    this.cnt[i] = c + trades;
    let moved = false;
    if (c === 0) {
      this.live += 1;
      if (bin < this.lo) {
        this.lo = bin;
        moved = true;
      }
      if (bin > this.hi) {
        this.hi = bin;
        moved = true;
      }
    }
    if (!this.pocKnown) return;
    const p = this.poc;
    const best = this.vol[p - this.base] as number;
    if (bin === p) {
      // The POC grew: above every other row now (unless by 0 lots).
      if (v > vOld) this.ties = 0;
    } else if (v > best) {
      this.poc = bin;
      this.ties = 0;
      return;
    } else if (v === best) {
      // A new tie (a row already tied gained 0 lots: still one tie); which of them leads goes by the centre.
      if (c === 0 || vOld !== best) this.ties += 1;
      if (moved) {
        this.centreMoved = true;
        return;
      }
      // Nearer than `p` (which may not be the nearest after a centre move: `centreMoved` then stays set).
      if (this.nearerCentre(bin, p)) this.poc = bin;
    }
    // A new centre moves the POC only among rows tied with it.
    if (moved && this.ties > 0) this.centreMoved = true;
  }

  /** Whether `a` goes before `b` among rows of equal volume: nearer the centre, then the lower bin. */
  private nearerCentre(a: number, b: number): boolean {
    const twiceCentre = this.lo + this.hi;
    const da = Math.abs(2 * a - twiceCentre);
    const db = Math.abs(2 * b - twiceCentre);
    return da < db || (da === db && a < b);
  }

  remove(bin: number, units: number): void {
    if (!this.valid) return;
    const i = bin - this.base;
    const c = (this.cnt[i] as number) - 1;
    this.cnt[i] = c;
    const vOld = this.vol[i] as number;
    // The POC row losing volume can hand the POC to any row: found again by the next scan.
    if (bin === this.poc) this.pocKnown = false;
    else if (this.pocKnown && vOld === (this.vol[this.poc - this.base] as number) && (c === 0 || units !== 0)) this.ties -= 1;
    if (c > 0) {
      this.vol[i] = vOld - units;
      this.total -= units;
      return;
    }
    // The row's last trade left: its volume is exactly 0 (integer lots), stored as +0 like an empty row.
    this.total -= vOld;
    this.vol[i] = 0;
    this.live -= 1;
    // A new centre moves the POC only among rows tied with it.
    if ((bin === this.lo || bin === this.hi) && this.ties > 0) this.centreMoved = true;
    if (this.live === 0) {
      this.total = 0;
      this.lo = Number.POSITIVE_INFINITY;
      this.hi = Number.NEGATIVE_INFINITY;
      return;
    }
    if (bin === this.lo) {
      let r = i + 1;
      while ((this.cnt[r] as number) === 0) r += 1;
      this.lo = r + this.base;
    }
    if (bin === this.hi) {
      let r = i - 1;
      while ((this.cnt[r] as number) === 0) r -= 1;
      this.hi = r + this.base;
    }
  }

  /** Value area of the live rows into `out` (see value-area.ts for the rule); false with no volume. */
  valueAreaInto(pct: number, out: MutableValueArea): boolean {
    return this.valueAreaOf({ valueAreaPct: pct }, out);
  }

  /**
   * `valueAreaInto(cfg.valueAreaPct, out)`, taking the config: the profile asks on most trades, and a
   * double argument (0.7) to a call that is not inlined is boxed each time; an object is not.
   */
  valueAreaOf(cfg: { readonly valueAreaPct: number }, out: MutableValueArea): boolean {
    const pct = cfg.valueAreaPct;
    if (this.live === 0) return false;
    if (!(pct > 0 && pct <= 1)) throw new Error(`value-area share must be in (0, 1], got ${pct}`);
    const vol = this.vol;
    const cnt = this.cnt;
    const base = this.base;
    const minBin = this.lo;
    const maxBin = this.hi;
    const total = this.total;
    if (!(total > 0)) return false;
    if (!this.pocKnown) {
      const twiceCentre = minBin + maxBin;
      let p = minBin;
      let best = vol[minBin - base] as number;
      let equal = 0;
      // Rows indexed from 0 (r = bin − base) so the loop runs on small integers. A row below the best
      // is skipped first (most are, empty rows included: their +0 is below a positive best), which
      // changes nothing: the scan acts only on rows at or above it.
      const rEnd = maxBin - base;
      for (let r = minBin - base; r <= rEnd; r++) {
        const v = vol[r] as number;
        if (v < best || (cnt[r] as number) === 0) continue;
        if (v > best) {
          p = r + base;
          best = v;
          equal = 1;
        } else {
          equal += 1;
          if (Math.abs(2 * (r + base) - twiceCentre) < Math.abs(2 * p - twiceCentre)) p = r + base;
        }
      }
      this.poc = p;
      this.ties = equal - 1;
      this.pocKnown = true;
      this.centreMoved = false;
    } else if (this.centreMoved) {
      if (this.ties > 0) this.poc = this.nearestTie(minBin + maxBin);
      this.centreMoved = false;
    }
    const p = this.poc;
    const pocVolume = vol[p - base] as number;
    // The expansion on row indices (r = bin − base): `lo`, `hi` the area's edge rows, `loEnd`, `hiEnd`
    // the live span's. Each side's next pair (two rows, one at the span's edge, none past it) is summed
    // once and kept until that side is taken: the other side's pair is unchanged by a step that did
    // not take it. Volumes are integer lots, so a pair's sum is exact in any order.
    const loEnd = minBin - base;
    const hiEnd = maxBin - base;
    let lo = p - base;
    let hi = lo;
    let inside = pocVolume;
    let nBelow = lo - loEnd > 2 ? 2 : lo - loEnd;
    let nAbove = hiEnd - hi > 2 ? 2 : hiEnd - hi;
    let below = nBelow === 2 ? (vol[lo - 1] as number) + (vol[lo - 2] as number) : nBelow === 1 ? (vol[lo - 1] as number) : 0;
    let above = nAbove === 2 ? (vol[hi + 1] as number) + (vol[hi + 2] as number) : nAbove === 1 ? (vol[hi + 1] as number) : 0;
    // Below `surely` the area is short of pct for certain (the quotient's rounding is far smaller than
    // the 2^-30 margin), so the division deciding it, `inside / total < pct` as the rule compares, is
    // left for the last steps near the share.
    const surely = pct * total * (1 - 2 ** -30);
    while (inside < surely || inside / total < pct) {
      if (nBelow === 0 && nAbove === 0) break;
      if (nBelow > 0 && (nAbove === 0 || below > above)) {
        lo -= nBelow;
        inside += below;
        nBelow = lo - loEnd > 2 ? 2 : lo - loEnd;
        below = nBelow === 2 ? (vol[lo - 1] as number) + (vol[lo - 2] as number) : nBelow === 1 ? (vol[lo - 1] as number) : 0;
      } else {
        hi += nAbove;
        inside += above;
        nAbove = hiEnd - hi > 2 ? 2 : hiEnd - hi;
        above = nAbove === 2 ? (vol[hi + 1] as number) + (vol[hi + 2] as number) : nAbove === 1 ? (vol[hi + 1] as number) : 0;
      }
    }
    out.pocBin = p;
    out.pocVolume = pocVolume;
    out.lowBin = lo + base;
    out.highBin = hi + base;
    out.valueAreaVolume = inside;
    out.totalVolume = total;
    return true;
  }

  /**
   * The POC among the rows tied at its volume after the centre moved: the live row of that volume
   * nearest the centre, the lower on equal distance, as the scan in `valueAreaInto` picks it. Rows are
   * visited in that order (distance |2·bin − twiceCentre|, lower first) until one has the volume; the
   * current `poc` has it, so the walk ends at it at the latest.
   */
  private nearestTie(twiceCentre: number): number {
    const vol = this.vol;
    const cnt = this.cnt;
    const base = this.base;
    const best = vol[this.poc - base] as number;
    // Rows at distance 2j (even centre: c − j, c + j) or 2j + 1 (odd: lower − j, lower + 1 + j).
    const lower = Math.floor(twiceCentre / 2) - base;
    const upper = twiceCentre % 2 === 0 ? lower : lower + 1;
    const span = this.hi - this.lo;
    for (let j = 0; j <= span; j++) {
      const a = lower - j;
      if ((vol[a] as number) === best && (cnt[a] as number) > 0) return a + base;
      const b = upper + j;
      if ((vol[b] as number) === best && (cnt[b] as number) > 0) return b + base;
    }
    // Unreachable while `poc` holds the most volume; kept so a broken invariant cannot loop forever.
    return this.poc;
  }

  /** Every live row, lowest first: its bin, volume and trades (allocates; for listings, not per trade). */
  list(): { bin: number; volume: number; trades: number }[] {
    const out: { bin: number; volume: number; trades: number }[] = [];
    for (let b = this.lo; b <= this.hi; b++) {
      const r = b - this.base;
      if ((this.cnt[r] as number) > 0) out.push({ bin: b, volume: this.vol[r] as number, trades: this.cnt[r] as number });
    }
    return out;
  }

  /** `base` to `newBase` in place: the live rows moved, every other row +0 and 0 trades, as fresh arrays and a copy leave them. */
  private recentre(newBase: number): void {
    const vol = this.vol;
    const cnt = this.cnt;
    if (this.live === 0) {
      vol.fill(0);
      cnt.fill(0);
      this.base = newBase;
      return;
    }
    const from = this.lo - this.base;
    const end = this.hi - this.base + 1;
    const to = this.lo - newBase;
    vol.copyWithin(to, from, end);
    cnt.copyWithin(to, from, end);
    const toEnd = to + (end - from);
    vol.fill(0, 0, to);
    vol.fill(0, toEnd);
    cnt.fill(0, 0, to);
    cnt.fill(0, toEnd);
    this.base = newBase;
  }

  /** Re-bases (and grows) the arrays so `bin` fits with the live span; false, and off, when that span is too wide. */
  private cover(bin: number): boolean {
    const lo = this.live === 0 ? bin : Math.min(this.lo, bin);
    const hi = this.live === 0 ? bin : Math.max(this.hi, bin);
    const span = hi - lo + 1;
    if (span > MAX_SPAN) {
      this.valid = false;
      return false;
    }
    let cap = this.vol.length;
    while (cap < 2 * span) cap *= 2;
    const base = lo - Math.floor((cap - span) / 2);
    if (cap === this.vol.length) {
      // Same size: the live span moved within the arrays, not into new ones (issue 14: a drifting
      // price re-bases every so often, and two fresh typed arrays each time were garbage and
      // off-heap allocations). Rows outside the live span are empty (+0), so only it is moved.
      this.recentre(base);
      return true;
    }
    const vol = new Float64Array(cap);
    const cnt = new Int32Array(cap);
    if (this.live > 0) {
      for (let b = this.lo; b <= this.hi; b++) {
        vol[b - base] = this.vol[b - this.base] as number;
        cnt[b - base] = this.cnt[b - this.base] as number;
      }
    }
    this.vol = vol;
    this.cnt = cnt;
    this.base = base;
    return true;
  }
}
