import { spawn } from 'node:child_process';
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId, exitClientOrderId } from '@cascade/core';

/** Close attempt n of a position: the exit id, then ids derived from it (adapters/src/execution/execute-live-exit.ts). */
const closeAttemptId = (positionId: string, n: number): string => (n === 0 ? exitClientOrderId(positionId) : derivedId('cx', exitClientOrderId(positionId), 'attempt', String(n)));
import { repoRoot } from '../../tools/src/local/stack.js';
import { waitFor } from '../support/stack-harness.js';
import { BTC_SPOT, ETH_PERP, MODULE_ID, type LiveStack, entryId, exitRequest, liveSignal, perp, publishExit, publishSignal, settledOrder, startLiveStack, verdict } from './live/live-stack.js';

/**
 * Issue 11 defects 4 and 5 and the flatten command, through the deployed route (execute on
 * functions-framework behind the emulated Pub/Sub, a `live` module, the Binance fake: BTCUSDT at
 * 60000, every other symbol at 3000; spot taker fee 0.1 % charged in the asset received).
 */
let s: LiveStack;
beforeAll(async () => {
  s = await startLiveStack('live-closes');
});
afterAll(async () => {
  await s?.stop();
});

const closed = (positionId: string) => waitFor(`trade_history/${positionId}`, async () => (await s.db.doc(`trade_history/${positionId}`).get()).data(), 90_000);

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      FIRESTORE_EMULATOR_HOST: s.h.stack.firestoreHost,
      PUBSUB_EMULATOR_HOST: s.h.stack.pubsubHost,
      GCLOUD_PROJECT: s.h.stack.projectId,
      CASCADE_VENUE_URLS: JSON.stringify({ binance: s.fake.ccxtUrls }),
      CASCADE_SECRET_BINANCE_LIVE_KEYS: JSON.stringify({ apiKey: 'fake-key', secret: 'fake-secret' }),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/src/cli/main.ts', ...args], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a live position can always be closed (issue 11 #4, #5)', () => {
  // First in the file: the exit function's first look at modules/ must come after the switch-off
  // (it caches the module list for a minute, as in production).
  it("a disabled module's positions still close on their venue", async () => {
    const cid = entryId('disabled-ltc');
    await publishSignal(s, liveSignal('disabled-ltc', perp('LTC'), '3000'));
    expect(verdict(await settledOrder(s, cid))).toMatchObject({ status: 'filled' });
    await s.db.doc(`modules/${MODULE_ID}`).update({ enabled: false });
    try {
      await publishExit(s, exitRequest(cid, 'LTC/USDT:USDT', 3000));
      await closed(cid);
      expect(s.fake.position('LTCUSDT')).toBe('0');
    } finally {
      await s.db.doc(`modules/${MODULE_ID}`).update({ enabled: true });
    }
  });
  it('a close the venue refused is tried again, as a new attempt, until the position is closed', async () => {
    const cid = entryId('refused-xrp');
    await publishSignal(s, liveSignal('refused-xrp', perp('XRP'), '3000'));
    expect(verdict(await settledOrder(s, cid))).toMatchObject({ status: 'filled' });
    // The first close is refused (USDⓈ-M -2019 "Margin is insufficient."): nothing filled, the position still open.
    s.fake.injectFault({ method: 'POST', path: '/fapi/v1/order' }, { kind: 'error', status: 400, code: -2019, msg: 'Margin is insufficient.' }, 1);
    await publishExit(s, exitRequest(cid, 'XRP/USDT:USDT', 3000));
    const hist = await closed(cid);
    expect(hist.exitOrderId).toBe(closeAttemptId(cid, 1));
    expect(verdict((await s.db.doc(`orders/${closeAttemptId(cid, 0)}`).get()).data() ?? {})).toMatchObject({ status: 'rejected', handler: 'venue' });
    expect((await s.db.doc(`orders/${closeAttemptId(cid, 1)}`).get()).get('status')).toBe('filled');
    expect(s.fake.position('XRPUSDT')).toBe('0');
  });

  it('a close the book fills only in part closes the remainder as new attempts, until nothing is left', async () => {
    const cid = entryId('thin-doge');
    await publishSignal(s, liveSignal('thin-doge', perp('DOGE'), '3000'));
    expect(verdict(await settledOrder(s, cid))).toMatchObject({ status: 'filled' });
    const held = new Big(s.fake.position('DOGEUSDT'));
    expect(held.gt(0)).toBe(true);
    // A thin book: each MARKET order takes at most 40 % of the position (cut to the 0.001 step) and the
    // rest expires. Attempt 0 and 1 fill 40 % each, attempt 2 the last 20 %: 3 close orders, nothing twice.
    const depth = held.times('0.4').round(3, Big.roundDown);
    s.fake.setMarketDepth('DOGEUSDT', depth.toFixed());
    try {
      await publishExit(s, exitRequest(cid, 'DOGE/USDT:USDT', 3000));
      const hist = await closed(cid);
      expect(hist.exitOrderId).toBe(closeAttemptId(cid, 2));
    } finally {
      s.fake.setMarketDepth('DOGEUSDT', null);
    }
    expect(s.fake.position('DOGEUSDT')).toBe('0');
    const closes = s.fake.orders('perp').filter((o) => o.symbol === 'DOGEUSDT' && o.side === 'SELL' && o.type === 'MARKET');
    expect(closes.map((o) => o.clientOrderId)).toEqual([0, 1, 2].map((n) => closeAttemptId(cid, n)));
    expect(closes.map((o) => o.executedQty)).toEqual([depth.toFixed(), depth.toFixed(), held.minus(depth.times(2)).toFixed()]);
  });

  it('a spot close sells what the wallet holds after the buy fee taken in BTC', async () => {
    const cid = entryId('spot-btc');
    await publishSignal(s, liveSignal('spot-btc', BTC_SPOT, '60000'));
    const entry = await settledOrder(s, cid);
    expect(entry).toMatchObject({ status: 'filled', price: '60000' });
    const bought = Number(entry.amount);
    // The 0.1 % fee came out of the BTC bought: the wallet holds bought × 0.999 (free + locked by a stop).
    const wallet = s.fake.spotBalance('BTC');
    expect(Number(wallet.free) + Number(wallet.locked)).toBeCloseTo(bought * 0.999, 9);
    await publishExit(s, exitRequest(cid, BTC_SPOT.symbol, 60000));
    const hist = await closed(cid);
    // Sold: what the wallet held, down to the 0.001 step (the fee's remainder stays as dust).
    const held = Math.floor(bought * 0.999 * 1000) / 1000;
    expect(Number(hist.amount)).toBeCloseTo(held, 9);
    expect((await s.db.doc(`orders/${exitClientOrderId(cid)}`).get()).get('status')).toBe('filled');
    expect((await s.db.doc(`active_positions/${cid}`).get()).exists).toBe(false);
    expect(Number(s.fake.spotBalance('BTC').free)).toBeLessThan(0.001);
  });

});

describe('npm run cli -- flatten', () => {
  it('refuses without --confirm and changes nothing', async () => {
    const r = await runCli(['flatten', '--all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--confirm');
  });

  it('closes every live position through the exactly-once close path, and a second run places nothing', async () => {
    const ids = [entryId('flat-eth'), entryId('flat-sol')];
    await publishSignal(s, liveSignal('flat-eth', ETH_PERP, '3000'));
    await publishSignal(s, liveSignal('flat-sol', perp('SOL'), '3000'));
    for (const id of ids) expect(verdict(await settledOrder(s, id))).toMatchObject({ status: 'filled' });
    const r = await runCli(['flatten', '--all', '--confirm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const id of ids) {
      await closed(id);
      expect((await s.db.doc(`orders/${exitClientOrderId(id)}`).get()).get('status')).toBe('filled');
    }
    expect([s.fake.position('ETHUSDT'), s.fake.position('SOLUSDT')]).toEqual(['0', '0']);
    const orders = s.fake.orders('perp').length;
    const again = await runCli(['flatten', '--all', '--confirm']);
    expect(again.code).toBe(0);
    expect(s.fake.orders('perp').length).toBe(orders);
  });
});
