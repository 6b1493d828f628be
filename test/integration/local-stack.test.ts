import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Big from 'big.js';
import { type SessionEvent, defaultStrategyConfig } from '@cascade/core';
import { plantedTape } from '@cascade/tools/synthetic';
import { backtestTape, type BacktestRun } from '../../tools/src/backtest/run-backtest.js';
import { type Harness, startHarness, waitForQuiescence, writeTape } from '../support/stack-harness.js';

const CYCLES = 3;
const tape = plantedTape({ cycles: CYCLES });

/**
 * The whole machine on a planted tape at --speed max, and the parity check of issue 4: the backtester
 * over the same file must produce the same signals (ids, sides, scores) and the same fills (prices and
 * amounts to the market's precision) as the emulated serverless stack.
 */
describe('local stack: planted tape through the whole machine, in parity with the backtester', () => {
  let h: Harness;
  let bt: BacktestRun;
  const tapePath = writeTape(tape);
  beforeAll(async () => {
    h = await startHarness('e2e', { tape: tapePath, speed: 'max' });
    bt = await backtestTape(tapePath, {}, { cfg: defaultStrategyConfig, out: mkdtempSync(join(tmpdir(), 'cascade-bt-')), startingEquity: '10000' });
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
      const items = Object.fromEntries((d.get('explanation') as { name: string; points: number }[]).map((i) => [i.name, i.points]));
      // Level 2 found the demand zone of candle R; the touch being traded is its first retest, and freshness
      // is judged before that touch: untested → fresh, the full 2.0 (§2.2.2 #6; docs/decisions.md).
      expect(items.demand_zone).toBe(2);
      expect(d.get('score')).toBeGreaterThanOrEqual(3);
      expect((d.get('levels') as { level: string }[]).map((l) => l.level)).toEqual(['level1_regime', 'level2_zone', 'level3_cascade', 'level4_bounce']);
    }
  });

  it('makes the same decisions as the backtester: signal ids, sides and scores', async () => {
    const stack = await h.monitor.db.collection('signals').get();
    const fromStack = stack.docs.map((d) => ({ id: d.id, side: d.get('side') as string, decision: d.get('decision') as string, score: d.get('score') as number })).sort((a, b) => a.id.localeCompare(b.id));
    const fromBacktest = bt.events
      .filter((e): e is Extract<SessionEvent, { type: 'signal' }> => e.type === 'signal')
      .map((e) => ({ id: e.signalId, side: e.side, decision: e.decision.decision, score: e.decision.score }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(fromStack).toEqual(fromBacktest);
  });

  it('fills exactly as the backtester: every order, price, amount and fee to the market precision', async () => {
    const orders = await h.monitor.db.collection('orders').where('status', '==', 'filled').get();
    const fromStack = orders.docs.map((d) => ({ id: d.id, intent: d.get('intent') as string, price: d.get('price') as string, amount: d.get('amount') as string, fee: d.get('fee') as string })).sort((a, b) => a.id.localeCompare(b.id));
    const fromBacktest = bt.events
      .filter((e): e is Extract<SessionEvent, { type: 'fill' }> => e.type === 'fill')
      .map((e) => ({ id: e.clientOrderId, intent: e.intent, price: e.price, amount: e.qty, fee: e.fee }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(fromStack).toHaveLength(2 * CYCLES);
    expect(fromStack).toEqual(fromBacktest);
  });

  it('prices a paper fill from its reference trade by the slippage model, worked independently', async () => {
    // The first entry of the tape: module equity is still exactly the starting 10,000 (later entries size
    // from the equity earlier trades left).
    const orders = await h.monitor.db.collection('orders').where('intent', '==', 'open').get();
    const o = [...orders.docs].sort((a, b) => (a.get('filledAt') as number) - (b.get('filledAt') as number))[0]!;
    const ref = o.get('fillReference') as { price: number; recentVolume: string };
    const qty = new Big(o.get('amount') as string);
    // bps = 2 fixed + min(50, 10 × qty / recent volume), rounded up to 4 decimals; buy price = ref × (1 + bps/10⁴)
    // rounded up to the tick (0.01); fee = 0.1 % of price × qty.
    const impact = Math.min(50, (10 * Number(qty)) / Number(ref.recentVolume));
    const bps = Math.ceil((2 + impact) * 1e4) / 1e4;
    const price = Math.ceil(ref.price * (1 + bps / 1e4) * 100 - 1e-9) / 100;
    expect(Number(o.get('price'))).toBeCloseTo(price, 9);
    expect(o.get('fee')).toBe(new Big(o.get('price') as string).times(qty).times('0.001').toFixed());
    // Size (execution chain, risk sizing): 2 % of 10,000 at a 0.2–0.3 % stop would be ≥ 66,667 of
    // notional, but one spot position may use at most 10 % of module equity = 1,000 quote → amount =
    // 1,000 / reference price, rounded down to the 0.001 lot; the sizing handler says which bound held.
    expect(o.get('amount')).toBe(new Big(1000).div(ref.price).round(3, Big.roundDown).toFixed());
    const chain = o.get('chain') as { handler: string; verdict: string; detail: string }[];
    expect(chain.map((c) => c.handler)).toEqual(['entry_gate', 'existing_position', 'reversal', 'position_limit', 'sizing', 'exposure', 'sanity', 'placement', 'monitoring']);
    expect(chain.every((c) => c.verdict === 'pass')).toBe(true);
    expect(chain.find((c) => c.handler === 'sizing')?.detail).toContain('bound by position_margin');
  });

  it('closes every position by its monitor, books exact P&L equal to the backtest, and notifies', async () => {
    const closed = await h.monitor.db.collection('trade_history').get();
    expect(closed.size).toBe(CYCLES);
    const stackPnl = closed.docs.map((d) => ({ id: d.id, pnl: d.get('pnl') as string, reason: d.get('reason') as string })).sort((a, b) => a.id.localeCompare(b.id));
    const btPnl = bt.result.trades.map((t) => ({ id: t.id, pnl: t.pnl, reason: t.exitReason })).sort((a, b) => a.id.localeCompare(b.id));
    expect(stackPnl).toEqual(btPnl);
    const s = await h.monitor.status();
    const sum = closed.docs.reduce((a, d) => a.plus(d.get('pnl') as string), new Big(0));
    expect(s.firestore.realizedPnl).toBe(sum.toFixed());
    expect(s.firestore.openPositions).toBe(0);
    const notes = await h.monitor.db.collection('notifications').where('eventType', '==', 'order.filled').get();
    expect(notes.size).toBe(2 * CYCLES);
    for (const n of notes.docs) {
      // Fills are info: held for the digest (§2.2.0.2), rendered already.
      expect(n.get('state')).toBe('queued');
      expect(n.get('subject')).toContain('Paper fill');
    }
  });
});
