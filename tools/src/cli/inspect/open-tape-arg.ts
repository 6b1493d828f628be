import { isTapeFormat, supportedTapeFormatsText, type TapeFormat } from '@cascade/core';
import { type Tape, openTape } from '@cascade/adapters/tape-files';

/** Thrown for a bad command line: the command prints it and exits 2. */
export class UsageError extends Error {}

/** Opens `--tape` with `--symbol` and `--tape-format`, turning a bad format name into a usage error. */
export async function openTapeArg(path: string | undefined, symbol: string | undefined, format: string | undefined): Promise<Tape> {
  if (path === undefined) throw new UsageError('--tape FILE is required (a trades tape: Binance trades/aggTrades CSV or zip, ccxt JSON/CSV, Kraken CSV, Parquet)');
  if (format !== undefined && !isTapeFormat(format)) throw new UsageError(`--tape-format must be one of: ${supportedTapeFormatsText()}`);
  return openTape(path, { ...(symbol === undefined ? {} : { symbol }), ...(format === undefined ? {} : { format: format as TapeFormat }) });
}

/** A number printed at `places` decimals without trailing zeros (no float tails like 931.4860000000001). */
export function fixed(x: number, places: number): string {
  return Number.isFinite(x) ? String(Number(x.toFixed(places))) : '';
}
