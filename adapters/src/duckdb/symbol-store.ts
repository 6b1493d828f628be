import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { type Candle, type MarketSpec, type Timeframe, type Trade, marketKey } from '@cascade/core';
import type { DuckDbPool } from './connection-pool.js';
import { checkPrecision, exactDecimal } from './decimal-text.js';
import { prepareSymbolDb } from './prepare-symbol-db.js';
import { type CleanupCounts, type RetentionConfig, applyRetention } from './retention.js';
import type { ExecutionRow, FairValueGapRow, MarketProfileRow, OrderFlowRow, ZoneRow } from './rows.js';
import { CANDLE_TIMEFRAMES } from './schema.js';
import { type SymbolBatch, writeBatch } from './symbol-batch.js';
import {
  candleFromRow,
  executionFromRow,
  executionsSql,
  fairValueGapFromRow,
  fairValueGapsSql,
  recentCandlesSql,
  tickFromRow,
  ticksSinceSql,
  zoneFromRow,
  zonesSql,
} from './symbol-queries.js';
import { symbolDbPath } from './symbol-path.js';

/** What a SymbolStore needs from the TradingStore that made it. */
export interface SymbolStoreHost {
  readonly rootDir: string;
  readonly pool: DuckDbPool;
  readonly retention: RetentionConfig;
  readonly now: () => number;
  /** Buffered rows at which an append asks for an early flush. */
  readonly flushRows: number;
  requestFlush(store: SymbolStore): void;
}

/**
 * One symbol's database (§2.2.7 per-symbol isolation). Appends only push onto in-memory buffers —
 * the per-trade path never touches DuckDB; `flush` (the TradingStore's timer, an early flush when a
 * buffer fills, or any read) writes them in batches. Every database operation of a symbol runs in
 * order, one at a time; different symbols run independently. This class holds the buffers and that
 * ordering; the SQL lives beside it: opening a file in prepare-symbol-db.ts, writing a flush in
 * symbol-batch.ts, the reads in symbol-queries.ts, cleanup in retention.ts.
 */
export class SymbolStore {
  readonly key: string;
  readonly path: string;
  private spec: MarketSpec;
  private ticks: Trade[] = [];
  private candles: Record<Timeframe, Candle[]> = { '1m': [], '5m': [], '15m': [] };
  private orderFlow: OrderFlowRow[] = [];
  private profiles: MarketProfileRow[] = [];
  private zones = new Map<string, ZoneRow>();
  private gaps = new Map<string, FairValueGapRow>();
  /** null: delete the row. */
  private executions = new Map<string, ExecutionRow | null>();
  private pending = 0;
  private tail: Promise<unknown> = Promise.resolve();
  /** Rows written to DuckDB, and rows lost to failed flushes. */
  written = 0;
  dropped = 0;
  /** Set by the host while an early flush is queued. */
  flushQueued = false;

  constructor(
    market: MarketSpec,
    private readonly host: SymbolStoreHost,
  ) {
    this.spec = checkedSpec(market);
    this.key = marketKey(market);
    this.path = symbolDbPath(host.rootDir, market);
  }

  get market(): MarketSpec {
    return this.spec;
  }

  /** Takes a newer spec of the same market (e.g. after a precision change); applies from the next flush. */
  updateMarket(market: MarketSpec): void {
    if (marketKey(market) !== this.key) throw new Error(`${marketKey(market)} is not ${this.key}`);
    this.spec = checkedSpec(market);
  }

  /** Rows appended and not yet flushed. */
  get bufferedRows(): number {
    return this.pending;
  }

  /** Keeps a reference to `t` until the next flush (trades are immutable). */
  appendTick(t: Trade): void {
    if (!(Number.isFinite(t.ts) && t.price > 0 && Number.isFinite(t.price) && t.amount > 0 && Number.isFinite(t.amount))) {
      throw new RangeError(`${this.key}: tick ${t.id} has a non-finite time or a non-positive price/amount`);
    }
    this.ticks.push(t);
    this.added(1);
  }

  appendTicks(trades: readonly Trade[]): void {
    for (const t of trades) this.appendTick(t);
  }

  /** A closed candle; NaN in the aggressor split or trade counts means unknown and is stored as NULL. */
  appendCandle(c: Candle): void {
    if (!CANDLE_TIMEFRAMES.includes(c.timeframe)) throw new RangeError(`${this.key}: unknown timeframe ${String(c.timeframe)}`);
    if (![c.openTime, c.open, c.high, c.low, c.close, c.volume].every(Number.isFinite)) {
      throw new RangeError(`${this.key}: ${c.timeframe} candle ${c.openTime} has a non-finite time or OHLCV`);
    }
    this.candles[c.timeframe].push({ ...c });
    this.added(1);
  }

  appendOrderFlow(row: OrderFlowRow): void {
    if (![row.ts, row.cvd, row.buyVolume, row.sellVolume, row.delta].every(Number.isFinite)) {
      throw new RangeError(`${this.key}: order flow row ${row.ts} has a non-finite value`);
    }
    this.orderFlow.push({ ...row });
    this.added(1);
  }

  appendMarketProfile(row: MarketProfileRow): void {
    if (![row.ts, row.pocPrice, row.valueAreaHigh, row.valueAreaLow].every(Number.isFinite)) {
      throw new RangeError(`${this.key}: market profile row ${row.ts} has a non-finite value`);
    }
    this.profiles.push({ ...row });
    this.added(1);
  }

  /** Inserts or replaces a zone by id; a `broken` zone is deleted (§2.2.7). */
  putZone(z: ZoneRow): void {
    if (![z.priceLow, z.priceHigh, z.strengthScore, z.firstSeen].every(Number.isFinite)) {
      throw new RangeError(`${this.key}: zone ${z.zoneId} has a non-finite value`);
    }
    this.zones.set(z.zoneId, { ...z });
    this.added(1);
  }

  /** Inserts or replaces a gap by id; a filled gap (`filledAt` set) is deleted (§2.2.7). */
  putFairValueGap(g: FairValueGapRow): void {
    if (![g.gapLow, g.gapHigh, g.fillPercentage, g.createdAt].every(Number.isFinite)) {
      throw new RangeError(`${this.key}: fair value gap ${g.fvgId} has a non-finite value`);
    }
    this.gaps.set(g.fvgId, { ...g });
    this.added(1);
  }

  /** Inserts or replaces an execution by trade id. Money strings are checked here, not at flush. */
  putExecution(e: ExecutionRow): void {
    exactDecimal(e.entryPrice, 'entryPrice');
    exactDecimal(e.quantity, 'quantity');
    exactDecimal(e.fees, 'fees');
    if (e.exitPrice !== null) exactDecimal(e.exitPrice, 'exitPrice');
    if (e.pnl !== null) exactDecimal(e.pnl, 'pnl');
    this.executions.set(e.tradeId, { ...e });
    this.added(1);
  }

  /** Deletes an execution now (e.g. once Firestore has it) instead of waiting for retention. */
  removeExecution(tradeId: string): void {
    this.executions.set(tradeId, null);
    this.added(1);
  }

  /** Writes everything buffered so far. Rows of a batch that fails are dropped (counted in `dropped`) and the error rethrown. */
  flush(): Promise<void> {
    return this.serial(async () => {
      if (this.pending === 0) return;
      const batch = this.takeBuffers();
      try {
        await this.withDb((conn) => writeBatch(conn, batch));
        this.written += batch.rows;
      } catch (e) {
        this.dropped += batch.rows;
        throw e;
      }
    });
  }

  /** Flushes, then applies retention at `now` (default the host clock); returns rows deleted per table. */
  async cleanup(now = this.host.now()): Promise<CleanupCounts> {
    await this.flush();
    return this.serial(() => this.withDb((conn) => applyRetention(conn, this.host.retention, now)));
  }

  /**
   * The last `n` candles of `timeframe`, oldest first, buffered ones included. Where a candle was
   * stored twice (a replay after a restart), the one built from more trades is kept.
   */
  async loadRecentCandles(timeframe: Timeframe, n: number): Promise<Candle[]> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    await this.flush();
    const rows = await this.read(recentCandlesSql(timeframe, n));
    return rows.reverse().map((r) => candleFromRow(r, timeframe));
  }

  /** Stored ticks with `ts` ≥ `sinceTs`, in time then arrival order, each trade id once. */
  async loadTicksSince(sinceTs: number): Promise<Trade[]> {
    await this.flush();
    const rows = await this.read(ticksSinceSql, [Math.floor(sinceTs)]);
    return rows.map((r) => tickFromRow(r));
  }

  /** Stored zones, oldest first. */
  async loadZones(): Promise<ZoneRow[]> {
    await this.flush();
    const rows = await this.read(zonesSql);
    return rows.map((r) => zoneFromRow(r));
  }

  /** Stored (unfilled, unexpired) gaps, oldest first. */
  async loadFairValueGaps(): Promise<FairValueGapRow[]> {
    await this.flush();
    const rows = await this.read(fairValueGapsSql);
    return rows.map((r) => fairValueGapFromRow(r));
  }

  /** Stored executions, oldest first; money as the shortest exact decimal string. */
  async loadExecutions(): Promise<ExecutionRow[]> {
    await this.flush();
    const rows = await this.read(executionsSql);
    return rows.map((r) => executionFromRow(r));
  }

  /**
   * Ad-hoc analysis on this symbol's database while the service holds it (DuckDB locks the file
   * against other processes): rows as plain objects, after flushing.
   */
  async query(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    await this.flush();
    return this.serial(() => this.withDb(async (conn) => (await conn.runAndReadAll(sql, params)).getRowObjectsJS()));
  }

  private added(n: number): void {
    this.pending += n;
    if (this.pending >= this.host.flushRows) this.host.requestFlush(this);
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private withDb<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.host.pool.use(this.path, (conn) => prepareSymbolDb(conn, this, this.host), fn);
  }

  private read(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    return this.serial(() => this.withDb(async (conn) => (await conn.runAndReadAll(sql, params)).getRows()));
  }

  private takeBuffers(): SymbolBatch {
    const batch: SymbolBatch = {
      rows: this.pending,
      precision: { price: this.spec.pricePrecision, amount: this.spec.amountPrecision },
      ticks: this.ticks,
      candles: this.candles,
      orderFlow: this.orderFlow,
      profiles: this.profiles,
      zones: [...this.zones.values()],
      gaps: [...this.gaps.values()],
      executions: [...this.executions],
    };
    this.ticks = [];
    this.candles = { '1m': [], '5m': [], '15m': [] };
    this.orderFlow = [];
    this.profiles = [];
    this.zones = new Map();
    this.gaps = new Map();
    this.executions = new Map();
    this.pending = 0;
    return batch;
  }
}

function checkedSpec(m: MarketSpec): MarketSpec {
  checkPrecision(m.pricePrecision, `${marketKey(m)} pricePrecision`);
  checkPrecision(m.amountPrecision, `${marketKey(m)} amountPrecision`);
  return m;
}
