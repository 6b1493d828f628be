import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trade } from '@cascade/core';
import { type Harness, startHarness, writeTape } from '../support/stack-harness.js';
import { runStreamer } from '../support/service-process.js';
import { eventually } from '../support/eventually.js';

/** A quiet tape: price walks in a 0.5 % band, one trade a second — nothing to trade, only to count. */
function quietTrades(from: number, n: number): Trade[] {
  const t0 = Date.UTC(2024, 4, 6, 12, 0);
  const out: Trade[] = [];
  for (let i = from; i < from + n; i++) out.push({ id: String(i + 1), ts: t0 + i * 1_000, price: 100 + (i % 50) / 100, amount: 1, side: i % 2 === 0 ? 'buy' : 'sell', sideInferred: false });
  return out;
}

interface AnalyticsStatus {
  trades: number;
  batches: number;
  duplicateBatches: number;
}

/**
 * Issue 11, defect 6: the streamer numbers its batches per process from 1, and analytics skipped any
 * batch whose sequence was not above the last one it saw. A restarted streamer's first batches were
 * therefore dropped as duplicates until it passed the old sequence: the market went dark.
 */
describe('a restarted streamer is consumed at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('strm-restart', { noStreamer: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const status = async (): Promise<AnalyticsStatus> => {
    const r = await fetch(`http://127.0.0.1:${h.stack.ports.analytics}/status`);
    return (await r.json()) as AnalyticsStatus;
  };

  it('counts every trade of the second run (2,100 = 1,500 + 600), none as a duplicate batch', async () => {
    // First run: 1,500 trades = batches 1–3 of 500 (MAX_BATCH). Second run, a new process: the next
    // 600 trades = its batches 1–2, which today's analytics takes for replays of batches 1–2.
    await runStreamer(h, 'streamer-run1', writeTape(quietTrades(0, 1_500), 'run1-xyzusdt-trades.json'), 'XYZ/USDT');
    await eventually(async () => (await status()).trades === 1_500, 60_000, 'analytics to take the first run');
    await runStreamer(h, 'streamer-run2', writeTape(quietTrades(1_500, 600), 'run2-xyzusdt-trades.json'), 'XYZ/USDT');
    await eventually(async () => {
      const s = await status();
      return s.batches + s.duplicateBatches >= 5;
    }, 60_000, 'analytics to receive both batches of the second run');
    const s = await status();
    expect({ trades: s.trades, duplicateBatches: s.duplicateBatches }).toEqual({ trades: 2_100, duplicateBatches: 0 });
  });
});
