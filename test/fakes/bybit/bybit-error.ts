/**
 * TEST SUPPORT ONLY: Bybit v5's error answers and parameter checks, shared by every endpoint of the fake.
 *
 * Follows Bybit's documented V5 "Error Codes" (bybit-exchange.github.io/docs/v5/error): every answer is
 * the envelope `{retCode, retMsg, result, retExtInfo, time}`, retCode 0 for success; business errors come
 * with HTTP 200 and their retCode (10001 request parameter error, 110001 order does not exist, 110072
 * OrderLinkedID is duplicate, …); authentication failures (10003 invalid key, 10004 error sign) with
 * HTTP 401, as the "HTTP Code" table says.
 */
import Big from 'big.js';

/** A request Bybit refuses: its retCode and retMsg, and the HTTP status it comes with. */
export class BybitError extends Error {
  constructor(
    readonly retCode: number,
    retMsg: string,
    readonly status = 200,
  ) {
    super(retMsg);
  }
}

/** Request parameters: GET query strings, or the JSON body of a POST (strings, numbers, booleans). */
export type Params = Readonly<Record<string, unknown>>;

export function paramError(msg: string): BybitError {
  return new BybitError(10001, msg);
}

/** A string parameter (numbers are accepted as their decimal text); undefined when absent or empty. */
export function str(q: Params, name: string): string | undefined {
  const v = q[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw paramError(`${name} must be a string`);
}

export function required(q: Params, name: string): string {
  const v = str(q, name);
  if (v === undefined) throw paramError(`params error: ${name} is required`);
  return v;
}

/** A positive decimal parameter (qty, price, triggerPrice); null when absent and optional. */
export function decimal(q: Params, name: string, isRequired: boolean): Big | null {
  const v = isRequired ? required(q, name) : str(q, name);
  if (v === undefined) return null;
  if (!/^\d+(\.\d+)?$/.test(v)) throw paramError(`params error: ${name} invalid`);
  return new Big(v);
}

/** A boolean parameter: JSON true/false (or their text in a query string). */
export function bool(q: Params, name: string): boolean {
  const v = q[name];
  return v === true || v === 'true' || v === 1 || v === '1';
}
