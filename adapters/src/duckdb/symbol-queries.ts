import type { Candle, Timeframe, Trade } from '@cascade/core';
import { type Cell, dec, decOrNaN, money, moneyOrNull, num, numOrNaN, numOrNull, str } from './read-cells.js';
import type { ExecutionRow, FairValueGapRow, ZoneRow } from './rows.js';
import { Table, candleTable } from './schema.js';

/**
 * The reads of a symbol's database: each query's SQL beside the decoding of its rows, so a column
 * list and the cells it is read back from cannot drift apart. `SymbolStore` runs them after a flush.
 */

type Row = readonly Cell[];

/** The last `n` candles, newest first; of a candle stored twice (a replay after a restart), the one built from more trades. */
export function recentCandlesSql(timeframe: Timeframe, n: number): string {
  return `SELECT epoch_ms(timestamp) AS ts, open::VARCHAR, high::VARCHAR, low::VARCHAR, close::VARCHAR, volume::VARCHAR,
              buy_volume::VARCHAR, sell_volume::VARCHAR, num_trades, num_buy_trades, num_sell_trades
       FROM ${candleTable[timeframe]}
       QUALIFY row_number() OVER (PARTITION BY timestamp ORDER BY num_trades DESC NULLS LAST, rowid DESC) = 1
       ORDER BY timestamp DESC
       LIMIT ${n}`;
}

/** NULL aggressor split or trade counts (unknown) come back as NaN. */
export function candleFromRow(r: Row, timeframe: Timeframe): Candle {
  return {
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
  };
}

/** Ticks with `ts` ≥ the parameter (whole epoch ms), in time then arrival order, each trade id once. */
export const ticksSinceSql = `SELECT ts, trade_id, price, volume, side, side_inferred FROM (
         SELECT epoch_ms(timestamp) AS ts, trade_id, price::VARCHAR AS price, volume::VARCHAR AS volume,
                side::VARCHAR AS side, side_inferred, rowid AS rid
         FROM ${Table.Ticks}
         WHERE timestamp >= epoch_ms(CAST(? AS BIGINT))
         QUALIFY row_number() OVER (PARTITION BY trade_id ORDER BY rowid) = 1)
       ORDER BY ts, rid`;

export function tickFromRow(r: Row): Trade {
  return {
    id: str(r[1]),
    ts: num(r[0]),
    price: dec(r[2]),
    amount: dec(r[3]),
    side: str(r[4]) === 'buy' ? 'buy' : 'sell',
    sideInferred: r[5] === true,
  };
}

/** Zones, oldest first. */
export const zonesSql = `SELECT zone_id, timeframe, zone_type, price_low::VARCHAR, price_high::VARCHAR, strength_score,
              epoch_ms(first_seen), epoch_ms(last_tested), status
       FROM ${Table.SupplyDemandZones} ORDER BY first_seen, zone_id`;

export function zoneFromRow(r: Row): ZoneRow {
  return {
    zoneId: str(r[0]),
    timeframe: str(r[1]),
    zoneType: str(r[2]) === 'supply' ? 'supply' : 'demand',
    priceLow: dec(r[3]),
    priceHigh: dec(r[4]),
    strengthScore: num(r[5]),
    firstSeen: num(r[6]),
    lastTested: numOrNull(r[7]),
    status: str(r[8]) === 'tested' ? 'tested' : 'fresh',
  };
}

/** Fair value gaps, oldest first. */
export const fairValueGapsSql = `SELECT fvg_id, timeframe, fvg_type, gap_low::VARCHAR, gap_high::VARCHAR, epoch_ms(created_at), epoch_ms(filled_at), fill_percentage
       FROM ${Table.FairValueGaps} ORDER BY created_at, fvg_id`;

export function fairValueGapFromRow(r: Row): FairValueGapRow {
  return {
    fvgId: str(r[0]),
    timeframe: str(r[1]),
    fvgType: str(r[2]) === 'bullish' ? 'bullish' : 'bearish',
    gapLow: dec(r[3]),
    gapHigh: dec(r[4]),
    createdAt: num(r[5]),
    filledAt: numOrNull(r[6]),
    fillPercentage: num(r[7]),
  };
}

/** Executions, oldest first. */
export const executionsSql = `SELECT trade_id, epoch_ms(timestamp), side, entry_price::VARCHAR, exit_price::VARCHAR, quantity::VARCHAR,
              pnl::VARCHAR, fees::VARCHAR, strategy, config_type, epoch_ms(closed_at)
       FROM ${Table.TradeExecutions} ORDER BY timestamp, trade_id`;

/** Money as the shortest exact decimal string. */
export function executionFromRow(r: Row): ExecutionRow {
  return {
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
  };
}
