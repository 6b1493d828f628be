import { describe, expect, it } from 'vitest';
import { parseVenueCredentials } from './venue-credentials.js';

const REF = 'projects/p/secrets/binance-live/versions/2';
/** Text that must never appear in an error: it stands for the secret's content. */
const SECRET = 'Zk9qW3xV';

function failure(text: string): string {
  try {
    parseVenueCredentials(REF, text);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the credentials to be refused');
}

describe('parseVenueCredentials', () => {
  it('reads ccxt credential fields', () => {
    expect(parseVenueCredentials(REF, JSON.stringify({ apiKey: 'k', secret: SECRET }))).toEqual({ apiKey: 'k', secret: SECRET });
    expect(parseVenueCredentials(REF, JSON.stringify({ walletAddress: '0xabc', privateKey: '0xdef' }))).toEqual({ walletAddress: '0xabc', privateKey: '0xdef' });
  });

  it.each([
    ['text that is not JSON', `apiKey=${SECRET}`, /is not JSON/],
    ['JSON cut short', `{"apiKey":"${SECRET}`, /is not JSON/],
    ['an array', JSON.stringify([SECRET]), /not an object/],
    ['a field that is not a string', JSON.stringify({ apiKey: SECRET, secret: 12345 }), /secret is not a string/],
    ['a key ccxt does not know (it would become a ccxt option)', JSON.stringify({ apiKey: 'k', [SECRET]: 'x' }), /1 field\(s\) that are not ccxt credentials/],
  ])('refuses %s, naming the reference and never the secret text', (_label, text, why) => {
    const m = failure(text);
    expect(m).toContain(REF);
    expect(m).toMatch(why);
    expect(m).not.toContain(SECRET);
  });

  it('does not pass the JSON parser error on as a cause (its message quotes the input)', () => {
    try {
      parseVenueCredentials(REF, `{"secret": ${SECRET}}`);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).cause).toBeUndefined();
      expect(String((e as Error).stack)).not.toContain(SECRET);
    }
  });
});
