import { describe, expect, it } from 'vitest';
import { StrategyConfigSchema, checkConfig } from '@cascade/core';
import { applyEdits, configFields, fieldOfError, fieldValue } from './config-form.js';

describe('config form', () => {
  const doc = { a: 1, b: { c: true, d: 'x', e: null, f: [1, 2] } };
  const fields = configFields(doc);
  it('flattens leaves to dotted paths; arrays are one JSON field', () => {
    expect(fields.map((f) => [f.path, f.kind, f.value])).toEqual([
      ['a', 'number', '1'],
      ['b.c', 'boolean', true],
      ['b.d', 'text', 'x'],
      ['b.e', 'text', ''],
      ['b.f', 'json', '[1,2]'],
    ]);
  });
  it('turns text back into values; a non-number stays text so the schema names the field', () => {
    const [a, , , e, f] = fields;
    expect(fieldValue(a!, '2.5')).toBe(2.5);
    expect(fieldValue(a!, 'abc')).toBe('abc');
    expect(fieldValue(e!, '')).toBeNull();
    expect(fieldValue(f!, '[3]')).toEqual([3]);
    expect(applyEdits(doc, fields, new Map([['b.d', 'y'], ['a', '7']]))).toEqual({ a: 7, b: { c: true, d: 'y', e: null, f: [1, 2] } });
    expect(doc.a).toBe(1);
  });
  it('an invalid strategy edit is refused by the services\' schema at the field edited', () => {
    const cfg = StrategyConfigSchema.parse({}) as unknown as Record<string, unknown>;
    const all = configFields(cfg);
    const edited = applyEdits(cfg, all, new Map([['orderFlow.windowMs', '500']]));
    const c = checkConfig('strategy_configs', edited);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    // windowMs: int, 1 000–300 000 ms.
    expect(c.errors.map((e) => e.path)).toEqual(['orderFlow.windowMs']);
    expect(fieldOfError(c.errors[0]!, all)).toBe('orderFlow.windowMs');
    expect(checkConfig('strategy_configs', applyEdits(cfg, all, new Map([['orderFlow.windowMs', '20000']]))).ok).toBe(true);
  });
  it('an error inside an array belongs to the array field', () => {
    expect(fieldOfError({ path: 'b.f.1', message: 'x' }, fields)).toBe('b.f');
    expect(fieldOfError({ path: 'zzz', message: 'x' }, fields)).toBeNull();
  });
});
