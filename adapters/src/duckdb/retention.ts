import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { type Timeframe, timeframeMs } from '@cascade/core';
import { Table, candleTable } from './schema.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * How long each table keeps its rows (§2.2.7 "Data Retention Summary"). Unknown keys are rejected.
 * Candles are the exception: the document's 15 min / 1 h / 1 h keeps 4 candles of 15m, which cannot
 * seed ADX(14), a 100-candle directional persistence or a 20 + 100 − 1 candle mean-reversion window (issue 3
 * item 6), so candle retention is a count of closed candles that covers those lookbacks.
 */
export const RetentionConfigSchema = z.strictObject({
  /** §2.2.7: ticks 15 minutes (matches the longest timeframe). */
  ticksMs: z.number().int().positive().default(15 * MIN),
  candles: z
    .strictObject({
      /** ≥ 120: settled RSI(14) needs 78, the brief asks 120 (2 h); also what analytics keeps in memory. */
      '1m': z.number().int().positive().default(120),
      /** 48 (4 h): what analytics keeps of 5m in memory, so a warm restart restores all of it (document: 1 h). */
      '5m': z.number().int().positive().default(48),
      /** ≥ 119 (mean reversion 20 + 100 − 1, persistence 100, settled ADX 91): 120 candles, 30 h. */
      '15m': z.number().int().positive().default(120),
    })
    .prefault({}),
  /** §2.2.7: order flow 15 minutes. */
  orderFlowMs: z.number().int().positive().default(15 * MIN),
  /** §2.2.7: market profile 15 minutes. */
  marketProfileMs: z.number().int().positive().default(15 * MIN),
  /** §2.2.7: unfilled fair value gaps expire after 24 hours (filled ones are deleted when they fill). */
  fairValueGapMaxAgeMs: z.number().int().positive().default(24 * HOUR),
  /** §2.2.7: at most 50 zones per symbol; the least recently tested or created go first. */
  maxZones: z.number().int().positive().default(50),
  /** §2.2.7: completed trades leave DuckDB within a minute (Firestore holds them). Open ones stay. */
  closedExecutionMs: z.number().int().nonnegative().default(MIN),
});
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;
export type RetentionConfigInput = z.input<typeof RetentionConfigSchema>;

export const defaultRetention: RetentionConfig = RetentionConfigSchema.parse({});

/** The oldest candle open time kept at `now`: the last `n` closed candles, plus the one still open. */
export function candleCutoff(timeframe: Timeframe, n: number, now: number): number {
  const span = timeframeMs[timeframe];
  return now - (((now % span) + span) % span) - n * span;
}

export interface RetentionStatement {
  readonly table: Table;
  readonly sql: string;
}

const ts = (ms: number) => `epoch_ms(CAST(${Math.floor(ms)} AS BIGINT))`;

/** The DELETEs one cleanup runs at `now` (§2.2.7 "Background Job: DuckDB Cleanup Service"). */
export function retentionStatements(cfg: RetentionConfig, now: number): RetentionStatement[] {
  const candleDeletes = (Object.keys(candleTable) as Timeframe[]).map((tf) => ({
    table: candleTable[tf],
    sql: `DELETE FROM ${candleTable[tf]} WHERE timestamp < ${ts(candleCutoff(tf, cfg.candles[tf], now))}`,
  }));
  return [
    { table: Table.Ticks, sql: `DELETE FROM ${Table.Ticks} WHERE timestamp < ${ts(now - cfg.ticksMs)}` },
    ...candleDeletes,
    { table: Table.OrderFlow, sql: `DELETE FROM ${Table.OrderFlow} WHERE timestamp < ${ts(now - cfg.orderFlowMs)}` },
    { table: Table.MarketProfile, sql: `DELETE FROM ${Table.MarketProfile} WHERE timestamp < ${ts(now - cfg.marketProfileMs)}` },
    {
      table: Table.FairValueGaps,
      sql: `DELETE FROM ${Table.FairValueGaps} WHERE filled_at IS NOT NULL OR created_at < ${ts(now - cfg.fairValueGapMaxAgeMs)}`,
    },
    {
      table: Table.SupplyDemandZones,
      sql: `DELETE FROM ${Table.SupplyDemandZones} WHERE zone_id IN (
        SELECT zone_id FROM ${Table.SupplyDemandZones}
        ORDER BY coalesce(last_tested, first_seen) DESC, first_seen DESC, zone_id
        OFFSET ${cfg.maxZones})`,
    },
    {
      table: Table.TradeExecutions,
      sql: `DELETE FROM ${Table.TradeExecutions} WHERE closed_at IS NOT NULL AND closed_at <= ${ts(now - cfg.closedExecutionMs)}`,
    },
  ];
}

/** Rows deleted per table by one cleanup. */
export type CleanupCounts = Record<Table, number>;

/** Runs one cleanup at `now` on a symbol's database; returns rows deleted per table. */
export async function applyRetention(conn: DuckDBConnection, cfg: RetentionConfig, now: number): Promise<CleanupCounts> {
  const counts = Object.fromEntries(Object.values(Table).map((t) => [t, 0])) as CleanupCounts;
  let deleted = 0;
  for (const s of retentionStatements(cfg, now)) {
    const n = (await conn.run(s.sql)).rowsChanged;
    counts[s.table] += n;
    deleted += n;
  }
  // Rewrites emptied row groups so the file shrinks (DuckDB's VACUUM does not reclaim space).
  if (deleted > 0) await conn.run('CHECKPOINT');
  return counts;
}
