import type * as DuckDB from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AggressorSide, type RawTrade, epochTextToMs, epochToMs, numberToDecimalText, parseUtcDateTime } from '@cascade/core';

// Parquet trades are read with DuckDB (in memory, `read_parquet`), columns matched by name:
//   sample-data/tapes/binance-btcusdt-trades-2021-01-08.parquet
//     timestamp TIMESTAMPTZ | trade_id BIGINT | price DOUBLE | quantity DOUBLE | buyer_maker VARCHAR 'True'/'False'
//     2021-01-08 00:00:00.278+00 | 553287559 | 39432.48 | 0.000263 | True
// and the Binance CSV names (id, price, qty, time, is_buyer_maker) when a dump kept them.

const timeNames = ['timestamp', 'time', 'transact_time', 'ts', 'datetime', 'date'];
const idNames = ['trade_id', 'id', 'agg_trade_id', 'tradeid', 'aggtradeid'];
const priceNames = ['price', 'p'];
const amountNames = ['quantity', 'qty', 'amount', 'volume', 'size', 'q'];
const buyerMakerNames = ['buyer_maker', 'is_buyer_maker', 'isbuyermaker', 'm'];
const sideNames = ['side'];

interface Column {
  readonly name: string;
  readonly type: string;
}

/** How each role is selected and turned back into text; built from the file's schema. */
export interface ParquetPlan {
  readonly sql: string;
  readonly timeRangeSql: string;
  /** Fills `out` from one selected row (`[ts, id, price, amount, side]`). */
  readonly read: (row: readonly unknown[], out: RawTrade) => void;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function pick(columns: readonly Column[], names: readonly string[]): Column | null {
  for (const n of names) {
    const c = columns.find((col) => col.name.toLowerCase() === n);
    if (c !== undefined) return c;
  }
  return null;
}

function isTimestampType(t: string): boolean {
  return t.startsWith('TIMESTAMP') || t === 'DATE';
}

function isIntegerType(t: string): boolean {
  return /^(U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?|U?INTEGER)$/.test(t);
}

function timeExpr(c: Column): { sql: string; toMs: (v: unknown) => number } {
  const id = quoteIdent(c.name);
  if (isTimestampType(c.type)) return { sql: `epoch_ms(${id})`, toMs: (v) => (typeof v === 'bigint' ? Number(v) : NaN) };
  if (isIntegerType(c.type)) return { sql: `CAST(${id} AS BIGINT)`, toMs: (v) => (typeof v === 'bigint' ? epochToMs(Number(v)) : NaN) };
  return {
    sql: `CAST(${id} AS VARCHAR)`,
    toMs: (v) => {
      if (typeof v !== 'string') return NaN;
      const t = epochTextToMs(v);
      return Number.isNaN(t) ? parseUtcDateTime(v.replace(/\+00$/, 'Z')) : t;
    },
  };
}

/** DOUBLE columns come back as numbers (15-digit decimal, see numberToDecimalText); others as DuckDB's exact text. */
function decimalExpr(c: Column): { sql: string; toText: (v: unknown) => string } {
  const id = quoteIdent(c.name);
  if (c.type === 'DOUBLE') return { sql: id, toText: (v) => (typeof v === 'number' ? numberToDecimalText(v) : 'NaN') };
  // float32 carries ~7 significant digits; more would print its binary noise.
  if (c.type === 'FLOAT') return { sql: `CAST(${id} AS DOUBLE)`, toText: (v) => (typeof v === 'number' ? String(Number(v.toPrecision(7))) : 'NaN') };
  return { sql: `CAST(${id} AS VARCHAR)`, toText: (v) => (typeof v === 'string' ? v : 'NaN') };
}

function sideExpr(columns: readonly Column[]): { sql: string; toSide: (v: unknown) => AggressorSide | null | undefined } {
  const bm = pick(columns, buyerMakerNames);
  if (bm !== null) {
    return {
      sql: `lower(CAST(${quoteIdent(bm.name)} AS VARCHAR))`,
      // The buyer resting on the book means the seller crossed the spread: the aggressor sold.
      toSide: (v) => (v === 'true' ? AggressorSide.Sell : v === 'false' ? AggressorSide.Buy : undefined),
    };
  }
  const side = pick(columns, sideNames);
  if (side !== null) {
    return {
      sql: `lower(CAST(${quoteIdent(side.name)} AS VARCHAR))`,
      toSide: (v) => (v === 'buy' ? AggressorSide.Buy : v === 'sell' ? AggressorSide.Sell : v === null || v === '' ? null : undefined),
    };
  }
  return { sql: 'NULL', toSide: () => null };
}

/**
 * DuckDB is loaded when a Parquet tape is first opened, not with this module: its native binding takes
 * about half a second to load, which every backtest, CLI start and job worker paid for CSV and zip
 * tapes that never touch it.
 */
let duckdb: Promise<typeof DuckDB> | undefined;
async function memoryInstance(): Promise<DuckDBInstance> {
  duckdb ??= import('@duckdb/node-api');
  return (await duckdb).DuckDBInstance.create(':memory:');
}

async function withConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await memoryInstance();
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Reads the schema and plans the select; throws naming the columns it could not find. */
export async function planParquet(path: string): Promise<ParquetPlan> {
  const described = await withConnection((c) => c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet($path)`, { path }));
  const columns: Column[] = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const time = pick(columns, timeNames);
  const price = pick(columns, priceNames);
  const amount = pick(columns, amountNames);
  if (time === null || price === null || amount === null) {
    const have = columns.map((c) => `${c.name} ${c.type}`).join(', ');
    throw new Error(
      `${path}: Parquet trades need a time column (${timeNames.join('/')}), a price column (${priceNames.join('/')}) and an amount column (${amountNames.join('/')}); the file has ${have}`,
    );
  }
  const idCol = pick(columns, idNames);
  const t = timeExpr(time);
  const p = decimalExpr(price);
  const a = decimalExpr(amount);
  const s = sideExpr(columns);
  // Without an id (no column, or a null in it) the 1-based row number stands in, as for Kraken's CSV.
  const rowNo = 'CAST(file_row_number + 1 AS VARCHAR)';
  const idSql = idCol === null ? rowNo : `COALESCE(CAST(${quoteIdent(idCol.name)} AS VARCHAR), 'row-' || ${rowNo})`;
  return {
    sql: `SELECT ${t.sql}, ${idSql}, ${p.sql}, ${a.sql}, ${s.sql} FROM read_parquet($path, file_row_number = true)`,
    timeRangeSql: `SELECT min(${t.sql}), max(${t.sql}) FROM read_parquet($path)`,
    read(row, out) {
      out.ts = t.toMs(row[0]);
      out.id = typeof row[1] === 'string' ? row[1] : '';
      out.price = p.toText(row[2]);
      out.amount = a.toText(row[3]);
      const side = s.toSide(row[4]);
      out.side = side === undefined ? null : side;
    },
  };
}

/** First and last trade time, from column statistics (cheap even for large files). Null when empty. */
export async function parquetTimeRange(path: string, plan: ParquetPlan): Promise<{ first: number; last: number } | null> {
  return withConnection(async (c) => {
    const r = await c.runAndReadAll(plan.timeRangeSql, { path });
    const row = r.getRowsJS()[0];
    if (row === undefined || row[0] === null || row[1] === null) return null;
    const toMs = (v: unknown): number => (typeof v === 'bigint' ? epochToMs(Number(v)) : typeof v === 'number' ? v : NaN);
    // Text time columns come back as text: fall back to unknown.
    const first = toMs(row[0]);
    const last = toMs(row[1]);
    return Number.isFinite(first) && Number.isFinite(last) ? { first, last } : null;
  });
}

/**
 * The rows in file order, one DuckDB chunk (≤ 2048 rows) at a time. DuckDB keeps insertion order for
 * a plain scan (preserve_insertion_order, on by default), so no ORDER BY (which would sort the whole
 * file in memory) is needed.
 */
export async function* parquetRows(path: string, plan: ParquetPlan): AsyncGenerator<unknown[][]> {
  const instance = await memoryInstance();
  const connection = await instance.connect();
  try {
    const result = await connection.stream(plan.sql, { path });
    for await (const rows of result.yieldRowsJs()) yield rows as unknown[][];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
