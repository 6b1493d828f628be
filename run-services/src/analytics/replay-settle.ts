import type { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { type MonitoredPosition, entryClientOrderId, exitClientOrderId, signalIdOf } from '@cascade/core';
import { readField, readMonitoredPositionDoc } from '@cascade/adapters/firestore';
import { sleep, systemClock } from '@cascade/adapters/clock';
import type { Outgoing } from './engine.js';
import { monitoredPositionOf } from './monitored-position.js';

const POLL_MS = 20;

/** `signals/{id}.decision` and `orders/{id}.status`: absent until the function has decided. */
const Pending = z.string().optional();

export interface SettleOptions {
  /** Give up waiting after this long and go on (a function that never answers must not stall the replay). */
  readonly timeoutMs?: number;
  /**
   * Resolves once this process's portfolio risk has applied the close of `positionId` (its
   * `position.closed` event, and the risk_state write of any decision it changed). A close lifts or
   * sets entry blocks (health, drawdown), so a replay that went on before risk had it would let the
   * next setup meet a block the tape's time no longer holds — or miss one — depending on the load.
   */
  readonly closeApplied?: (positionId: string, timeoutMs: number) => Promise<boolean>;
  /**
   * Resolves once portfolio risk tracks the opened `positionId` (its `position.opened` event). Risk
   * judges open positions on every trade (dump detection closes them), so a replay that went on before
   * risk had the position would start those checks at a trade that depends on the load.
   */
  readonly openApplied?: (positionId: string, timeoutMs: number) => Promise<boolean>;
  readonly log?: (line: string) => void;
}

/**
 * Replays only: after analytics publishes a setup or an exit, wait until the functions have settled
 * it in Firestore — the signal decided, its order filled or refused, the closing order recorded —
 * before the next trade is analysed. The tape then means the same thing at any replay speed: every
 * check the functions make sees the state as of the trade the order fills at, exactly as the
 * backtester does. Live streams never wait (real time is the clock there).
 */
export function replaySettler(db: Firestore, opts: SettleOptions = {}): (m: Outgoing) => Promise<MonitoredPosition | null> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const log = opts.log ?? console.warn;
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T | undefined> => {
    const deadline = systemClock.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (systemClock.now() > deadline) {
        log(`analytics: replay went on without ${what} after ${timeoutMs} ms`);
        return undefined;
      }
      await sleep(POLL_MS);
    }
  };
  return async (m) => {
    if (m.type === 'exit.requested') {
      const cid = exitClientOrderId(m.payload.positionId);
      const closed = await until(`the closing order ${cid}`, async () => {
        const [order, pos] = await Promise.all([db.collection('orders').doc(cid).get(), db.collection('active_positions').doc(m.payload.positionId).get()]);
        return order.exists || !pos.exists ? !pos.exists : undefined;
      });
      // The position is gone: wait for risk to have applied its close too (a close still in flight
      // or refused leaves the position, and nothing more to wait for).
      if (closed === true && opts.closeApplied && !(await opts.closeApplied(m.payload.positionId, timeoutMs))) {
        log(`analytics: replay went on before risk applied the close of ${m.payload.positionId} (${timeoutMs} ms)`);
      }
      return null;
    }
    const signalId = signalIdOf(m.eventId);
    const decision = await until(`the decision on ${m.eventId}`, async () => {
      const s = await db.collection('signals').doc(signalId).get();
      return s.exists ? readField(Pending, s, 'decision') : undefined;
    });
    if (decision !== 'trade') return null;
    const cid = entryClientOrderId(signalId);
    const status = await until(`the entry order ${cid}`, async () => {
      const o = await db.collection('orders').doc(cid).get();
      return o.exists ? readField(Pending, o, 'status') : undefined;
    });
    if (status !== 'filled') return null;
    const p = readMonitoredPositionDoc(await db.collection('active_positions').doc(cid).get());
    if (p === null) return null; // already closed (a redelivered setup after its exit)
    if (opts.openApplied && !(await opts.openApplied(cid, timeoutMs))) log(`analytics: replay went on before risk tracked ${cid} (${timeoutMs} ms)`);
    return monitoredPositionOf({ ...p, positionId: cid });
  };
}
