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
 */
export class BinTable {
  private mask: number;
  /** Bin index per slot; NaN marks an empty slot. */
  private keys: Float64Array;
  private vol: Float64Array;
  private cnt: Int32Array;
  private used = 0;
  private readonly minCapacity: number;

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
  }

  /** Removes one trade of `units` volume from `bin`; the bin goes when its last trade does. */
  remove(bin: number, units: number): void {
    const i = this.find(bin);
    if (i < 0) throw new Error(`profile bin ${bin} is not in the table`);
    const c = (this.cnt[i] as number) - 1;
    if (c === 0) {
      this.deleteAt(i);
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
  }

  /** The live bins in ascending order with their volumes (allocates; for queries, not per trade). */
  sorted(): { bins: Float64Array; volumes: Float64Array } {
    const bins = new Float64Array(this.used);
    let n = 0;
    for (let i = 0; i <= this.mask; i++) {
      const k = this.keys[i] as number;
      if (k === k) bins[n++] = k;
    }
    bins.sort();
    const volumes = new Float64Array(n);
    for (let j = 0; j < n; j++) volumes[j] = this.volume(bins[j] as number);
    return { bins, volumes };
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
