import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { FundingRateSeries, parseFundingRateFile } from '@cascade/core';
import { Packing, openBytes, packingOf } from './byte-source.js';

/**
 * Reads a funding-rate series: a Binance public-data fundingRate CSV (the monthly .zip as downloaded,
 * or its CSV, plain or .gz) or the JSON array ccxt `fetchFundingRateHistory` returns. A month is ~90
 * rows, so the file is read whole.
 */
export async function readFundingFile(path: string): Promise<FundingRateSeries> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a file');
  } catch (e) {
    throw new Error(`funding file ${path} cannot be read (${(e as Error).message}); give a Binance fundingRate CSV/zip (data.binance.vision …/futures/um/monthly/fundingRate/) or a ccxt fetchFundingRateHistory JSON array`, { cause: e });
  }
  const packing = await packingOf(path);
  if (packing === Packing.Parquet) throw new Error(`${path} is Parquet; --funding reads a Binance fundingRate CSV or ccxt funding-rate JSON (plain, .gz or .zip)`);
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of openBytes(path, packing) as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  return new FundingRateSeries(parseFundingRateFile(text, basename(path)));
}
