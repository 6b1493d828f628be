import ccxt, { errors } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { CCXT_ERROR_PARENT, ccxtAncestry } from '@cascade/core';

/** The real class chain of a ccxt error class, from the installed library. */
function realAncestry(cls: abstract new (...args: never[]) => unknown): string[] {
  const out: string[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Error && c.name !== ''; c = Object.getPrototypeOf(c)) out.push(c.name);
  return out;
}

describe('ccxt error table matches the installed ccxt', () => {
  // The namespace also carries a `default` export object; the classes are the functions.
  const classes = Object.entries(errors as Record<string, unknown>).filter((e): e is [string, abstract new (...args: never[]) => unknown] => typeof e[1] === 'function');

  it('names exactly the classes ccxt exports', () => {
    expect(Object.keys(CCXT_ERROR_PARENT).sort()).toEqual(classes.map(([n]) => n).sort());
  });

  it.each(classes)('%s has the same ancestry in the table as on its prototype chain', (name, cls) => {
    expect(ccxtAncestry(name)).toEqual(realAncestry(cls));
  });

  it('knows RateLimitExceeded sits beside DDoSProtection under NetworkError', () => {
    expect(realAncestry(ccxt.RateLimitExceeded)).toEqual(['RateLimitExceeded', 'NetworkError', 'OperationFailed', 'BaseError']);
    expect(ccxtAncestry('RateLimitExceeded')).not.toContain('DDoSProtection');
  });

  it('returns nothing for a name ccxt does not have', () => {
    expect(ccxtAncestry('TypeError')).toEqual([]);
    expect(ccxtAncestry('toString')).toEqual([]);
  });
});
