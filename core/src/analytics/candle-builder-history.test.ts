import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../faults/random.js';
import type { Trade } from '../model/trade.js';
import type { Candle } from './candle.js';
import { CandleBuilder } from './candle-builder.js';

/**
 * `history` is cut lazily (every `slack` closes, and when read): against the plain rule, every closed
 * candle appended and the oldest dropped past `keep`, read at random moments, including long runs of
 * closes with no read at all, and `lastClosed` after every close.
 */
describe('CandleBuilder history, cut lazily', () => {
  for (const keep of [0, 1, 3, 100, 101, 130, 300]) {
    it(`reads as push-and-shift would (keep ${keep})`, () => {
      const rnd = new SeededRandom(7919 + keep);
      const b = new CandleBuilder('1m', keep);
      const model: Candle[] = [];
      let ts = Date.UTC(2026, 0, 1);
      for (let i = 0; i < 6000; i++) {
        // Mostly within the minute, sometimes one or several minutes on (a new candle).
        ts += rnd.next() < 0.3 ? 60_000 * (1 + Math.floor(rnd.next() * 3)) : Math.floor(rnd.next() * 5000);
        const t: Trade = { id: String(i), ts, price: 100 + rnd.next(), amount: 1, side: rnd.next() < 0.5 ? 'buy' : 'sell', sideInferred: false };
        const closed = b.update(t);
        if (closed !== null) {
          model.push(closed);
          if (model.length > keep) model.shift();
          expect(b.lastClosed).toBe(keep === 0 ? null : closed);
        }
        if (rnd.next() < 0.02) {
          expect(b.history.length).toBe(model.length);
          expect(b.history.every((c, k) => c === model[k])).toBe(true);
        }
      }
      expect([...b.history]).toEqual(model);
    });
  }
});
