import { describe, expect, it } from 'vitest';
import * as functions from '../../../functions/src/index.js';
import { serviceAccountId, Deployable } from '../../../infra/src/plan/desired.js';

describe('the functions run as their own service account', () => {
  it('every exported Cloud Function declares cascade-functions@, the account infra creates and grants', () => {
    const endpoints = Object.entries(functions)
      .filter(([, f]) => typeof f === 'function' && '__endpoint' in f)
      .map(([name, f]) => [name, (f as unknown as { __endpoint: { serviceAccountEmail?: unknown } }).__endpoint.serviceAccountEmail] as const);
    // 5 pipeline functions + watchlist API + scheduled jobs + dead-letter alerts: more than a handful.
    expect(endpoints.length).toBeGreaterThan(8);
    for (const [name, sa] of endpoints) expect({ name, sa }).toEqual({ name, sa: 'cascade-functions@' });
    // The same id on both sides: a rename in one would deploy functions as an account nobody granted.
    expect(`${serviceAccountId(Deployable.Functions)}@`).toBe('cascade-functions@');
  });
});
