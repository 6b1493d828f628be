import type { CloudEvent } from 'firebase-functions/v2';
import { type MessagePublishedData, onMessagePublished } from 'firebase-functions/v2/pubsub';
import { type SetupDetected, type SignalGenerated, Topic, scoreSetup, signalIdOf, signalPayload } from '@cascade/core';
import { consume } from '../runtime/consume.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { type Deps, readDoc, loadStrategyConfig } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import { StoredSignalSchema } from './signal-doc.js';

/**
 * decide: setup → scored decision. Every setup gets exactly one `signals/{signalId}` document (the
 * id derives from the setup's eventId), recording the decision and its explanation whether or not it
 * trades. The first decision stands: a redelivered setup re-publishes the stored signal unchanged
 * (a crash between commit and publish must not lose it) and never re-scores.
 */
export async function decideSetup(setup: SetupDetected, d: Deps): Promise<void> {
  const signalId = signalIdOf(setup.eventId);
  const ref = d.db.collection('signals').doc(signalId);
  const now = d.clock.now();
  // The config (cached, or one read) and the signal document are read together: one round trip.
  const config = loadStrategyConfig(d, now);
  const stored = await d.db.runTransaction(async (tx) => {
    const [snap, cfg] = await Promise.all([tx.get(ref), config]);
    const existing = readDoc(StoredSignalSchema, snap);
    if (existing) return existing;
    const decision = scoreSetup(setup.payload, cfg);
    const p = setup.payload;
    const message: SignalGenerated | null =
      decision.decision === 'trade'
        ? {
            type: 'signal.generated',
            eventId: signalId,
            tsEvent: setup.tsEvent,
            tsInit: now,
            correlationId: setup.correlationId,
            causationId: setup.eventId,
            payload: signalPayload(setup.eventId, signalId, p, decision, cfg),
          }
        : null;
    const doc = {
      signalId,
      setupEventId: setup.eventId,
      exchange: p.market.exchange,
      symbol: p.market.symbol,
      side: p.side,
      decision: decision.decision,
      score: decision.score,
      reason: decision.decision === 'no_trade' ? decision.reason : null,
      strength: decision.decision === 'trade' ? decision.strength : null,
      explanation: decision.explanation,
      levels: p.levels,
      tsEvent: setup.tsEvent,
      // Latency breakdown: trigger batch published → setup published (analytics) → decided (here).
      triggerPublishedAt: p.triggerPublishedAt,
      setupPublishedAt: setup.tsInit,
      createdAt: now,
      message,
    };
    tx.create(ref, doc);
    return doc;
  });
  if (stored.message) await d.bus.publish(Topic.TradingSignals, stored.message);
}

export const handleSetup = (event: CloudEvent<MessagePublishedData>): Promise<void> => {
  const d = deps();
  return consume(Topic.AnalyticsSetups, event, d, (m) => decideSetup(m, d));
};

export const decide = onMessagePublished({ ...tradingFunctionOptions, topic: Topic.AnalyticsSetups, retry: true }, handleSetup);
