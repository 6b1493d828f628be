/**
 * TEST SUPPORT ONLY: Binance's error answers and parameter checks, shared by every endpoint of the fake.
 *
 * Follows Binance's documented error codes (Spot API "Error codes" errors.md; USDⓈ-M Futures "Error
 * Code"): HTTP 4xx with a JSON body `{"code":<negative>,"msg":…}`; -1100 illegal characters, -1102
 * mandatory parameter missing, -1121 invalid symbol, -1130 invalid data for a parameter.
 */
import Big from 'big.js';

/** A request Binance refuses: HTTP status plus its `{code, msg}` body. */
export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

export function missingParam(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

/** An unsigned integer parameter (ids, times, limits); undefined when not sent. */
export function integerParam(q: Readonly<Record<string, string>>, name: string): number | undefined {
  const v = q[name];
  if (v === undefined) return undefined;
  if (!/^\d{1,20}$/.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  return Number(v);
}

/** `limit` with Binance's default and documented ceiling: -1130 outside 1…max. */
export function limitParam(q: Readonly<Record<string, string>>, fallback: number, max: number): number {
  const limit = integerParam(q, 'limit') ?? fallback;
  if (limit < 1 || limit > max) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.");
  return limit;
}

/** A decimal parameter (price, quantity); null when not sent and not required. */
export function decimalParam(q: Readonly<Record<string, string>>, name: string, required: boolean): Big | null {
  const v = q[name];
  if (v === undefined || v === '') {
    if (required) throw missingParam(name);
    return null;
  }
  if (!/^\d+(\.\d+)?$/.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  return new Big(v);
}
