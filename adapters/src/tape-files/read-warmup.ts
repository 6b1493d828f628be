import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CandleRow, type WarmupCandles, parseBinanceKlineCsv, parseCcxtOhlcvJson, warmupCandlesFromRows } from '@cascade/core';
import { Packing, openBytes, packingOf } from './byte-source.js';

/**
 * Reads a warm-up history file: a Binance public-data kline CSV (with or without header) or ccxt
 * OHLCV JSON, plain, `.gz` or `.zip` (told by the first bytes, like tapes). 1m files also give 15m
 * candles (folded); 15m files give 15m only. A warm-up is ~33 h of 1m candles (~2,000 rows, a
 * month is 44,640), so the file is read whole.
 */
export async function readWarmupFile(path: string): Promise<WarmupCandles> {
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('not a file');
  } catch (e) {
    throw new Error(`warm-up file ${path} cannot be read (${(e as Error).message}); give a Binance kline CSV or ccxt OHLCV JSON file (npm run data -- download --kind klines writes one)`, { cause: e });
  }
  const packing = await packingOf(path);
  if (packing === Packing.Parquet) throw new Error(`${path} is Parquet; --warmup reads a Binance kline CSV or ccxt OHLCV JSON (plain, .gz or .zip)`);
  const text = await readAllText(path, packing);
  const source = basename(path);
  const rows: CandleRow[] = text.trimStart().startsWith('[') ? parseCcxtOhlcvJson(text, source) : parseBinanceKlineCsv(text, source);
  if (rows.length === 0) throw new Error(`${path} holds no candles; give a kline CSV or OHLCV JSON with at least two candles`);
  return warmupCandlesFromRows(rows, source);
}

async function readAllText(path: string, packing: Packing): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of openBytes(path, packing) as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
