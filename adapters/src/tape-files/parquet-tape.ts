import { type Trade, TapeFormat, TradeAssembler, emptyRawTrade } from '@cascade/core';
import { parquetRows, parquetTimeRange, planParquet, type ParquetPlan } from './parquet-source.js';
import type { Tape } from './tape.js';
import { assertCanIterate, defaultMaxBatch, maxPrecision, statsOf, withPath } from './tape-pass.js';

/** A Parquet tape read through DuckDB; its time window comes from the file's statistics. */
export async function openParquetTape(path: string, exchange: string, symbol: string, sampleRows: number): Promise<Tape> {
  let plan: ParquetPlan;
  try {
    plan = await planParquet(path);
  } catch (e) {
    throw withPath(path, e);
  }
  const timeRange = await parquetTimeRange(path, plan);
  // Precision from the decimal text of the first `sampleRows` rows, as for text tapes.
  const sample = new TradeAssembler();
  const raw = emptyRawTrade();
  let seen = 0;
  sampling: for await (const rows of parquetRows(path, plan)) {
    for (const row of rows) {
      plan.read(row, raw);
      if (sample.accept(raw) !== null && ++seen >= sampleRows) break sampling;
    }
  }
  const samplePrecision = sample.precision;
  let live: TradeAssembler | null = null;
  let used = false;

  async function* batches(maxBatch = defaultMaxBatch): AsyncGenerator<Trade[]> {
    assertCanIterate(used, path, maxBatch);
    used = true;
    const assembler = new TradeAssembler();
    live = assembler;
    const row = emptyRawTrade();
    const out: Trade[] = [];
    try {
      for await (const rows of parquetRows(path, plan)) {
        for (const r of rows) {
          plan.read(r, row);
          const t = assembler.accept(row);
          if (t !== null && out.push(t) >= maxBatch) yield out.splice(0, out.length);
        }
      }
      if (out.length > 0) yield out.splice(0, out.length);
    } catch (e) {
      throw withPath(path, e);
    }
  }

  return {
    path,
    format: TapeFormat.Parquet,
    exchange,
    symbol,
    get precision() {
      return maxPrecision(samplePrecision, live?.precision ?? null);
    },
    timeRange,
    batches,
    stats: () => statsOf(live),
  };
}
