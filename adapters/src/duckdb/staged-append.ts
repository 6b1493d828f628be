import { BOOLEAN, DOUBLE, DuckDBDataChunk, type DuckDBConnection, type DuckDBType, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { ValueOf } from '@cascade/core';
import { roundedDecimalSql } from './decimal-text.js';

/**
 * How a column travels from a JS row into its table. Rows go through the DuckDB Appender in data
 * chunks into a TEMP staging table of plain types (DOUBLE, BOOLEAN, INTEGER, VARCHAR: no per-value
 * BigInt or decimal objects in JS), then one INSERT … SELECT converts them to the table's types —
 * timestamps from epoch ms, and prices/volumes rounded to the market's precision as exact DECIMALs.
 */
export const StageKind = {
  /** epoch ms → TIMESTAMP */
  Time: 'time',
  /** double → DECIMAL rounded to the market's price precision */
  Price: 'price',
  /** double → DECIMAL rounded to the market's amount precision */
  Amount: 'amount',
  Double: 'double',
  Int: 'int',
  Bool: 'bool',
  /** true = buy → the ticks' ENUM('buy','sell') */
  Side: 'side',
  Text: 'text',
  /** a JSON text → JSON */
  Json: 'json',
} as const;
export type StageKind = ValueOf<typeof StageKind>;

export interface StagedColumn<R> {
  readonly name: string;
  readonly kind: StageKind;
  /** A non-finite number or null is stored as NULL. */
  readonly get: (row: R) => number | string | boolean | null;
}

export interface StagedTable<R> {
  readonly table: string;
  readonly columns: readonly StagedColumn<R>[];
}

/** Any staged table, for code that only reads its names and kinds (a row type of `never` accepts every one). */
export type AnyStagedTable = StagedTable<never>;

export interface Precision {
  readonly price: number;
  readonly amount: number;
}

/** Rows per staging round trip: bounds the staging table's memory whatever the batch size. */
const STAGE_ROWS = 65_536;

const stageType: Record<StageKind, DuckDBType> = {
  time: DOUBLE,
  price: DOUBLE,
  amount: DOUBLE,
  double: DOUBLE,
  int: INTEGER,
  bool: BOOLEAN,
  side: BOOLEAN,
  text: VARCHAR,
  json: VARCHAR,
};

export function stageName(spec: AnyStagedTable): string {
  return `stage_${spec.table}`;
}

export function stageDdl(spec: AnyStagedTable): string {
  const cols = spec.columns.map((c) => `${c.name} ${stageType[c.kind].toString()}`).join(', ');
  return `CREATE TEMP TABLE IF NOT EXISTS ${stageName(spec)} (${cols})`;
}

function finalExpr(c: StagedColumn<never>, p: Precision): string {
  switch (c.kind) {
    case 'time':
      return `epoch_ms(CAST(${c.name} AS BIGINT))`;
    case 'price':
      return roundedDecimalSql(c.name, p.price);
    case 'amount':
      return roundedDecimalSql(c.name, p.amount);
    case 'side':
      return `CASE WHEN ${c.name} THEN 'buy' ELSE 'sell' END`;
    case 'json':
      return `CAST(${c.name} AS JSON)`;
    case 'double':
    case 'int':
    case 'bool':
    case 'text':
      return c.name;
  }
}

export function insertFromStageSql(spec: AnyStagedTable, p: Precision): string {
  const names = spec.columns.map((c) => c.name).join(', ');
  const exprs = spec.columns.map((c) => finalExpr(c, p)).join(', ');
  return `INSERT INTO ${spec.table} (${names}) SELECT ${exprs} FROM ${stageName(spec)}`;
}

/** Appends `rows` to `spec.table` (whose staging table `stageDdl` created on this connection). */
export async function appendStaged<R>(conn: DuckDBConnection, spec: StagedTable<R>, rows: readonly R[], p: Precision): Promise<void> {
  if (rows.length === 0) return;
  const types = spec.columns.map((c) => stageType[c.kind]);
  const insert = insertFromStageSql(spec, p);
  const stage = stageName(spec);
  const chunk = DuckDBDataChunk.create(types);
  for (let start = 0; start < rows.length; start += STAGE_ROWS) {
    const end = Math.min(rows.length, start + STAGE_ROWS);
    const appender = await conn.createAppender(stage, null, 'temp');
    let closed = false;
    try {
      for (let from = start; from < end; from += chunkCapacity) {
        const n = Math.min(chunkCapacity, end - from);
        chunk.reset();
        chunk.rowCount = n;
        spec.columns.forEach((col, ci) => {
          const vector = chunk.getColumnVector(ci);
          for (let k = 0; k < n; k++) {
            const v = col.get(rows[from + k] as R);
            vector.setItem(k, typeof v === 'number' && !Number.isFinite(v) ? null : v);
          }
          vector.flush();
        });
        appender.appendDataChunk(chunk);
      }
      appender.closeSync();
      closed = true;
      await conn.run(insert);
    } finally {
      if (!closed) {
        try {
          appender.clear();
          appender.closeSync();
        } catch {
          // The error already on its way out is the one that matters.
        }
      }
      await conn.run(`DELETE FROM ${stage}`);
    }
  }
}

/** DuckDB's vector size: the most rows one data chunk holds. */
const chunkCapacity = 2048;
