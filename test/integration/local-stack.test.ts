import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantedTape } from '@cascade/core';
import { type Harness, startHarness, waitForQuiescence, writeTape } from '../support/stack-harness.js';

const CYCLES = 3;
const tape = plantedTape({ cycles: CYCLES });

describe('local stack: planted tape through the whole machine', () => {
  let h: Harness;
  beforeAll(async () => {
    // 120× wall clock: a 17-minute cycle takes 8.5 s, time enough for a fill to reach the position
    // monitor even through the functions' cold starts, so each cycle's position closes before the next.
    h = await startHarness('e2e', { tape: writeTape(tape), speed: 120 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('consumes every trade published, and plants exactly one scored long signal per cycle', async () => {
    const s = await waitForQuiescence(h);
    expect(s.tape?.published).toBe(tape.length);
    expect(s.analytics?.trades).toBe(tape.length);
    const signals = await h.monitor.db.collection('signals').where('decision', '==', 'trade').get();
    expect(signals.size).toBe(CYCLES);
    for (const d of signals.docs) {
      expect(d.get('side')).toBe('long');
      // Hand-scored (see core/src/synthetic/planted-tape.ts): at the value-area low → 1.5; price many σ
      // below the 15-min mean → 1.5; 1m closes alternate so lag-1 autocorrelation = −1 → |r| > 0.6 → 1.0.
      expect(d.get('score')).toBe(4);
      expect(d.get('strength')).toBe('weak');
      const items = d.get('explanation') as { name: string; points: number }[];
      expect(Object.fromEntries(items.map((i) => [i.name, i.points]))).toMatchObject({ market_profile: 1.5, mean_reversion: 1.5, autocorrelation: 1 });
    }
  });

  it('fills paper orders with fees, keyed by the signal-derived client order id, and notifies', async () => {
    const orders = await h.monitor.db.collection('orders').where('intent', '==', 'open').get();
    expect(orders.size).toBe(CYCLES);
    const filled = orders.docs.filter((d) => d.get('status') === 'filled');
    expect(filled.length).toBe(CYCLES);
    const o = filled[0]!;
    expect(o.id).toMatch(/^cx-[0-9a-f]{20}$/);
    // Entry: reference 100.0 + 2 bps slippage = 100.02, rounded up to the tape's 1-decimal tick → 100.1;
    // amount = 100 quote / 100.1 = 0.999… → 0.99 at 2 decimals; fee = 0.1 % of 100.1 × 0.99 = 0.099099.
    expect(o.get('price')).toBe('100.1');
    expect(o.get('amount')).toBe('0.99');
    expect(o.get('fee')).toBe('0.099099');
    const notes = await h.monitor.db.collection('notifications').where('eventType', '==', 'order.filled').get();
    expect(notes.size).toBeGreaterThanOrEqual(1);
    const n = notes.docs[0]!;
    expect(n.get('state')).toBe('stored');
    expect(n.get('subject')).toContain('Paper fill');
    expect(n.get('html')).toContain('<table');
  });

  it('closes every position by its monitor and books exact realized P&L', async () => {
    const closed = await h.monitor.db.collection('trade_history').get();
    expect(closed.size).toBe(CYCLES);
    // A position the monitor learns late (cold functions) may pass 5 min of tape first and leave on
    // max hold; once warm, the next large sell at 100.0 crosses the trailing stop.
    for (const d of closed.docs) expect(['trailing_stop', 'max_hold']).toContain(d.get('reason'));
    const trailing = closed.docs.filter((d) => d.get('reason') === 'trailing_stop');
    expect(trailing.length).toBeGreaterThanOrEqual(1);
    const t = trailing[0]!;
    // Exit: the big sell at 100.0 crosses the stop (best 100.6 × 0.995 = 100.097); fill 100.0 − 2 bps
    // = 99.98 → rounded down to 99.9. Gross (99.9 − 100.1) × 0.99 = −0.198; fees 0.099099 + 0.098901
    // (0.1 % of 99.9 × 0.99 = 98.901) = 0.198; net −0.396.
    expect(t.get('exitPrice')).toBe('99.9');
    expect(t.get('fees')).toBe('0.198');
    expect(t.get('pnl')).toBe('-0.396');
    // The day's realized P&L is the exact decimal sum of the closes (checked in integer micro-units).
    const micros = (x: string) => Math.round(Number(x) * 1e6);
    const sum = closed.docs.reduce((a, d) => a + micros(d.get('pnl') as string), 0);
    const s = await h.monitor.status();
    expect(micros(s.firestore.realizedPnl)).toBe(sum);
    expect(s.firestore.openPositions).toBe(0);
  });
});
