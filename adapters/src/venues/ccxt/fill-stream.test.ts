import { describe, expect, it } from 'vitest';
import type { Exchange, Trade } from 'ccxt';
import { ManualClock, type VenueFill } from '@cascade/core';
import { FillStream } from './fill-stream.js';

const trade = (id: string, ts: number): Trade => ({ id, order: `o-${id}`, symbol: 'BTC/USDT', side: 'buy', price: 100, amount: 1, timestamp: ts, info: {} }) as unknown as Trade;
const toFill = (t: Trade): VenueFill => ({ tradeId: String(t.id), orderId: String(t.order), clientOrderId: null, symbol: String(t.symbol), side: 'buy', price: '100', amount: '1', fee: null, timestamp: t.timestamp ?? 0 });
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

/** A scripted client: the websocket yields these batches, then fails (or hangs); REST returns `history`. */
function client(ws: (Trade[] | 'fail' | 'hang')[], history: Trade[], polls: number[]): Exchange {
  return {
    has: { watchMyTrades: true },
    watchMyTrades: () => {
      const next = ws.shift() ?? 'hang';
      if (next === 'fail') return Promise.reject(new Error('socket closed'));
      if (next === 'hang') return new Promise(() => undefined);
      return Promise.resolve(next);
    },
    fetchMyTrades: (_symbol: string, since: number) => {
      polls.push(since);
      return Promise.resolve(history.filter((t) => (t.timestamp ?? 0) >= since));
    },
  } as unknown as Exchange;
}

describe('FillStream', () => {
  it('streams from the websocket, then on failure polls from the last fill seen: the gap is filled, nothing twice', async () => {
    const clock = new ManualClock(10_000);
    const polls: number[] = [];
    const got: string[] = [];
    const errors: unknown[] = [];
    // ccxt's watchMyTrades resolves with its cache: trade 1 comes back in the second batch.
    const c = client([[trade('1', 10_100)], [trade('1', 10_100), trade('2', 10_200)], 'fail'], [trade('1', 10_100), trade('2', 10_200), trade('3', 10_300)], polls);
    const s = new FillStream({ client: c, clock, sleeper: { sleep: tick }, symbols: () => ['BTC/USDT'], toFill, onFill: (f) => got.push(f.tradeId), onError: (e) => errors.push(e) }, { pollIntervalMs: 1 });
    const stop = s.start();
    for (let i = 0; i < 200 && got.length < 3; i++) await tick();
    await stop();
    expect(got).toEqual(['1', '2', '3']);
    expect(errors).toHaveLength(1);
    // polling starts 1 s before the last fill the socket delivered (10,200)
    expect(polls[0]).toBe(9_200);
  });

  it('stop() returns even while a websocket call is still pending', async () => {
    const s = new FillStream({ client: client(['hang'], [], []), clock: new ManualClock(0), sleeper: { sleep: tick }, symbols: () => [], toFill, onFill: () => undefined, onError: () => undefined });
    const stop = s.start();
    await tick();
    await expect(stop()).resolves.toBeUndefined();
  });

  it('polls only when the websocket is off, from `since`', async () => {
    const polls: number[] = [];
    const got: string[] = [];
    const c = client([], [trade('9', 5_000)], polls);
    const s = new FillStream({ client: c, clock: new ManualClock(6_000), sleeper: { sleep: tick }, symbols: () => ['BTC/USDT'], toFill, onFill: (f) => got.push(f.tradeId), onError: () => undefined }, { websocket: false, since: 4_500 });
    const stop = s.start();
    for (let i = 0; i < 200 && got.length < 1; i++) await tick();
    await stop();
    expect(got).toEqual(['9']);
    expect(polls[0]).toBe(3_500);
  });
});
