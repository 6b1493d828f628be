import type { Candle, Trade } from '@cascade/core';
import type { MarketProfileRow, OrderFlowRow } from './rows.js';
import { Table, candleTable } from './schema.js';
import type { AnyStagedTable, StagedTable } from './staged-append.js';

/** The append-only tables and how each row maps onto their columns (see staged-append.ts). */

export const ticksTable: StagedTable<Trade> = {
  table: Table.Ticks,
  columns: [
    { name: 'timestamp', kind: 'time', get: (t) => t.ts },
    { name: 'trade_id', kind: 'text', get: (t) => t.id },
    { name: 'price', kind: 'price', get: (t) => t.price },
    { name: 'volume', kind: 'amount', get: (t) => t.amount },
    { name: 'side', kind: 'side', get: (t) => t.side === 'buy' },
    { name: 'side_inferred', kind: 'bool', get: (t) => t.sideInferred },
  ],
};

function candlesTable(table: Table): StagedTable<Candle> {
  return {
    table,
    columns: [
      { name: 'timestamp', kind: 'time', get: (c) => c.openTime },
      { name: 'open', kind: 'price', get: (c) => c.open },
      { name: 'high', kind: 'price', get: (c) => c.high },
      { name: 'low', kind: 'price', get: (c) => c.low },
      { name: 'close', kind: 'price', get: (c) => c.close },
      // Sums of trade amounts: exact at the amount precision once the float sum is rounded.
      { name: 'volume', kind: 'amount', get: (c) => c.volume },
      // NaN (unknown, e.g. a candle from venue OHLCV) is stored as NULL.
      { name: 'buy_volume', kind: 'amount', get: (c) => c.buyVolume },
      { name: 'sell_volume', kind: 'amount', get: (c) => c.sellVolume },
      { name: 'num_trades', kind: 'int', get: (c) => c.trades },
      { name: 'num_buy_trades', kind: 'int', get: (c) => c.buyTrades },
      { name: 'num_sell_trades', kind: 'int', get: (c) => c.sellTrades },
    ],
  };
}

export const candleTables = {
  '1m': candlesTable(candleTable['1m']),
  '5m': candlesTable(candleTable['5m']),
  '15m': candlesTable(candleTable['15m']),
} as const;

export const orderFlowTable: StagedTable<OrderFlowRow> = {
  table: Table.OrderFlow,
  columns: [
    { name: 'timestamp', kind: 'time', get: (r) => r.ts },
    { name: 'cvd', kind: 'amount', get: (r) => r.cvd },
    { name: 'buy_volume', kind: 'amount', get: (r) => r.buyVolume },
    { name: 'sell_volume', kind: 'amount', get: (r) => r.sellVolume },
    { name: 'imbalance_ratio', kind: 'double', get: (r) => r.imbalanceRatio },
    { name: 'delta', kind: 'amount', get: (r) => r.delta },
    { name: 'avg_buy_size', kind: 'double', get: (r) => r.avgBuySize },
    { name: 'avg_sell_size', kind: 'double', get: (r) => r.avgSellSize },
  ],
};

export const marketProfileTable: StagedTable<MarketProfileRow> = {
  table: Table.MarketProfile,
  columns: [
    { name: 'timestamp', kind: 'time', get: (r) => r.ts },
    { name: 'timeframe', kind: 'text', get: (r) => r.timeframe },
    { name: 'poc_price', kind: 'price', get: (r) => r.pocPrice },
    { name: 'value_area_high', kind: 'price', get: (r) => r.valueAreaHigh },
    { name: 'value_area_low', kind: 'price', get: (r) => r.valueAreaLow },
    { name: 'profile_data', kind: 'json', get: (r) => (r.profileData === undefined ? null : JSON.stringify(r.profileData)) },
  ],
};

export const stagedTables: readonly AnyStagedTable[] = [ticksTable, ...Object.values(candleTables), orderFlowTable, marketProfileTable];
