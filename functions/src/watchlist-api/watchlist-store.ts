import type { CollectionReference, Firestore, QuerySnapshot } from 'firebase-admin/firestore';
import { type FieldError, type WatchlistEntry, WatchlistEntrySchema, WatchlistSource, checkConfig, watchlistCollectionKey, watchlistSymbolKey } from '@cascade/core';

export const HOUR_MS = 3_600_000;
/** §5.3: manual entries last 24 h unless the caller says otherwise. */
export const DEFAULT_DURATION_HOURS = 24;

export interface WatchlistKey {
  readonly exchange: string;
  readonly marketType: WatchlistEntry['marketType'];
  /** Unified symbol. */
  readonly symbol: string;
}

export function symbolsCollection(db: Firestore, exchange: string, marketType: string): CollectionReference {
  return db.collection('watchlists').doc(watchlistCollectionKey(exchange, marketType)).collection('symbols');
}

/** Permanent entries are always active; manual ones until their expiry instant (exclusive). */
export function isActive(e: Pick<WatchlistEntry, 'expiresAt'>, now: number): boolean {
  return e.expiresAt === null || e.expiresAt > now;
}

/** Renew extends from whichever is later, now or the current expiry, so a renewal never shortens. */
export function renewedExpiry(expiresAt: number | null, now: number, durationMs: number): number {
  return Math.max(now, expiresAt ?? now) + durationMs;
}

export interface ParsedEntries {
  readonly valid: { readonly id: string; readonly entry: WatchlistEntry }[];
  readonly invalid: { readonly id: string; readonly errors: readonly FieldError[] }[];
}

/** Documents of a `symbols` collection through the config schema (a console edit may be invalid). */
export function parseEntries(snap: QuerySnapshot): ParsedEntries {
  const valid: ParsedEntries['valid'] = [];
  const invalid: ParsedEntries['invalid'] = [];
  for (const d of snap.docs) {
    const r = checkConfig('symbols', d.data());
    if (r.ok) valid.push({ id: d.id, entry: r.value });
    else invalid.push({ id: d.id, errors: r.errors });
  }
  return { valid, invalid };
}

/** Priority first (1 = most urgent), then symbol: the order streams are opened in. */
export function byPriority(a: WatchlistEntry, b: WatchlistEntry): number {
  return a.priority - b.priority || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
}

export type AddOutcome = { readonly created: boolean; readonly entry: WatchlistEntry };
export type RenewOutcome = { readonly kind: 'renewed' | 'permanent'; readonly entry: WatchlistEntry } | { readonly kind: 'missing' } | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] };

/** The API's reads and writes of `watchlists/{exchange_market}/symbols/{symbolKey}`, each in one transaction. */
export class WatchlistStore {
  constructor(
    private readonly db: Firestore,
    private readonly now: () => number,
  ) {}

  private ref(k: WatchlistKey) {
    return symbolsCollection(this.db, k.exchange, k.marketType).doc(watchlistSymbolKey(k.symbol));
  }

  /**
   * Creates a manual entry, or updates one: priority as asked, expiry never shortened (an add of a
   * renewed entry keeps the later expiry). A top-liquid entry stays permanent; only its priority changes.
   */
  async add(k: WatchlistKey, opts: { durationHours: number; priority: number; addedBy: string }): Promise<AddOutcome> {
    const ref = this.ref(k);
    return this.db.runTransaction(async (tx) => {
      const now = this.now();
      const snap = await tx.get(ref);
      const cur = snap.exists ? WatchlistEntrySchema.safeParse(snap.data()) : null;
      const existing = cur?.success ? cur.data : null;
      const until = now + opts.durationHours * HOUR_MS;
      let entry: WatchlistEntry;
      if (existing && existing.source === WatchlistSource.TopLiquid) {
        entry = { ...existing, priority: opts.priority };
      } else if (existing && isActive(existing, now)) {
        entry = { ...existing, priority: opts.priority, expiresAt: Math.max(existing.expiresAt ?? until, until) };
      } else {
        entry = { exchange: k.exchange, marketType: k.marketType, symbol: k.symbol, source: WatchlistSource.Manual, priority: opts.priority, addedAt: now, expiresAt: until, addedBy: opts.addedBy };
      }
      tx.set(ref, WatchlistEntrySchema.parse(entry));
      return { created: !snap.exists, entry };
    });
  }

  async renew(k: WatchlistKey, durationHours: number): Promise<RenewOutcome> {
    const ref = this.ref(k);
    return this.db.runTransaction(async (tx) => {
      const now = this.now();
      const snap = await tx.get(ref);
      if (!snap.exists) return { kind: 'missing' } as const;
      const checked = checkConfig('symbols', snap.data());
      if (!checked.ok) return { kind: 'invalid', errors: checked.errors } as const;
      const existing = checked.value;
      if (existing.expiresAt === null) return { kind: 'permanent', entry: existing } as const;
      const entry: WatchlistEntry = { ...existing, expiresAt: renewedExpiry(existing.expiresAt, now, durationHours * HOUR_MS) };
      tx.set(ref, entry);
      return { kind: 'renewed', entry } as const;
    });
  }

  /** Deletes the entry; `entry` is null when the document was there but not a valid entry. */
  async remove(k: WatchlistKey): Promise<{ readonly removed: false } | { readonly removed: true; readonly entry: WatchlistEntry | null }> {
    const ref = this.ref(k);
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return { removed: false } as const;
      tx.delete(ref);
      const parsed = WatchlistEntrySchema.safeParse(snap.data());
      return { removed: true, entry: parsed.success ? parsed.data : null } as const;
    });
  }

  /** Active entries (valid documents only), in stream order. */
  async active(exchange: string, marketType: string): Promise<WatchlistEntry[]> {
    const now = this.now();
    const { valid } = parseEntries(await symbolsCollection(this.db, exchange, marketType).get());
    return valid.map((v) => v.entry).filter((e) => isActive(e, now)).sort(byPriority);
  }

  /** Top-liquid entries by rank. */
  async topLiquid(exchange: string, marketType: string): Promise<WatchlistEntry[]> {
    const snap = await symbolsCollection(this.db, exchange, marketType).where('source', '==', WatchlistSource.TopLiquid).get();
    return parseEntries(snap).valid.map((v) => v.entry).sort((a, b) => (a.liquidity?.rank ?? Infinity) - (b.liquidity?.rank ?? Infinity));
  }
}
