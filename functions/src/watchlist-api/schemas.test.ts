import { describe, expect, it } from 'vitest';
import { AddBody, ListQuery, RemoveBody, check } from './schemas.js';

describe('request schemas', () => {
  it('fill the §5.3 defaults: 24 h, priority 3; "futures" means perp', () => {
    expect(check(AddBody, { exchange: 'binance', market_type: 'futures', symbol: 'PEPEUSDT' })).toEqual({
      ok: true,
      value: { exchange: 'binance', market_type: 'perp', symbol: 'PEPEUSDT', duration_hours: 24, priority: 3 },
    });
  });

  it('name every bad field by its path', () => {
    const r = check(AddBody, { exchange: 'Binance_X', market_type: 'margin', symbol: '', duration_hours: 0, priority: 9, extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([...new Set(r.errors.map((e) => e.path))].sort()).toEqual(['(body)', 'duration_hours', 'exchange', 'market_type', 'priority', 'symbol']);
  });

  it('refuse a body that is not an object, and a week-plus duration', () => {
    expect(check(RemoveBody, undefined)).toMatchObject({ ok: false, errors: [{ path: '(body)' }] });
    expect(check(AddBody, { exchange: 'binance', market_type: 'spot', symbol: 'BTCUSDT', duration_hours: 169 })).toMatchObject({ ok: false, errors: [{ path: 'duration_hours' }] });
  });

  it('read list queries from strings', () => {
    expect(check(ListQuery, { exchange: 'binance', market_type: 'spot' })).toEqual({ ok: true, value: { exchange: 'binance', market_type: 'spot' } });
    expect(check(ListQuery, { exchange: 'binance' })).toMatchObject({ ok: false, errors: [{ path: 'market_type' }] });
  });
});

describe('flatten request', () => {
  it('needs the typed word and exactly one scope', async () => {
    const { FlattenBody } = await import('./schemas.js');
    expect(check(FlattenBody, { all: true, confirm: 'FLATTEN' })).toEqual({ ok: true, value: { all: true, confirm: 'FLATTEN' } });
    expect(check(FlattenBody, { module: 'scalp', confirm: 'FLATTEN' }).ok).toBe(true);
    expect(check(FlattenBody, { all: true, confirm: 'flatten' })).toEqual({ ok: false, errors: [{ path: 'confirm', message: 'type FLATTEN to confirm' }] });
    expect(check(FlattenBody, { all: true, module: 'x', confirm: 'FLATTEN' })).toEqual({ ok: false, errors: [{ path: 'all', message: 'name what to close: all: true or module (one of them)' }] });
    expect(check(FlattenBody, { confirm: 'FLATTEN' }).ok).toBe(false);
  });
});
