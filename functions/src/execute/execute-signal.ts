import type { CloudEvent } from 'firebase-functions/v2';
import { type MessagePublishedData, onMessagePublished } from 'firebase-functions/v2/pubsub';
import { type OrderFilled, type OrderRejected, type PositionOpened, type SignalGenerated, Topic, derivedId, entryClientOrderId, paperExecuteEntry, referenceOrTrigger } from '@cascade/core';
import { consume } from '../runtime/consume.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { type Deps, loadStrategyConfig, publishAll, readStoredEvents, type StoredEvent, filledOrderDoc, paperAccountRef, readPaperAccount, readPortfolioDay, writeClose } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import { refuseEntry, refuseIfGated, riskGate } from './risk-gate.js';
import { liveVenueForMarket, executeLiveSignal } from '@cascade/adapters/execution';

/**
 * execute: signal → paper order. The execution chain (core) runs over the paper account as it is in
 * the transaction — existing position, reversal, limits, risk sizing, sanity — and its intents are
 * filled at the signal's fill reference. The client order id derives from the signal id; the order,
 * the position, the account and the events to announce are written in one Firestore transaction
 * keyed by it: a redelivered or duplicated signal finds the order and only re-announces its events.
 */
export async function executeSignal(signal: SignalGenerated, d: Deps): Promise<void> {
  const p = signal.payload;
  const cid = entryClientOrderId(p.signalId);
  const now = d.clock.now();
  const orderRef = d.db.collection('orders').doc(cid);
  const positionRef = d.db.collection('active_positions').doc(cid);
  const accountRef = paperAccountRef(d.db, p.market.exchange, p.market.quote);
  // The paper venue fills at the reference analytics chose with the latency model: the backtester's trade and arithmetic.
  const ref = referenceOrTrigger(p.fillReference, p.reference);
  // Portfolio risk (breaker, critical drawdown, health < 70, forex close): risk_state/current, read at
  // most every 2 s. Config and gate are independent reads: one round trip, not two (issue 14 item 5).
  const [cfg, gate] = await Promise.all([loadStrategyConfig(d, now), riskGate(d, p.market.marketType, now)]);
  const events = await d.db.runTransaction(async (tx) => {
    // The transaction's three reads go out together (one round trip instead of three); an order that
    // exists or a refused entry just does not use the account and day it read.
    const [existing, account, portfolio] = await Promise.all([tx.get(orderRef), readPaperAccount(tx, accountRef, p.market.quote, cfg.paper.startingEquity), readPortfolioDay(tx, d.db, ref.ts)]);
    if (existing.exists) return readStoredEvents(existing);
    if (!gate.allowed) return refuseEntry(tx, orderRef, signal, cid, ref.ts, now, gate);
    const base = { tsEvent: ref.ts, tsInit: now, correlationId: signal.correlationId, causationId: signal.eventId };
    const out = paperExecuteEntry(p, account, ref, cfg);
    if (!out.ok) {
      const r = out.rejection;
      const ev: OrderRejected = { type: 'order.rejected', eventId: derivedId('evt', cid, 'rejected'), ...base, payload: { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, handler: r.handler, reason: r.reason } };
      const evs: StoredEvent[] = [{ topic: Topic.TradingEvents, message: ev }];
      tx.create(orderRef, { clientOrderId: cid, signalId: p.signalId, symbol: p.market.symbol, exchange: p.market.exchange, intent: 'open', status: 'rejected', handler: r.handler, reason: r.reason, numbers: r.numbers, chain: out.log, createdAt: now, events: evs });
      return evs;
    }
    const evs: StoredEvent[] = [];
    // A reversal closes the opposite position first, at the same reference trade.
    for (const c of out.closes) evs.push(...(await writeClose(tx, d.db, c, base, now, { exitReason: 'reversal', fillReference: ref }, portfolio)));
    const o = out.opened;
    const side = o.side === 'long' ? 'buy' : 'sell';
    const filled: OrderFilled = {
      type: 'order.filled',
      eventId: derivedId('evt', cid, 'filled'),
      ...base,
      payload: { clientOrderId: cid, positionId: cid, symbol: o.symbol, exchange: o.exchange, intent: 'open', side, price: o.entryPrice, amount: o.amount, fee: o.entryFee, feeCurrency: p.market.quote, venue: 'paper' },
    };
    const opened: PositionOpened = {
      type: 'position.opened',
      eventId: derivedId('evt', cid, 'opened'),
      ...base,
      payload: { positionId: cid, symbol: o.symbol, exchange: o.exchange, side: o.side, entryPrice: o.entryPrice, amount: o.amount, openedAt: ref.ts, trailingStopPct: p.trailingStopPct, initialStopPrice: out.initialStopPrice, maxHoldMs: p.maxHoldMs, liquidationPrice: o.liquidationPrice ?? null },
    };
    evs.push({ topic: Topic.TradingEvents, message: filled }, { topic: Topic.TradingEvents, message: opened });
    // End-to-end latency = recordedAt (commit time) − triggerPublishedAt (streamer publish time).
    tx.create(orderRef, filledOrderDoc(filled, evs, now, { signalId: p.signalId, triggerPublishedAt: p.triggerPublishedAt, fillReference: ref, slippageBps: out.fill.slippageBps, chain: out.log }));
    tx.create(positionRef, {
      positionId: cid,
      signalId: p.signalId,
      symbol: o.symbol,
      exchange: o.exchange,
      market: p.market,
      side: o.side,
      entryPrice: o.entryPrice,
      amount: o.amount,
      entryFee: o.entryFee,
      margin: o.margin,
      leverage: o.leverage ?? 1,
      // Perpetuals: isolated margin; the exit monitor closes the position at this price (reason `liquidation`).
      ...(o.marketType === 'perp' ? { marginMode: 'isolated', liquidationPrice: o.liquidationPrice ?? null, funding: '0' } : {}),
      openedAt: ref.ts,
      trailingStopPct: p.trailingStopPct,
      initialStopPrice: out.initialStopPrice,
      maxHoldMs: p.maxHoldMs,
      score: p.score,
      // Paper positions need no exchange-held stop; live ones record theirs here (venue work).
      protectiveStop: 'none (paper)',
      createdAt: now,
    });
    tx.set(accountRef, out.account);
    return evs;
  });
  await publishAll(d, events);
}

export const handleSignal = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  return consume(Topic.TradingSignals, event, d, async (m) => {
    // The venue lookup is read while the gate is (one round trip, not two); its outcome, error included,
    // counts only once the gate let the signal through.
    const lookup = liveVenueForMarket(d, m.payload.market.exchange, m.payload.market.marketType);
    lookup.catch(() => undefined);
    // Portfolio risk stops entries on every route, and fails closed (issue 11 #2).
    if (await refuseIfGated(m, d)) return;
    const venue = await lookup;
    // A market traded by a `live` module goes to its venue (exactly-once, two-phase); the rest to paper.
    if (venue) await executeLiveSignal(m, d, venue);
    else await executeSignal(m, d);
  });
};

/**
 * The Cloud Function, deployed as `executeSignal` (index.ts re-exports it under that name; here the
 * name is the paper execution's, which tests call directly).
 */
export const executeSignalFunction = onMessagePublished({ ...tradingFunctionOptions, topic: Topic.TradingSignals, retry: true }, handleSignal);
