import { describe, expect, it } from 'vitest';
import { PositionDocSchema } from './read-models.js';
import { parseDocs } from './parse-docs.js';

describe('parsing documents for a view', () => {
  it('keeps the good ones and reports the bad ones by document and field, never dropping them silently', () => {
    const good = { positionId: 'a', symbol: 'ETH/USDT', exchange: 'binance', side: 'long', entryPrice: '1', amount: '2', openedAt: 1 };
    const r = parseDocs([{ path: 'active_positions/a', data: good }, { path: 'active_positions/b', data: { ...good, positionId: 'b', entryPrice: 1.5 } }], PositionDocSchema);
    expect(r.ids).toEqual(['a']);
    expect(r.errors).toEqual([{ path: 'active_positions/b', message: expect.stringContaining('entryPrice') }]);
  });
});
