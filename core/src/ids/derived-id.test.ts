import { describe, expect, it } from 'vitest';
import { derivedId, entryClientOrderId, exitClientOrderId } from './derived-id.js';

describe('derived ids', () => {
  it('are deterministic and depend on every part', () => {
    expect(derivedId('sig', 'a', 'b')).toBe(derivedId('sig', 'a', 'b'));
    expect(derivedId('sig', 'a', 'b')).not.toBe(derivedId('sig', 'ab'));
    expect(derivedId('sig', 'a', 'b')).not.toBe(derivedId('sig', 'b', 'a'));
  });

  it('match SHA-256 of the joined parts (reference: sha256("x") = 2d711642b726b04401627ca9fbac32f5…)', () => {
    expect(derivedId('p', 'x')).toBe('p-2d711642b726b0440162');
  });

  it('fit Binance newClientOrderId (^[.A-Z:/a-z0-9_-]{1,36}$) and differ for entry and exit', () => {
    const e = entryClientOrderId('sig-123');
    const x = exitClientOrderId('sig-123');
    for (const id of [e, x]) expect(id).toMatch(/^[.A-Z:/a-z0-9_-]{1,36}$/);
    expect(e).not.toBe(x);
  });
});
