import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

const sampleTape = new URL('../../../sample-data/tapes/binance-ethusdt-trades-2024-08-09.csv.gz', import.meta.url);

/**
 * A real day in data.binance.vision's spot `trades` layout: the repo's 8,409 Binance spot ETHUSDT
 * trades of 2024-08-09 (sample-data/README.md gives their provenance), rewritten the way spot files
 * are: no header, `True`/`False`, and the is_best_match column. Zipped as Binance zips them: one CSV
 * named like the zip.
 */
export function spotTradesZip(): Uint8Array {
  const [, ...rows] = gunzipSync(readFileSync(sampleTape)).toString('utf8').trim().split('\n');
  const csv = rows
    .map((row) => {
      const [id, price, qty, quoteQty, time, buyerMaker] = row.split(',');
      return `${id},${price},${qty},${quoteQty},${time},${buyerMaker === 'true' ? 'True' : 'False'},True`;
    })
    .join('\n');
  return zipOne('ETHUSDT-trades-2024-08-09.csv', `${csv}\n`);
}

/** One CSV in a zip, as every data.binance.vision zip holds. */
export function zipOne(name: string, text: string): Uint8Array {
  return zipSync({ [name]: strToU8(text) });
}
