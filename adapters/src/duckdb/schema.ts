import type { Timeframe, ValueOf } from '@cascade/core';
import { DECIMAL_SQL } from './decimal-text.js';

/** The tables of §2.2.7, one set per symbol database (no symbol column: the path names the symbol). */
export const Table = {
  Ticks: 'ticks',
  Candles1m: 'candles_1m',
  Candles5m: 'candles_5m',
  Candles15m: 'candles_15m',
  OrderFlow: 'order_flow',
  MarketProfile: 'market_profile',
  SupplyDemandZones: 'supply_demand_zones',
  FairValueGaps: 'fair_value_gaps',
  TradeExecutions: 'trade_executions',
} as const;
export type Table = ValueOf<typeof Table>;

export const candleTable: Readonly<Record<Timeframe, Table>> = { '1m': Table.Candles1m, '5m': Table.Candles5m, '15m': Table.Candles15m };

/** The timeframes that have a candle table, in the order a flush writes them. */
export const CANDLE_TIMEFRAMES: readonly Timeframe[] = ['1m', '5m', '15m'];

/** Bumped when a table changes shape; a file of another version is refused, not silently mixed. */
export const SCHEMA_VERSION = 1;

const D = DECIMAL_SQL;

/**
 * Times are TIMESTAMP holding UTC. No ART index on `timestamp`: rows arrive in time order, so
 * DuckDB's per-row-group min/max (zonemaps) already prune range scans and retention deletes, and an
 * index would slow every append. Primary keys only where rows are updated in place.
 */
function tableDdl(exchange: string): Record<Table, string> {
  const candles = (t: Table) => `CREATE TABLE IF NOT EXISTS ${t} (
    timestamp TIMESTAMP NOT NULL,
    open ${D} NOT NULL, high ${D} NOT NULL, low ${D} NOT NULL, close ${D} NOT NULL,
    volume ${D} NOT NULL,
    buy_volume ${D}, sell_volume ${D},
    num_trades INTEGER, num_buy_trades INTEGER, num_sell_trades INTEGER)`;
  return {
    // `exchange` is the document's column; constant per file, so virtual (no storage, nothing to append).
    // `trade_id` and `side_inferred` are ours: a warm restart rebuilds Trades from them.
    [Table.Ticks]: `CREATE TABLE IF NOT EXISTS ${Table.Ticks} (
      timestamp TIMESTAMP NOT NULL,
      trade_id VARCHAR NOT NULL,
      price ${D} NOT NULL,
      volume ${D} NOT NULL,
      side ENUM('buy', 'sell') NOT NULL,
      side_inferred BOOLEAN NOT NULL,
      exchange VARCHAR GENERATED ALWAYS AS ('${exchange}') VIRTUAL)`,
    [Table.Candles1m]: candles(Table.Candles1m),
    [Table.Candles5m]: candles(Table.Candles5m),
    [Table.Candles15m]: candles(Table.Candles15m),
    [Table.OrderFlow]: `CREATE TABLE IF NOT EXISTS ${Table.OrderFlow} (
      timestamp TIMESTAMP NOT NULL,
      cvd ${D} NOT NULL,
      buy_volume ${D} NOT NULL,
      sell_volume ${D} NOT NULL,
      imbalance_ratio DOUBLE,
      delta ${D} NOT NULL,
      avg_buy_size DOUBLE,
      avg_sell_size DOUBLE)`,
    [Table.MarketProfile]: `CREATE TABLE IF NOT EXISTS ${Table.MarketProfile} (
      timestamp TIMESTAMP NOT NULL,
      timeframe VARCHAR NOT NULL,
      poc_price ${D} NOT NULL,
      value_area_high ${D} NOT NULL,
      value_area_low ${D} NOT NULL,
      profile_data JSON)`,
    [Table.SupplyDemandZones]: `CREATE TABLE IF NOT EXISTS ${Table.SupplyDemandZones} (
      zone_id VARCHAR PRIMARY KEY,
      timeframe VARCHAR NOT NULL,
      zone_type VARCHAR NOT NULL CHECK (zone_type IN ('supply', 'demand')),
      price_low ${D} NOT NULL,
      price_high ${D} NOT NULL,
      strength_score DOUBLE NOT NULL,
      first_seen TIMESTAMP NOT NULL,
      last_tested TIMESTAMP,
      status VARCHAR NOT NULL CHECK (status IN ('fresh', 'tested')))`,
    [Table.FairValueGaps]: `CREATE TABLE IF NOT EXISTS ${Table.FairValueGaps} (
      fvg_id VARCHAR PRIMARY KEY,
      timeframe VARCHAR NOT NULL,
      fvg_type VARCHAR NOT NULL CHECK (fvg_type IN ('bullish', 'bearish')),
      gap_low ${D} NOT NULL,
      gap_high ${D} NOT NULL,
      created_at TIMESTAMP NOT NULL,
      filled_at TIMESTAMP,
      fill_percentage DOUBLE NOT NULL)`,
    // `closed_at` is ours: retention removes a completed trade a minute after it closed.
    [Table.TradeExecutions]: `CREATE TABLE IF NOT EXISTS ${Table.TradeExecutions} (
      trade_id VARCHAR PRIMARY KEY,
      timestamp TIMESTAMP NOT NULL,
      side VARCHAR NOT NULL CHECK (side IN ('long', 'short')),
      entry_price ${D} NOT NULL,
      exit_price ${D},
      quantity ${D} NOT NULL,
      pnl ${D},
      fees ${D} NOT NULL,
      strategy VARCHAR NOT NULL,
      config_type VARCHAR NOT NULL,
      closed_at TIMESTAMP)`,
  };
}

/** What the file holds, so a database copied out of its directory still says which market it is. */
const SCHEMA_INFO_DDL = `CREATE TABLE IF NOT EXISTS schema_info (
  version INTEGER NOT NULL,
  exchange VARCHAR NOT NULL,
  market_type VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL)`;

/** Every CREATE of the persistent schema, in order; each is idempotent. */
export function schemaStatements(exchange: string): string[] {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(exchange)) throw new Error(`exchange "${exchange}" is not a plain id`);
  return [SCHEMA_INFO_DDL, ...Object.values(tableDdl(exchange))];
}

export interface SchemaInfo {
  readonly version: number;
  readonly exchange: string;
  readonly marketType: string;
  readonly symbol: string;
}
