import { describe, expect, it } from 'vitest';
import type { ExitRequested } from '@cascade/core';
import { ExitOutbox } from './exit-outbox.js';

function exit(positionId: string): ExitRequested {
  return { type: 'exit.requested', eventId: `exit-${positionId}`, tsEvent: 1, tsInit: 1, correlationId: positionId, causationId: null, payload: { positionId, symbol: 'SOL/USDT', reason: 'trailing_stop', detail: '', values: {}, trigger: { tradeId: 't', ts: 1, price: 1 }, fillReference: null } };
}

/** A bus that fails while `down`, and records what it published. */
function bus() {
  const sent: string[] = [];
  const b = { down: false, sent, publish: async (m: ExitRequested) => {
    if (b.down) throw new Error('pubsub unavailable');
    sent.push(m.payload.positionId);
  } };
  return b;
}

describe('ExitOutbox: an exit is kept until its position is confirmed closed', () => {
  it('an exit whose publish failed is published on the next retry, not dropped', async () => {
    const b = bus();
    let now = 0;
    const o = new ExitOutbox({ publish: b.publish, now: () => now, log: () => undefined }, 30_000);
    b.down = true;
    expect(await o.request(exit('p1'))).toBe(false);
    expect(o.size).toBe(1);
    await o.retry();
    expect(b.sent).toEqual([]);
    b.down = false;
    now = 5_000;
    await o.retry();
    expect(b.sent).toEqual(['p1']);
    expect(o.publishErrors).toBe(2);
  });

  it('asks again for a position still open 30 s after the request, and forgets it once closed or gone', async () => {
    const b = bus();
    let now = 0;
    const o = new ExitOutbox({ publish: b.publish, now: () => now, log: () => undefined }, 30_000);
    await o.request(exit('p1'));
    await o.request(exit('p2'));
    now = 29_999;
    await o.retry(new Set(['p1', 'p2']));
    expect(b.sent).toEqual(['p1', 'p2']);
    now = 30_000;
    await o.retry(new Set(['p1', 'p2']));
    expect(b.sent).toEqual(['p1', 'p2', 'p1', 'p2']);
    o.confirm('p1');
    await o.retry(new Set(['p2', 'p3']));
    expect(o.has('p1')).toBe(false);
    // p2 is still open but was just asked again at 30 000.
    expect(b.sent).toHaveLength(4);
    await o.retry(new Set(['p3']));
    expect(o.size).toBe(0);
  });
});
