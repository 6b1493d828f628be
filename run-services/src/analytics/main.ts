import type { Message } from '@google-cloud/pubsub';
import { Topic, defaultStrategyConfig, parseMessage } from '@cascade/core';
import { BusPublisher, ConfigStore } from '@cascade/infra';
import { firestore } from '../shared/firestore.js';
import { pubsubClient } from '../shared/pubsub.js';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { AnalyticsEngine } from './engine.js';

/**
 * Analytics service (Cloud Run, always on): pulls ordered trade batches, keeps per-symbol rolling
 * state, publishes setups, and watches open positions (it learns them from trading.events) to request
 * exits. Bad messages go to the dead-letter topic with the reason; the service keeps running.
 */
async function main(): Promise<void> {
  exitWithParent();
  const pubsub = pubsubClient();
  const bus = new BusPublisher(pubsub, { publishTwice: process.env.CASCADE_PUBLISH_TWICE === '1' });
  const engine = new AnalyticsEngine(defaultStrategyConfig, () => Date.now());
  const status = { deadLettered: 0, publishErrors: 0, inFlight: 0, lastMessageAt: 0, positionsTracked: 0 };
  const port = Number(process.env.PORT ?? 8082);
  await startStatusServer(port, () => ({ ...engine.counters, ...status, positionsTracked: engine.monitor.size }));

  // Console edits take effect within a second or two (snapshot listener); invalid ones are refused.
  const configs = new ConfigStore({ db: firestore(), bus, now: () => Date.now(), log: (l) => console.warn(`analytics: ${l}`), component: 'analytics' });
  const strategyId = process.env.CASCADE_STRATEGY_CONFIG ?? 'default';
  const unwatch = configs.watch<'strategy_configs'>(`strategy_configs/${strategyId}`, () => defaultStrategyConfig, (cfg) => {
    engine.setConfig(cfg.value);
    console.log(`analytics: strategy config ${strategyId} in effect (${cfg.source})`);
  });

  const trades = pubsub.subscription('analytics.market-trades', { flowControl: { maxMessages: 200 } });
  trades.on('message', (m: Message) => {
    status.lastMessageAt = Date.now();
    status.inFlight += 1;
    const parsed = parseMessage(Topic.MarketTrades, m.data);
    // Processing is synchronous per message, so the subscription's per-key order is the processing order.
    const out = parsed.ok ? engine.onBatch(parsed.message) : null;
    void (async () => {
      try {
        if (!parsed.ok) {
          status.deadLettered += 1;
          await bus.deadLetter(Topic.MarketTrades, m.data, parsed.reason, { messageId: m.id });
          console.error(`analytics: dead-lettered a market.trades message: ${parsed.reason}`);
        } else if (out) {
          for (const x of out.exits) console.log(`analytics: exit ${x.payload.positionId} (${x.payload.reason}: ${x.payload.detail})`);
          await Promise.all([...out.setups.map((s) => bus.publish(Topic.AnalyticsSetups, s)), ...out.exits.map((x) => bus.publish(Topic.ExitsRequested, x))]);
        }
        m.ack();
      } catch (e) {
        // The batch was applied; a nack would replay it into the dedupe. Publishing is retried by the
        // client; if it still fails we say so loudly and ack (the next setup supersedes this one).
        status.publishErrors += 1;
        console.error(`analytics: publish failed: ${(e as Error).message}`);
        m.ack();
      } finally {
        status.inFlight -= 1;
      }
    })();
  });
  trades.on('error', (e) => console.error(`analytics: trades subscription error: ${e.message}`));

  const events = pubsub.subscription('analytics.trading-events', { flowControl: { maxMessages: 100 } });
  events.on('message', (m: Message) => {
    const parsed = parseMessage(Topic.TradingEvents, m.data);
    if (parsed.ok) {
      const e = parsed.message;
      if (e.type === 'position.opened') {
        const p = e.payload;
        engine.monitor.track({ positionId: p.positionId, symbol: p.symbol, side: p.side, entryPrice: Number(p.entryPrice), openedAt: p.openedAt, trailingStopPct: p.trailingStopPct, maxHoldMs: p.maxHoldMs });
        console.log(`analytics: watching ${p.side} ${p.symbol} ${p.positionId} from ${p.entryPrice}`);
      } else if (e.type === 'position.closed') {
        engine.monitor.forget(e.payload.positionId, e.payload.symbol);
      }
    } else console.error(`analytics: ignoring an invalid trading event: ${parsed.reason}`);
    // Malformed trading events are dead-lettered by notify, which owns that topic's consumers' DLQ.
    m.ack();
  });
  events.on('error', (e) => console.error(`analytics: events subscription error: ${e.message}`));

  const shutdown = async () => {
    unwatch();
    await Promise.allSettled([trades.close(), events.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  console.log(`analytics: listening on analytics.market-trades, status on :${port}`);
}

main().catch((e: unknown) => {
  console.error(`analytics: ${(e as Error).message}`);
  process.exit(1);
});
