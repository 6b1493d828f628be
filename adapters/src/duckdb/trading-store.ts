import { setImmediate } from 'node:timers';
import { z } from 'zod';
import { type MarketSpec, marketKey } from '@cascade/core';
import { DEFAULT_INSTANCE_OPTIONS, DEFAULT_MAX_OPEN, DuckDbPool } from './connection-pool.js';
import { type CleanupCounts, type RetentionConfig, RetentionConfigSchema } from './retention.js';
import { SymbolStore, type SymbolStoreHost } from './symbol-store.js';

/** Store settings, parsed once; unknown keys are rejected. */
export const StoreConfigSchema = z.strictObject({
  /** Root of `{exchange}/{market}/{symbol}/trading.duckdb` (§2.2.7 `data/`). */
  rootDir: z.string().min(1).default('data'),
  /** §2.2.7: at most 200 open databases. */
  maxOpen: z.number().int().positive().default(DEFAULT_MAX_OPEN),
  /** Buffered rows are written at least this often: 1 s keeps a crash's loss to a second of ticks. */
  flushIntervalMs: z.number().int().positive().default(1_000),
  /** A symbol with this many buffered rows is flushed early, bounding memory in a burst. */
  flushRows: z.number().int().positive().default(50_000),
  /** §2.2.7 cleanup service: every 5 minutes (candles too; the document's 15 min for them buys nothing). */
  cleanupIntervalMs: z.number().int().positive().default(5 * 60_000),
  /** Symbols written or cleaned at once: a couple, for a 2-core machine. */
  concurrency: z.number().int().positive().default(2),
  retention: RetentionConfigSchema.prefault({}),
  /** DuckDB options for every file, over DEFAULT_INSTANCE_OPTIONS (threads 1, memory_limit 64MB). */
  duckdb: z.record(z.string(), z.string()).default({}),
});
export type StoreConfig = z.infer<typeof StoreConfigSchema>;
export type StoreConfigInput = z.input<typeof StoreConfigSchema>;

export interface StoreDeps {
  /** Wall clock for retention (a replay passes its tape clock). Default `Date.now`. */
  readonly now?: () => number;
  /** Errors of timer-driven and early flushes and cleanups (the caller's own calls reject instead). Default: console.error. */
  readonly onError?: (error: unknown, market: string) => void;
}

export interface StoreStats {
  readonly markets: number;
  readonly open: number;
  readonly opens: number;
  readonly evictions: number;
  readonly bufferedRows: number;
  readonly writtenRows: number;
  readonly droppedRows: number;
}

/**
 * The per-symbol DuckDB store (§2.2.7): one `SymbolStore` per market, an LRU of at most `maxOpen`
 * open files across them, a flush timer and the 5-minute retention timer (`start`). It serves warm
 * restarts and ad-hoc analysis; nothing on the per-trade path waits for it.
 */
export class TradingStore {
  readonly config: StoreConfig;
  private readonly pool: DuckDbPool;
  private readonly stores = new Map<string, SymbolStore>();
  private readonly host: SymbolStoreHost;
  private readonly onError: (error: unknown, market: string) => void;
  private flushTimer: NodeJS.Timeout | null = null;
  private cleanupTimer: NodeJS.Timeout | null = null;
  private timerFlush: Promise<unknown> | null = null;
  private timerCleanup: Promise<unknown> | null = null;
  private closed = false;

  constructor(config: StoreConfigInput = {}, deps: StoreDeps = {}) {
    this.config = StoreConfigSchema.parse(config);
    this.pool = new DuckDbPool(this.config.maxOpen, { ...DEFAULT_INSTANCE_OPTIONS, ...this.config.duckdb });
    this.onError = deps.onError ?? ((e, market) => console.error(`store ${market}: ${e instanceof Error ? e.message : String(e)}`));
    const now = deps.now ?? (() => Date.now());
    this.host = {
      rootDir: this.config.rootDir,
      pool: this.pool,
      retention: this.config.retention,
      now,
      flushRows: this.config.flushRows,
      requestFlush: (s) => this.requestFlush(s),
    };
  }

  get retention(): RetentionConfig {
    return this.config.retention;
  }

  /** The store of one market (created on first use; a later spec of the same market replaces the earlier). */
  forMarket(market: MarketSpec): SymbolStore {
    if (this.closed) throw new Error('store closed');
    const key = marketKey(market);
    const existing = this.stores.get(key);
    if (existing) {
      if (existing.market !== market) existing.updateMarket(market);
      return existing;
    }
    const s = new SymbolStore(market, this.host);
    this.stores.set(key, s);
    return s;
  }

  /** Markets this store has served since it started, by `marketKey`. */
  markets(): string[] {
    return [...this.stores.keys()];
  }

  /** Databases open right now (≤ `maxOpen`). */
  get openCount(): number {
    return this.pool.openCount;
  }

  /** Paths of the open databases, least recently used first. */
  openPaths(): string[] {
    return this.pool.openPaths();
  }

  get stats(): StoreStats {
    let bufferedRows = 0;
    let writtenRows = 0;
    let droppedRows = 0;
    for (const s of this.stores.values()) {
      bufferedRows += s.bufferedRows;
      writtenRows += s.written;
      droppedRows += s.dropped;
    }
    return { markets: this.stores.size, open: this.pool.openCount, opens: this.pool.opens, evictions: this.pool.evictions, bufferedRows, writtenRows, droppedRows };
  }

  /** Starts the flush timer and the retention timer (both unref'd: they never keep the process alive). */
  start(): void {
    if (this.closed) throw new Error('store closed');
    if (this.flushTimer) return;
    this.flushTimer = setInterval(() => {
      this.timerFlush ??= this.flushAll(true)
        .catch(() => undefined)
        .finally(() => (this.timerFlush = null));
    }, this.config.flushIntervalMs);
    this.cleanupTimer = setInterval(() => {
      this.timerCleanup ??= this.cleanupAll(this.host.now(), true)
        .catch(() => undefined)
        .finally(() => (this.timerCleanup = null));
    }, this.config.cleanupIntervalMs);
    this.flushTimer.unref();
    this.cleanupTimer.unref();
  }

  /** Flushes every market with buffered rows; all are tried, then the first failure is rethrown. */
  async flush(): Promise<void> {
    await this.flushAll(false);
  }

  /** Applies retention at `now` to every market this store has served (§2.2.7 cleanup service). */
  cleanup(now: number = this.host.now()): Promise<Map<string, CleanupCounts>> {
    return this.cleanupAll(now, false);
  }

  /** Stops the timers, flushes what is buffered and closes every database. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.flushTimer = this.cleanupTimer = null;
    try {
      await this.timerCleanup;
      await this.timerFlush;
      await this.flush();
    } finally {
      this.closed = true;
      await this.pool.closeAll();
    }
  }

  private flushAll(report: boolean): Promise<Map<string, void>> {
    return this.eachMarket((s) => s.bufferedRows > 0, (s) => s.flush(), report);
  }

  private cleanupAll(now: number, report: boolean): Promise<Map<string, CleanupCounts>> {
    return this.eachMarket(() => true, (s) => s.cleanup(now), report);
  }

  private requestFlush(s: SymbolStore): void {
    if (s.flushQueued) return;
    s.flushQueued = true;
    setImmediate(() => {
      s.flushQueued = false;
      s.flush().catch((e: unknown) => this.onError(e, s.key));
    });
  }

  /** Runs `op` on the picked markets, `concurrency` at a time; all run, then the first failure is thrown. */
  private async eachMarket<T>(pick: (s: SymbolStore) => boolean, op: (s: SymbolStore) => Promise<T>, report: boolean): Promise<Map<string, T>> {
    const todo = [...this.stores.values()].filter(pick);
    const out = new Map<string, T>();
    const errors: unknown[] = [];
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const s = todo[next++] as SymbolStore;
        try {
          out.set(s.key, await op(s));
        } catch (e) {
          errors.push(e);
          if (report) this.onError(e, s.key);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.concurrency, todo.length) }, worker));
    if (errors.length > 0) throw errors[0];
    return out;
  }
}
