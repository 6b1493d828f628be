import type { Candle, MarketSpec } from '@cascade/core';
import { TradingStore } from '@cascade/adapters/duckdb';
import type { EngineHooks } from './engine.js';
import { type OhlcvClient, createOhlcvClient, warmUpCandles } from '@cascade/adapters/venues/ccxt';
import { systemClock } from '@cascade/adapters/clock';
import { readWarmupFile } from '@cascade/adapters/tape-files';

export interface EdgeHooksOptions {
  /** Root of the per-symbol DuckDB files (`{root}/{exchange}/{market}/{symbol}/trading.duckdb`); null = no store. */
  readonly storeDir: string | null;
  /** Live: warm each new market from the venue's OHLCV (merged with the store); replay: from the store only, or from `warmFile`. */
  readonly warmFrom: 'venue' | 'store' | 'file' | 'none';
  /** `warmFrom: 'file'`: a Binance kline CSV or ccxt OHLCV JSON (`npm start -- --warmup FILE`). */
  readonly warmFile?: string | null;
  readonly log: (line: string) => void;
}

export interface EdgeHooks {
  readonly hooks: EngineHooks;
  close(): Promise<void>;
}

/**
 * The analytics service's edge: recording trades and candles in the per-symbol DuckDB store (batched,
 * flushed on a timer, retention every 5 min) and warm starts — a live market's regime gets its 30 h
 * of 15m history from `fetchOHLCV` before its first trade is judged; a restarted replay from the store.
 */
export function edgeHooks(opts: EdgeHooksOptions): EdgeHooks {
  const store = opts.storeDir ? new TradingStore({ rootDir: opts.storeDir }, { onError: (e, m) => opts.log(`store ${m}: ${(e as Error).message}`) }) : null;
  store?.start();
  // One REST client per venue for the life of the service (ccxt keeps its markets and rate limiter in it).
  const clients = new Map<string, OhlcvClient | null>();
  const venue = (id: string): OhlcvClient | null => {
    if (!clients.has(id)) clients.set(id, createOhlcvClient(id));
    return clients.get(id) ?? null;
  };
  const hooks: EngineHooks = {
    ...(store ? { record: { trade: (m: MarketSpec, t) => store.forMarket(m).appendTick(t), candle: (m: MarketSpec, c: Candle) => store.forMarket(m).appendCandle(c) } } : {}),
    ...(opts.warmFrom === 'none'
      ? {}
      : {
          warmUp: async (m: MarketSpec) => {
            if (opts.warmFrom === 'file') {
              if (!opts.warmFile) return null;
              const h = await readWarmupFile(opts.warmFile).catch((e: unknown) => {
                // The engine carries on without history; say why here, where the path is known.
                opts.log(`analytics: cannot warm ${m.symbol} from ${opts.warmFile}: ${(e as Error).message}`);
                throw e;
              });
              opts.log(`analytics: warm start ${m.symbol} from ${opts.warmFile} (${h['15m']?.length ?? 0} × 15m, ${h['1m']?.length ?? 0} × 1m, before trimming to the first trade)`);
              return { '1m': h['1m'] ?? [], '15m': h['15m'] ?? [] };
            }
            const symbolStore = store?.forMarket(m);
            if (opts.warmFrom === 'store') {
              if (!symbolStore) return null;
              const [m1, m15] = await Promise.all([symbolStore.loadRecentCandles('1m', 120), symbolStore.loadRecentCandles('15m', 120)]);
              opts.log(`analytics: warm start ${m.symbol} from the store (${m15.length} × 15m, ${m1.length} × 1m)`);
              return { '1m': m1, '15m': m15 };
            }
            const ex = venue(m.exchange);
            if (!ex) return null;
            const r = await warmUpCandles({ exchange: ex, symbol: m.symbol, now: systemClock.now(), ...(symbolStore ? { store: symbolStore } : {}) });
            opts.log(`analytics: warm start ${m.symbol} from ${m.exchange} (${r.candles['15m'].length} × 15m, ${r.candles['1m'].length} × 1m)`);
            return { '1m': r.candles['1m'], '15m': r.candles['15m'] };
          },
        }),
  };
  return { hooks, close: async () => store?.close() };
}
