/**
 * Volume and trade count per profile bin, keyed by integer bin index: an open-addressing hash table
 * with linear probing and deletion by backward shift (Knuth, TAOCP vol. 3, §6.4, Algorithm R), so a
 * bin whose last trade leaves the window is removed without tombstones.
 *
 * Why a hash and not a dense array over [lowest bin, highest bin]: one misprint far from the market
 * (a fat-finger at 1 % of the price) would make a dense array span hundreds of thousands of bins for
 * the 15 minutes it stays in the window. Here memory follows the number of distinct live bins.
 * The hash is the bin's low 32 bits: neighbouring prices fill neighbouring slots, so while the live
 * bins span fewer than `capacity` bins nothing collides. Load stays between 1/8 and 1/2 (the table
 * doubles, and halves once an excursion has left); add and remove are O(1) amortised.
 *
 * The bins in ascending order are kept lazily for snapshots (issue 14: the snapshot sorted every live
 * bin and walked every slot each time, the largest cost of a trade): bins that appear are noted in
 * `added`, and `sync` merges them into the previous order (dropping bins that left) in O(D + k log k)
 * for D live bins and k new ones, instead of a full sort. Per trade this costs one store at most.
 */
export class BinTable {
  private mask: number;
  /** Bin index per slot; NaN marks an empty slot. */
  private keys: Float64Array;
  private vol: Float64Array;
  private cnt: Int32Array;
  private used = 0;
  private readonly minCapacity: number;
  /** Live bins ascending, as of the last `sync` (`orderN` of them); bins that left since may remain until then. */
  private order = new Float64Array(8);
  private orderN = 0;
  /** Bins that became live since the last `sync` (may repeat, may have left again); overflow → full rebuild. */
  private added = new Float64Array(8);
  private addedN = 0;
  private removedSince = 0;
  private stale = false;
  private scratch = new Float64Array(8);

  constructor(initialCapacity = 64) {
    let cap = 8;
    while (cap < initialCapacity) cap *= 2;
    this.minCapacity = cap;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap).fill(Number.NaN);
    this.vol = new Float64Array(cap);
    this.cnt = new Int32Array(cap);
  }

  /** Distinct bins holding at least one trade. */
  get size(): number {
    return this.used;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Adds one trade of `units` volume to `bin`. */
  add(bin: number, units: number): void {
    let i = (bin | 0) & this.mask;
    for (;;) {
      const k = this.keys[i] as number;
      if (k === bin) {
        this.vol[i] = (this.vol[i] as number) + units;
        this.cnt[i] = (this.cnt[i] as number) + 1;
        return;
      }
      if (k !== k) break; // NaN: empty slot, the bin is not in the table
      i = (i + 1) & this.mask;
    }
    if ((this.used + 1) * 2 > this.mask + 1) {
      this.grow();
      i = (bin | 0) & this.mask;
      while ((this.keys[i] as number) === (this.keys[i] as number)) i = (i + 1) & this.mask;
    }
    this.keys[i] = bin;
    this.vol[i] = units;
    this.cnt[i] = 1;
    this.used += 1;
    if (!this.stale) {
      // More new bins than live ones since the last sync: rebuilding the order from the table is cheaper.
      if (this.addedN >= this.used + 8) this.stale = true;
      else {
        if (this.addedN === this.added.length) this.added = grown(this.added, this.addedN);
        this.added[this.addedN++] = bin;
      }
    }
  }

  /** Removes one trade of `units` volume from `bin`; the bin goes when its last trade does. */
  remove(bin: number, units: number): void {
    const i = this.find(bin);
    if (i < 0) throw new Error(`profile bin ${bin} is not in the table`);
    const c = (this.cnt[i] as number) - 1;
    if (c === 0) {
      this.deleteAt(i);
      this.removedSince += 1;
      // Shrink after a wide excursion (a crash, a misprint) has left: `sorted()` walks every slot.
      if (this.used * 8 < this.mask + 1 && this.mask + 1 > this.minCapacity) this.resize((this.mask + 1) / 2);
    } else {
      this.cnt[i] = c;
      this.vol[i] = (this.vol[i] as number) - units;
    }
  }

  /** Volume in `bin` (0 when it holds no trade). */
  volume(bin: number): number {
    const i = this.find(bin);
    return i < 0 ? 0 : (this.vol[i] as number);
  }

  /** Trades in `bin`. */
  trades(bin: number): number {
    const i = this.find(bin);
    return i < 0 ? 0 : (this.cnt[i] as number);
  }

  clear(): void {
    this.keys.fill(Number.NaN);
    this.vol.fill(0);
    this.cnt.fill(0);
    this.used = 0;
    this.stale = true;
  }

  /** The live bins in ascending order with their volumes (allocates; for queries, not per trade). */
  sorted(): { bins: Float64Array; volumes: Float64Array } {
    const n = this.sync();
    const bins = this.order.slice(0, n);
    const volumes = new Float64Array(n);
    for (let j = 0; j < n; j++) volumes[j] = this.volume(bins[j] as number);
    return { bins, volumes };
  }

  /**
   * Brings `orderedBins` up to date and returns how many live bins it holds (its first `size` entries,
   * ascending). The array is the table's own: read it before the next add or remove.
   */
  sync(): number {
    if (this.stale) this.rebuildOrder();
    else if (this.addedN > 0 || this.removedSince > 0) this.mergeOrder();
    this.addedN = 0;
    this.removedSince = 0;
    this.stale = false;
    return this.orderN;
  }

  /** Live bins ascending, valid for the `sync()` count until the next add or remove. */
  get orderedBins(): Float64Array {
    return this.order;
  }

  private rebuildOrder(): void {
    if (this.order.length < this.used) this.order = new Float64Array(this.used * 2);
    let n = 0;
    for (let i = 0; i <= this.mask; i++) {
      const k = this.keys[i] as number;
      if (k === k) this.order[n++] = k;
    }
    this.order.subarray(0, n).sort();
    this.orderN = n;
  }

  /** Drops bins that left from the last order and merges in the new ones (sorted, unique, still live). */
  private mergeOrder(): void {
    const order = this.order;
    let n = this.orderN;
    if (this.removedSince > 0) {
      let w = 0;
      for (let r = 0; r < n; r++) {
        const b = order[r] as number;
        if (this.find(b) >= 0) order[w++] = b;
      }
      n = w;
    }
    const k = this.addedN;
    const add = this.added;
    if (k > 0) {
      if (k <= 32) insertionSort(add, k);
      else add.subarray(0, k).sort();
      if (this.scratch.length < this.used) this.scratch = new Float64Array(this.used * 2);
      const out = this.scratch;
      let i = 0;
      let j = 0;
      let m = 0;
      let prev = Number.NaN;
      while (i < n || j < k) {
        let b: number;
        if (j >= k || (i < n && (order[i] as number) <= (add[j] as number))) b = order[i++] as number;
        else {
          b = add[j++] as number;
          // A new bin may repeat, may already be in the order (it left and came back), or may have left again.
          if (b === prev || this.find(b) < 0) continue;
        }
        if (b === prev) continue;
        out[m++] = b;
        prev = b;
      }
      this.scratch = order;
      this.order = out;
      n = m;
    }
    this.orderN = n;
    // Defensive: the merge must account for every live bin; if not, rebuild from the table.
    if (n !== this.used) this.rebuildOrder();
  }

  private find(bin: number): number {
    let i = (bin | 0) & this.mask;
    for (;;) {
      const k = this.keys[i] as number;
      if (k === bin) return i;
      if (k !== k) return -1;
      i = (i + 1) & this.mask;
    }
  }

  private deleteAt(slot: number): void {
    // Algorithm R: walk the cluster after the hole; an entry whose home slot is not cyclically in
    // (hole, j] would become unreachable, so it moves into the hole and its old slot becomes the hole.
    let hole = slot;
    let j = slot;
    for (;;) {
      j = (j + 1) & this.mask;
      const k = this.keys[j] as number;
      if (k !== k) break;
      const home = (k | 0) & this.mask;
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      this.keys[hole] = k;
      this.vol[hole] = this.vol[j] as number;
      this.cnt[hole] = this.cnt[j] as number;
      hole = j;
    }
    this.keys[hole] = Number.NaN;
    this.vol[hole] = 0;
    this.cnt[hole] = 0;
    this.used -= 1;
  }

  private grow(): void {
    this.resize((this.mask + 1) * 2);
  }

  private resize(cap: number): void {
    const { keys, vol, cnt } = this;
    this.mask = cap - 1;
    this.keys = new Float64Array(cap).fill(Number.NaN);
    this.vol = new Float64Array(cap);
    this.cnt = new Int32Array(cap);
    for (let s = 0; s < keys.length; s++) {
      const k = keys[s] as number;
      if (k !== k) continue;
      let i = (k | 0) & this.mask;
      while ((this.keys[i] as number) === (this.keys[i] as number)) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.vol[i] = vol[s] as number;
      this.cnt[i] = cnt[s] as number;
    }
  }
}

function grown(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(8, a.length * 2));
  b.set(a.subarray(0, n));
  return b;
}

function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j -= 1;
    }
    a[j + 1] = v;
  }
}
