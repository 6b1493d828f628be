import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoredDocumentError, parseStored } from './stored-doc.js';

const Position = z.object({ symbol: z.string(), entryPrice: z.string().regex(/^\d+(\.\d+)?$/), market: z.object({ quote: z.string() }) });

describe('parseStored', () => {
  it('returns the parsed value', () => {
    expect(parseStored(Position, { symbol: 'BTC/USDT', entryPrice: '100.5', market: { quote: 'USDT' } }, 'active_positions/p1')).toEqual({ symbol: 'BTC/USDT', entryPrice: '100.5', market: { quote: 'USDT' } });
  });
  it('names the document and every bad field, nested fields by their dotted path', () => {
    let err: unknown;
    try {
      parseStored(Position, { symbol: 7, entryPrice: '1e5', market: {} }, 'active_positions/p1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoredDocumentError);
    const e = err as StoredDocumentError;
    expect(e.path).toBe('active_positions/p1');
    expect([...e.fields].sort()).toEqual(['entryPrice', 'market.quote', 'symbol']);
    expect(e.message).toMatch(/^active_positions\/p1 is not a valid stored document: /);
    expect(e.message).toContain('market.quote');
  });
  it('prefixes the field when one field of a document is read', () => {
    expect(() => parseStored(z.number(), 'soon', 'orders/cx-1', 'createdAt')).toThrow(/orders\/cx-1 is not a valid stored document: createdAt: /);
  });
});
