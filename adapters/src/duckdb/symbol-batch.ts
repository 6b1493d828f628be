import type { DuckDBConnection } from '@duckdb/node-api';
import type { Candle, Timeframe, Trade } from '@cascade/core';
import { DECIMAL_SQL, roundedDecimalSql } from './decimal-text.js';
import type { ExecutionRow, FairValueGapRow, MarketProfileRow, OrderFlowRow, ZoneRow } from './rows.js';
import { CANDLE_TIMEFRAMES, Table } from './schema.js';
import { type Precision, appendStaged } from './staged-append.js';
import { candleTables, marketProfileTable, orderFlowTable, ticksTable } from './tables.js';

/** What one flush of a `SymbolStore` writes: the buffers it took, and the market precision they round to. */
export interface SymbolBatch {
  readonly rows: number;
  readonly precision: Precision;
  readonly ticks: readonly Trade[];
  readonly candles: Readonly<Record<Timeframe, readonly Candle[]>>;
  readonly orderFlow: readonly OrderFlowRow[];
  readonly profiles: readonly MarketProfileRow[];
  readonly zones: readonly ZoneRow[];
  readonly gaps: readonly FairValueGapRow[];
  /** null: delete the row. */
  readonly executions: readonly (readonly [string, ExecutionRow | null])[];
}

/** Appends the append-only rows through the staging tables, then applies the upserts in one transaction. */
export async function writeBatch(conn: DuckDBConnection, b: SymbolBatch): Promise<void> {
  const p = b.precision;
  await appendStaged(conn, ticksTable, b.ticks, p);
  for (const tf of CANDLE_TIMEFRAMES) await appendStaged(conn, candleTables[tf], b.candles[tf], p);
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
