import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { type Candle, type MarketSpec, type Timeframe, type Trade, marketKey } from '@cascade/core';
import type { DuckDbPool } from './connection-pool.js';
import { checkPrecision, exactDecimal, roundedDecimalSql, trimDecimal, DECIMAL_SQL } from './decimal-text.js';
import { type RetentionConfig, retentionStatements } from './retention.js';
import type { ExecutionRow, FairValueGapRow, MarketProfileRow, OrderFlowRow, ZoneRow } from './rows.js';
import { SCHEMA_VERSION, Table, candleTable, schemaStatements } from './schema.js';
import { type Precision, appendStaged, stageDdl } from './staged-append.js';
import { symbolDbPath } from './symbol-path.js';
import { candleTables, marketProfileTable, orderFlowTable, stagedTables, ticksTable } from './tables.js';

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

/** Rows deleted per table by one cleanup. */
export type CleanupCounts = Record<Table, number>;

const TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];

/**
 * One symbol's database (§2.2.7 per-symbol isolation). Appends only push onto in-memory buffers —
 * the per-trade path never touches DuckDB; `flush` (the TradingStore's timer, an early flush when a
 * buffer fills, or any read) writes them in batches. Every database operation of a symbol runs in
 * order, one at a time; different symbols run independently.
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
    if (!TIMEFRAMES.includes(c.timeframe)) throw new RangeError(`${this.key}: unknown timeframe ${String(c.timeframe)}`);
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
        await this.withDb((conn) => this.write(conn, batch));
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
    return this.serial(() =>
      this.withDb(async (conn) => {
        const counts = Object.fromEntries(Object.values(Table).map((t) => [t, 0])) as CleanupCounts;
        let deleted = 0;
        for (const s of retentionStatements(this.host.retention, now)) {
          const n = (await conn.run(s.sql)).rowsChanged;
          counts[s.table] += n;
          deleted += n;
        }
        // Rewrites emptied row groups so the file shrinks (DuckDB's VACUUM does not reclaim space).
        if (deleted > 0) await conn.run('CHECKPOINT');
        return counts;
      }),
    );
  }

  /**
   * The last `n` candles of `timeframe`, oldest first, buffered ones included. Where a candle was
   * stored twice (a replay after a restart), the one built from more trades is kept.
   */
  async loadRecentCandles(timeframe: Timeframe, n: number): Promise<Candle[]> {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    await this.flush();
    const rows = await this.read(
      `SELECT epoch_ms(timestamp) AS ts, open::VARCHAR, high::VARCHAR, low::VARCHAR, close::VARCHAR, volume::VARCHAR,
              buy_volume::VARCHAR, sell_volume::VARCHAR, num_trades, num_buy_trades, num_sell_trades
       FROM ${candleTable[timeframe]}
       QUALIFY row_number() OVER (PARTITION BY timestamp ORDER BY num_trades DESC NULLS LAST, rowid DESC) = 1
       ORDER BY timestamp DESC
       LIMIT ${n}`,
    );
    return rows.reverse().map((r) => ({
      timeframe,
      openTime: num(r[0]),
      open: dec(r[1]),
      high: dec(r[2]),
      low: dec(r[3]),
      close: dec(r[4]),
      volume: dec(r[5]),
      buyVolume: decOrNaN(r[6]),
      sellVolume: decOrNaN(r[7]),
      trades: numOrNaN(r[8]),
      buyTrades: numOrNaN(r[9]),
      sellTrades: numOrNaN(r[10]),
    }));
  }

  /** Stored ticks with `ts` ≥ `sinceTs`, in time then arrival order, each trade id once. */
  async loadTicksSince(sinceTs: number): Promise<Trade[]> {
    await this.flush();
    const rows = await this.read(
      `SELECT ts, trade_id, price, volume, side, side_inferred FROM (
         SELECT epoch_ms(timestamp) AS ts, trade_id, price::VARCHAR AS price, volume::VARCHAR AS volume,
                side::VARCHAR AS side, side_inferred, rowid AS rid
         FROM ${Table.Ticks}
         WHERE timestamp >= epoch_ms(CAST(? AS BIGINT))
         QUALIFY row_number() OVER (PARTITION BY trade_id ORDER BY rowid) = 1)
       ORDER BY ts, rid`,
      [Math.floor(sinceTs)],
    );
    return rows.map((r) => ({
      id: str(r[1]),
      ts: num(r[0]),
      price: dec(r[2]),
      amount: dec(r[3]),
      side: str(r[4]) === 'buy' ? 'buy' : 'sell',
      sideInferred: r[5] === true,
    }));
  }

  /** Stored zones, oldest first. */
  async loadZones(): Promise<ZoneRow[]> {
    await this.flush();
    const rows = await this.read(
      `SELECT zone_id, timeframe, zone_type, price_low::VARCHAR, price_high::VARCHAR, strength_score,
              epoch_ms(first_seen), epoch_ms(last_tested), status
       FROM ${Table.SupplyDemandZones} ORDER BY first_seen, zone_id`,
    );
    return rows.map((r) => ({
      zoneId: str(r[0]),
      timeframe: str(r[1]),
      zoneType: str(r[2]) === 'supply' ? 'supply' : 'demand',
      priceLow: dec(r[3]),
      priceHigh: dec(r[4]),
      strengthScore: num(r[5]),
      firstSeen: num(r[6]),
      lastTested: numOrNull(r[7]),
      status: str(r[8]) === 'tested' ? 'tested' : 'fresh',
    }));
  }

  /** Stored (unfilled, unexpired) gaps, oldest first. */
  async loadFairValueGaps(): Promise<FairValueGapRow[]> {
    await this.flush();
    const rows = await this.read(
      `SELECT fvg_id, timeframe, fvg_type, gap_low::VARCHAR, gap_high::VARCHAR, epoch_ms(created_at), epoch_ms(filled_at), fill_percentage
       FROM ${Table.FairValueGaps} ORDER BY created_at, fvg_id`,
    );
    return rows.map((r) => ({
      fvgId: str(r[0]),
      timeframe: str(r[1]),
      fvgType: str(r[2]) === 'bullish' ? 'bullish' : 'bearish',
      gapLow: dec(r[3]),
      gapHigh: dec(r[4]),
      createdAt: num(r[5]),
      filledAt: numOrNull(r[6]),
      fillPercentage: num(r[7]),
    }));
  }

  /** Stored executions, oldest first; money as the shortest exact decimal string. */
  async loadExecutions(): Promise<ExecutionRow[]> {
    await this.flush();
    const rows = await this.read(
      `SELECT trade_id, epoch_ms(timestamp), side, entry_price::VARCHAR, exit_price::VARCHAR, quantity::VARCHAR,
              pnl::VARCHAR, fees::VARCHAR, strategy, config_type, epoch_ms(closed_at)
       FROM ${Table.TradeExecutions} ORDER BY timestamp, trade_id`,
    );
    return rows.map((r) => ({
      tradeId: str(r[0]),
      ts: num(r[1]),
      side: str(r[2]) === 'long' ? 'long' : 'short',
      entryPrice: money(r[3]),
      exitPrice: moneyOrNull(r[4]),
      quantity: money(r[5]),
      pnl: moneyOrNull(r[6]),
      fees: money(r[7]),
      strategy: str(r[8]),
      configType: str(r[9]),
      closedAt: numOrNull(r[10]),
    }));
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
    return this.host.pool.use(this.path, (conn) => this.init(conn), fn);
  }

  private read(sql: string, params: DuckDBValue[] = []): Promise<DuckDBValue[][]> {
    return this.serial(() => this.withDb(async (conn) => (await conn.runAndReadAll(sql, params)).getRows()));
  }

  /** Idempotent: creates what is missing, refuses a file of another schema version or market. */
  private async init(conn: DuckDBConnection): Promise<void> {
    const m = this.spec;
    await conn.run(schemaStatements(m.exchange).join(';\n'));
    const info = (await conn.runAndReadAll('SELECT version, exchange, market_type, symbol FROM schema_info')).getRows();
    const first = info[0];
    if (first === undefined) {
      await conn.run('INSERT INTO schema_info VALUES (?, ?, ?, ?, epoch_ms(CAST(? AS BIGINT)))', [SCHEMA_VERSION, m.exchange, m.marketType, m.symbol, this.host.now()]);
    } else {
      const [version, exchange, marketType, symbol] = first;
      if (version !== SCHEMA_VERSION) throw new Error(`${this.path}: schema version ${String(version)}, this code writes ${SCHEMA_VERSION}; move the file aside`);
      if (exchange !== m.exchange || marketType !== m.marketType || symbol !== m.symbol) {
        throw new Error(`${this.path} holds ${String(exchange)}:${String(marketType)}:${String(symbol)}, not ${this.key}`);
      }
    }
    await conn.run(stagedTables.map(stageDdl).join(';\n'));
  }

  private takeBuffers(): Batch {
    const batch: Batch = {
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

  private async write(conn: DuckDBConnection, b: Batch): Promise<void> {
    const p = b.precision;
    await appendStaged(conn, ticksTable, b.ticks, p);
    for (const tf of TIMEFRAMES) await appendStaged(conn, candleTables[tf], b.candles[tf], p);
    await appendStaged(conn, orderFlowTable, b.orderFlow, p);
    await appendStaged(conn, marketProfileTable, b.profiles, p);
    if (b.zones.length + b.gaps.length + b.executions.length === 0) return;
    // Upserts are few (zones, gaps, executions change rarely); one transaction keeps them consistent.
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const z of b.zones) await upsertZone(conn, z, p);
      for (const g of b.gaps) await upsertGap(conn, g, p);
      for (const [id, e] of b.executions) await upsertExecution(conn, id, e);
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK');
      throw e;
    }
  }
}

interface Batch {
  readonly rows: number;
  readonly precision: Precision;
  readonly ticks: readonly Trade[];
  readonly candles: Readonly<Record<Timeframe, readonly Candle[]>>;
  readonly orderFlow: readonly OrderFlowRow[];
  readonly profiles: readonly MarketProfileRow[];
  readonly zones: readonly ZoneRow[];
  readonly gaps: readonly FairValueGapRow[];
  readonly executions: readonly (readonly [string, ExecutionRow | null])[];
}

function checkedSpec(m: MarketSpec): MarketSpec {
  checkPrecision(m.pricePrecision, `${marketKey(m)} pricePrecision`);
  checkPrecision(m.amountPrecision, `${marketKey(m)} amountPrecision`);
  return m;
}

const time = (param: string) => `epoch_ms(CAST(${param} AS BIGINT))`;
const price = (param: string, p: Precision) => roundedDecimalSql(`CAST(${param} AS DOUBLE)`, p.price);

async function upsertZone(conn: DuckDBConnection, z: ZoneRow, p: Precision): Promise<void> {
  if (z.status === 'broken') {
    await conn.run(`DELETE FROM ${Table.SupplyDemandZones} WHERE zone_id = ?`, [z.zoneId]);
    return;
  }
  await conn.run(
    `INSERT OR REPLACE INTO ${Table.SupplyDemandZones}
       (zone_id, timeframe, zone_type, price_low, price_high, strength_score, first_seen, last_tested, status)
     VALUES (?, ?, ?, ${price('?', p)}, ${price('?', p)}, CAST(? AS DOUBLE), ${time('?')}, ${time('?')}, ?)`,
    [z.zoneId, z.timeframe, z.zoneType, z.priceLow, z.priceHigh, z.strengthScore, z.firstSeen, z.lastTested, z.status],
  );
}

async function upsertGap(conn: DuckDBConnection, g: FairValueGapRow, p: Precision): Promise<void> {
  if (g.filledAt !== null) {
    await conn.run(`DELETE FROM ${Table.FairValueGaps} WHERE fvg_id = ?`, [g.fvgId]);
    return;
  }
  await conn.run(
    `INSERT OR REPLACE INTO ${Table.FairValueGaps}
       (fvg_id, timeframe, fvg_type, gap_low, gap_high, created_at, filled_at, fill_percentage)
     VALUES (?, ?, ?, ${price('?', p)}, ${price('?', p)}, ${time('?')}, NULL, CAST(? AS DOUBLE))`,
    [g.fvgId, g.timeframe, g.fvgType, g.gapLow, g.gapHigh, g.createdAt, g.fillPercentage],
  );
}

async function upsertExecution(conn: DuckDBConnection, tradeId: string, e: ExecutionRow | null): Promise<void> {
  if (e === null) {
    await conn.run(`DELETE FROM ${Table.TradeExecutions} WHERE trade_id = ?`, [tradeId]);
    return;
  }
  const money = `CAST(? AS ${DECIMAL_SQL})`;
  await conn.run(
    `INSERT OR REPLACE INTO ${Table.TradeExecutions}
       (trade_id, timestamp, side, entry_price, exit_price, quantity, pnl, fees, strategy, config_type, closed_at)
     VALUES (?, ${time('?')}, ?, ${money}, ${money}, ${money}, ${money}, ${money}, ?, ?, ${time('?')})`,
    [e.tradeId, e.ts, e.side, e.entryPrice, e.exitPrice, e.quantity, e.pnl, e.fees, e.strategy, e.configType, e.closedAt],
  );
}

type Cell = DuckDBValue | undefined;

function num(v: Cell): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`expected a number from DuckDB, got ${String(v)}`);
}

function numOrNull(v: Cell): number | null {
  return v === null ? null : num(v);
}

function numOrNaN(v: Cell): number {
  return v === null ? Number.NaN : num(v);
}

function str(v: Cell): string {
  if (typeof v === 'string') return v;
  throw new TypeError(`expected text from DuckDB, got ${String(v)}`);
}

/** A DECIMAL read as text, to the nearest double (what the venue's decimal parses to). */
function dec(v: Cell): number {
  return Number(str(v));
}

function decOrNaN(v: Cell): number {
  return v === null ? Number.NaN : dec(v);
}

/** A DECIMAL read as text, as the shortest exact decimal string. */
function money(v: Cell): string {
  return trimDecimal(str(v));
}

function moneyOrNull(v: Cell): string | null {
  return v === null ? null : money(v);
}
