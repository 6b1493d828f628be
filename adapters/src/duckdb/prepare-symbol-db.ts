import type { DuckDBConnection } from '@duckdb/node-api';
import type { MarketSpec } from '@cascade/core';
import { SCHEMA_VERSION, schemaStatements } from './schema.js';
import { stageDdl } from './staged-append.js';
import { stagedTables } from './tables.js';

/** Which file a connection is open on, and the market it must hold. */
export interface SymbolDbIdentity {
  readonly path: string;
  /** `marketKey(market)`, for messages. */
  readonly key: string;
  readonly market: MarketSpec;
}

/**
 * Runs on every connection the pool opens for a symbol. Idempotent: creates what is missing (tables,
 * `schema_info` stamped at `clock.now()`, this connection's TEMP staging tables), refuses a file of
 * another schema version or market.
 */
export async function prepareSymbolDb(conn: DuckDBConnection, db: SymbolDbIdentity, clock: { now(): number }): Promise<void> {
  const m = db.market;
  await conn.run(schemaStatements(m.exchange).join(';\n'));
  const info = (await conn.runAndReadAll('SELECT version, exchange, market_type, symbol FROM schema_info')).getRows();
  const first = info[0];
  if (first === undefined) {
    await conn.run('INSERT INTO schema_info VALUES (?, ?, ?, ?, epoch_ms(CAST(? AS BIGINT)))', [SCHEMA_VERSION, m.exchange, m.marketType, m.symbol, clock.now()]);
  } else {
    const [version, exchange, marketType, symbol] = first;
    if (version !== SCHEMA_VERSION) throw new Error(`${db.path}: schema version ${String(version)}, this code writes ${SCHEMA_VERSION}; move the file aside`);
    if (exchange !== m.exchange || marketType !== m.marketType || symbol !== m.symbol) {
      throw new Error(`${db.path} holds ${String(exchange)}:${String(marketType)}:${String(symbol)}, not ${db.key}`);
    }
  }
  await conn.run(stagedTables.map(stageDdl).join(';\n'));
}
