/**
 * Tick append throughput of the store: `npx tsx tools/src/bench/store-append-bench.ts [ticks] [batch]`.
 * Prints one JSON object per line (the bench format: name, tradesPerSec, p50us, p99us, rssMB):
 * - `store-append-buffer`: the per-trade cost, a push onto the symbol's buffer (p50/p99 per tick);
 * - `store-flush-batched`: flushes of `batch` ticks each through the Appender (p50/p99 per flush);
 * - `store-flush-single`: all ticks in one flush.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MarketSpec, Trade } from '@cascade/core';
import { TradingStore } from '@cascade/adapters/duckdb';

const total = Number(process.argv[2] ?? 1_000_000);
const batch = Number(process.argv[3] ?? 10_000);

const market: MarketSpec = {
  exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT',
  pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5',
};

function ticks(n: number, t0: number, firstId: number): Trade[] {
  const out: Trade[] = new Array<Trade>(n);
  let cents = 8_700_000;
  for (let i = 0; i < n; i++) {
    // A deterministic walk of ±1 cent; amounts 0.00001…0.04999 BTC.
    cents += ((i * 7919) % 3) - 1;
    out[i] = { id: String(firstId + i), ts: t0 + i, price: cents / 100, amount: (1 + ((i * 104_729) % 4999)) / 100_000, side: i % 3 === 0 ? 'sell' : 'buy', sideInferred: false };
  }
  return out;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cascade-store-bench-'));
  const t0 = Date.UTC(2026, 0, 1);
  try {
    const data = ticks(total, t0, 0);
    {
      const store = new TradingStore({ rootDir: join(dir, 'a'), flushRows: Number.MAX_SAFE_INTEGER });
      const s = store.forMarket(market);
      const perTick: number[] = [];
      const start = process.hrtime.bigint();
      for (let i = 0; i < total; i++) {
        const a = process.hrtime.bigint();
        s.appendTick(data[i] as Trade);
        perTick.push(Number(process.hrtime.bigint() - a) / 1000);
      }
      const secs = Number(process.hrtime.bigint() - start) / 1e9;
      console.log(JSON.stringify({ name: 'store-append-buffer', tradesPerSec: Math.round(total / secs), p50us: pct(perTick, 0.5), p99us: pct(perTick, 0.99), rssMB: rssMB() }));
      const f = performance.now();
      await s.flush();
      const single = (performance.now() - f) / 1000;
      console.log(JSON.stringify({ name: 'store-flush-single', tradesPerSec: Math.round(total / single), p50us: Math.round(single * 1e6), p99us: Math.round(single * 1e6), rssMB: rssMB(), ticks: total }));
      const rows = await s.query('SELECT count(*)::INTEGER AS n FROM ticks');
      if (rows[0]?.n !== total) throw new Error(`expected ${total} rows, found ${String(rows[0]?.n)}`);
      await store.close();
    }
    {
      const store = new TradingStore({ rootDir: join(dir, 'b'), flushRows: Number.MAX_SAFE_INTEGER });
      const s = store.forMarket(market);
      const perFlush: number[] = [];
      let busy = 0;
      for (let i = 0; i < total; i += batch) {
        s.appendTicks(data.slice(i, i + batch));
        const f = performance.now();
        await s.flush();
        const ms = performance.now() - f;
        busy += ms;
        perFlush.push(ms * 1000);
      }
      console.log(JSON.stringify({ name: 'store-flush-batched', tradesPerSec: Math.round(total / (busy / 1000)), p50us: Math.round(pct(perFlush, 0.5)), p99us: Math.round(pct(perFlush, 0.99)), rssMB: rssMB(), batch }));
      await store.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
