import type { Message } from '@google-cloud/pubsub';
import { Topic, defaultStrategyConfig, parseMessage } from '@cascade/core';
import { BusPublisher, pubsubClient } from '@cascade/adapters/pubsub';
import { ConfigStore, firestore } from '@cascade/adapters/firestore';
import { systemClock } from '@cascade/adapters/clock';
import { exitWithParent, startStatusServer } from '../shared/status-server.js';
import { AnalyticsEngine, type Outgoing } from './engine.js';
import { monitoredPositionOf } from './monitored-position.js';
import { replaySettler } from './replay-settle.js';
import { edgeHooks } from './edge-hooks.js';
import { startRiskService } from './risk/index.js';

/**
 * Analytics service (Cloud Run, always on): pulls ordered trade batches, keeps per-symbol rolling
 * state, publishes setups, and watches open positions (it learns them from trading.events) to request
 * exits. Bad messages go to the dead-letter topic with the reason; the service keeps running.
 */
async function main(): Promise<void> {
  exitWithParent();
  const pubsub = pubsubClient();
  const bus = new BusPublisher(pubsub, { publishTwice: process.env.CASCADE_PUBLISH_TWICE === '1' });
  // The per-symbol DuckDB store (warm restarts, ad-hoc analysis) and warm starts from venue history.
  const warmFrom = process.env.CASCADE_WARMUP === 'venue' || process.env.CASCADE_WARMUP === 'store' ? process.env.CASCADE_WARMUP : 'none';
  const edge = edgeHooks({ storeDir: process.env.CASCADE_STORE_DIR || null, warmFrom, log: (l) => console.log(l) });
  const engine = new AnalyticsEngine(defaultStrategyConfig, () => systemClock.now(), edge.hooks);
  const status = { deadLettered: 0, publishErrors: 0, inFlight: 0, lastMessageAt: 0, positionsTracked: 0 };
  const port = Number(process.env.PORT ?? 8082);
  await startStatusServer(port, () => ({ ...engine.counters, ...status, positionsTracked: engine.monitor.size, levels: engine.funnels() }));

  // Console edits take effect within a second or two (snapshot listener); invalid ones are refused.
  const configs = new ConfigStore({ db: firestore(), bus, now: () => systemClock.now(), log: (l) => console.warn(`analytics: ${l}`), component: 'analytics' });
  const strategyId = process.env.CASCADE_STRATEGY_CONFIG ?? 'default';
  const unwatch = configs.watch<'strategy_configs'>(`strategy_configs/${strategyId}`, () => defaultStrategyConfig, (cfg) => {
    engine.setConfig(cfg.value);
    console.log(`analytics: strategy config ${strategyId} in effect (${cfg.source})`);
  });

  const db = firestore();
  // Replays wait for each published setup/exit to settle (deterministic at any speed); live never waits.
  const settle = process.env.CASCADE_REPLAY_SETTLE === '1' ? replaySettler(db) : null;
  // Portfolio risk (§2.2.5): closes, trail tightening, risk_state/current. Paper equity starts from the env or the strategy config.
  const startingEquity = process.env.CASCADE_RISK_STARTING_EQUITY ?? (await configs.load<'strategy_configs'>(`strategy_configs/${strategyId}`, () => defaultStrategyConfig)).value.paper.startingEquity;
  const risk = await startRiskService({ db, bus, monitor: engine.monitor, settle, startingEquity });
  const dispatch = async (m: Outgoing) => {
    if (m.type === 'exit.requested') {
      console.log(`analytics: exit ${m.payload.positionId} (${m.payload.reason}: ${m.payload.detail})`);
      await bus.publish(Topic.ExitsRequested, m);
    } else await bus.publish(Topic.AnalyticsSetups, m);
    return settle ? settle(m) : null;
  };

  const trades = pubsub.subscription('analytics.market-trades', { flowControl: { maxMessages: 200 } });
  // One batch at a time, in delivery order (the subscription orders by symbol): the engine's state is
  // sequential, and a replay may pause on a setup until the functions have settled it.
  let queue: Promise<void> = Promise.resolve();
  trades.on('message', (m: Message) => {
    status.lastMessageAt = systemClock.now();
    status.inFlight += 1;
    queue = queue.then(async () => {
      const parsed = parseMessage(Topic.MarketTrades, m.data);
      try {
        if (!parsed.ok) {
          status.deadLettered += 1;
          await bus.deadLetter(Topic.MarketTrades, m.data, parsed.reason, { messageId: m.id });
          console.error(`analytics: dead-lettered a market.trades message: ${parsed.reason}`);
        } else {
          await engine.onBatch(parsed.message, dispatch);
          await risk.onBatch(parsed.message);
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
    });
  });
  trades.on('error', (e) => console.error(`analytics: trades subscription error: ${e.message}`));

  const events = pubsub.subscription('analytics.trading-events', { flowControl: { maxMessages: 100 } });
  events.on('message', (m: Message) => {
    const parsed = parseMessage(Topic.TradingEvents, m.data);
    if (parsed.ok) {
      const e = parsed.message;
      if (e.type === 'position.opened') {
        const p = e.payload;
        engine.monitor.track(monitoredPositionOf(p));
        console.log(`analytics: watching ${p.side} ${p.symbol} ${p.positionId} from ${p.entryPrice}`);
      } else if (e.type === 'position.closed') {
        engine.monitor.forget(e.payload.positionId, e.payload.symbol);
      } else if (e.type === 'reconciliation.resolved' && e.payload.kind === 'closed_on_venue' && e.payload.positionId) {
        // Closed on the venue (stop hit, manual close): nothing left to watch.
        engine.monitor.forget(e.payload.positionId, e.payload.symbol);
      }
      risk.onTradingEvent(e).catch((x: unknown) => console.error(`analytics: risk: ${(x as Error).message}`));
    } else console.error(`analytics: ignoring an invalid trading event: ${parsed.reason}`);
    // Malformed trading events are dead-lettered by notify, which owns that topic's consumers' DLQ.
    m.ack();
  });
  events.on('error', (e) => console.error(`analytics: events subscription error: ${e.message}`));

  const shutdown = async () => {
    unwatch();
    await Promise.allSettled([trades.close(), events.close(), risk.end()]);
    await edge.close();
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
