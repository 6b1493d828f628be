import { hostname } from 'node:os';
import type { Message, Subscription } from '@google-cloud/pubsub';
import { type ExitRequested, type MessageOf, Topic, defaultStrategyConfig, parseMessage } from '@cascade/core';
import { BusPublisher, pubsubClient } from '@cascade/adapters/pubsub';
import { ConfigStore, firestore } from '@cascade/adapters/firestore';
import { systemClock } from '@cascade/adapters/clock';
import { exitWithParent, startStatusServer, statusHost } from '../shared/status-server.js';
import { gracefulShutdown } from '../shared/shutdown.js';
import { LogHistogram, PublishToFill, RateWindow, SampleWindow } from '../shared/service-metrics.js';
import { processLogs, withLogContext } from '@cascade/adapters/logging';
import { AnalyticsEngine, type Outgoing } from './engine.js';
import { monitoredPositionOf } from './monitored-position.js';
import { replaySettler } from './replay-settle.js';
import { edgeHooks } from './edge-hooks.js';
import { type RiskService, startRiskService } from './risk/index.js';
import { ExitOutbox } from './exit-outbox.js';
import { readOpenPositions, syncMonitoredPositions } from './position-sync.js';
import { ShardLease } from './shard-lease.js';
import { analyticsEnv } from './analytics-env.js';
import { DashboardStatus } from './dashboard-status.js';
import { readServiceEnv, serviceEnvHelp } from '../shared/service-env.js';

/**
 * Analytics service (Cloud Run, always on): pulls ordered trade batches, keeps per-symbol rolling
 * state, publishes setups, and watches open positions to request exits. Bad messages go to the
 * dead-letter topic with the reason; the service keeps running.
 *
 * Restart safety (issue 11): the instance first takes its shard's lease (a second instance stands by
 * until it lapses) and then rebuilds the exit monitor from `active_positions` — at start and every
 * `CASCADE_POSITION_SYNC_MS` — besides learning positions from trading.events; every exit request
 * stays in an outbox until the position is closed, published again when its publish failed or the
 * position is still open a while later, and carries the lease's fencing token.
 */
const HELP = `cascade analytics: pulls ordered trade batches from analytics.market-trades, publishes setups
and exit requests, keeps risk_state/current; status on $PORT (/healthz, /readyz, /status).

Takes no arguments; everything comes from the environment (validated at start):
${serviceEnvHelp(analyticsEnv)}
`;

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const env = readServiceEnv('analytics', analyticsEnv);
  const logs = processLogs('analytics', env);
  // First, so SIGTERM during start-up (a standby waiting for its lease) stops the process at once;
  // the steps are added as the resources they release come up.
  const stop = gracefulShutdown('analytics');
  exitWithParent();
  const pubsub = pubsubClient(env.GOOGLE_CLOUD_PROJECT);
  const bus = new BusPublisher(pubsub, { publishTwice: env.CASCADE_PUBLISH_TWICE });
  // The per-symbol DuckDB store (warm restarts, ad-hoc analysis) and warm starts from venue history.
  const warmFrom = env.CASCADE_WARMUP;
  // `file`: a replay's --warmup history (CASCADE_WARMUP_FILE), trimmed to what ended before the tape's first trade.
  const edge = edgeHooks({ storeDir: env.CASCADE_STORE_DIR || null, warmFrom, warmFile: env.CASCADE_WARMUP_FILE || null, log: (l) => console.log(l) });
  const engine = new AnalyticsEngine(defaultStrategyConfig, () => systemClock.now(), edge.hooks);
  const status = { deadLettered: 0, publishErrors: 0, inFlight: 0, lastMessageAt: 0, positionsTracked: 0, positionSyncs: 0 };
  const port = env.PORT;
  const db = firestore();
  const shard = env.CASCADE_ANALYTICS_SHARD;
  // Every shard would pull the one trades subscription and split each symbol's trades between them
  // (issue 11 #11 again): until the streamer partitions symbols by shard, refuse any shard but one.
  if (shard !== 'default') throw new Error(`CASCADE_ANALYTICS_SHARD=${shard}: symbols are not partitioned between analytics shards yet, so a second shard would split every symbol's trades; deploy the single "default" shard (one instance handles 100 symbols, see npm run bench:scale)`);
  const lease = new ShardLease({ db, shard, instanceId: `${hostname()}-${process.pid}-${systemClock.now()}`, leaseMs: env.CASCADE_ANALYTICS_LEASE_MS, log: (l) => console.log(l) });
  const outbox = new ExitOutbox({ publish: (m) => bus.publish(Topic.ExitsRequested, m), now: () => systemClock.now(), log: (l) => console.warn(`analytics: ${l}`) }, env.CASCADE_EXIT_REPUBLISH_MS);
  const shardStatus = () => ({ shard, role: lease.role, fencingToken: lease.token, leaseHolder: lease.heldBy, exitsPending: outbox.size, exitPublishErrors: outbox.publishErrors, exitsRepublished: outbox.republished });
  let serving: Promise<unknown> | null = null;
  /** Ready = owns the shard and consumes its trades (a standby answers /healthz, never /readyz). */
  let consuming = false;
  /** Consumer lag of every batch since start, on /status only (too long for the minute's log line); the scale bench diffs two reads. */
  const consumerLagHistogram = new LogHistogram();
  /** Filled in once consuming (a standby has no metrics yet). */
  let metricsNow: () => unknown = () => null;
  const serve = () => (serving ??= startStatusServer(port, () => ({ ...engine.counters, ...status, ...shardStatus(), positionsTracked: engine.monitor.size, levels: engine.funnels(), funnel: engine.funnelSummaries(), warmUp: engine.warmUps(), metrics: metricsNow(), consumerLagHistogramMs: consumerLagHistogram.snapshot() }), { ready: () => consuming && lease.role === 'active', host: statusHost(env) }));
  // Nothing is consumed before this instance owns the shard: a standby only answers /status.
  await lease.acquire(serve);
  lease.keep((by) => {
    console.error(`analytics: shard ${shard} was taken over by ${by}; stopping (a standby now owns it)`);
    process.exit(1);
  });
  /** Every exit request carries the shard's fencing token (execute refuses a stale one). */
  const fenced = (m: ExitRequested): ExitRequested => {
    const fence = lease.fence();
    return fence ? { ...m, payload: { ...m.payload, fence } } : m;
  };

  // Console edits take effect within a second or two (snapshot listener); invalid ones are refused.
  const configs = new ConfigStore({ db: firestore(), bus, now: () => systemClock.now(), log: (l) => console.warn(`analytics: ${l}`), component: 'analytics' });
  const strategyId = env.CASCADE_STRATEGY_CONFIG;
  const unwatch = configs.watch<'strategy_configs'>(`strategy_configs/${strategyId}`, () => defaultStrategyConfig, (cfg) => {
    engine.setConfig(cfg.value);
    console.log(`analytics: strategy config ${strategyId} in effect (${cfg.source})`);
  });

  // Replays wait for each published setup/exit to settle (deterministic at any speed); live never waits.
  // An entry or exit settles once risk (started below, hence the late binding) has applied the open or close too.
  let riskForSettle: RiskService | null = null;
  const closeApplied = (positionId: string, timeoutMs: number) => riskForSettle?.closeApplied(positionId, timeoutMs) ?? Promise.resolve(true);
  const openApplied = (positionId: string, timeoutMs: number) => riskForSettle?.openApplied(positionId, timeoutMs) ?? Promise.resolve(true);
  const settle = env.CASCADE_REPLAY_SETTLE ? replaySettler(db, { closeApplied, openApplied }) : null;
  // Portfolio risk (§2.2.5): closes, trail tightening, risk_state/current. Paper equity starts from the env or the strategy config.
  const startingEquity = env.CASCADE_RISK_STARTING_EQUITY ?? (await configs.load<'strategy_configs'>(`strategy_configs/${strategyId}`, () => defaultStrategyConfig)).value.paper.startingEquity;
  const riskBus = { publish: <T extends Topic>(topic: T, m: MessageOf<T>) => bus.publish(topic, (m.type === 'exit.requested' ? fenced(m) : m) as MessageOf<T>) };
  const risk = await startRiskService({ db, bus: riskBus, monitor: engine.monitor, settle, startingEquity, ...(env.CASCADE_PORTFOLIO_RISK ? { config: env.CASCADE_PORTFOLIO_RISK } : {}) });
  riskForSettle = risk;
  // Issue 12 item 5: what an operator watches, on /status and logged every minute.
  const tradeRate = new RateWindow();
  const consumerLag = new SampleWindow();
  const toFill = new PublishToFill();
  const metrics = () => {
    const now = systemClock.now();
    const rs = risk.state();
    return {
      tradesPerSec: Math.round(tradeRate.perSecond(now) * 100) / 100,
      consumerLagMs: consumerLag.summary(),
      publishToFillMs: toFill.latency.summary(),
      openPositions: engine.monitor.size,
      breakerTripped: rs.breaker.tripped,
      entriesBlocked: rs.entries.blocked,
      shardRole: lease.role,
    };
  };
  metricsNow = metrics;
  const metricsTimer = setInterval(() => logs.fields('INFO', 'metrics', { metrics: metrics() }), 60_000);
  metricsTimer.unref();
  const dispatch = (m: Outgoing) => withLogContext({ correlationId: m.correlationId, eventId: m.eventId, messageType: m.type }, () => dispatchOne(m));
  const dispatchOne = async (m: Outgoing) => {
    // A stop move is perishable and superseded by the next one: published, never settled or kept.
    if (m.type === 'stop.trail_requested') {
      await bus.publish(Topic.ExitsRequested, m);
      return null;
    }
    if (m.type === 'exit.requested') {
      console.log(`analytics: exit ${m.payload.positionId} (${m.payload.reason}: ${m.payload.detail})`);
      // Kept until the position is closed; a failed publish is retried by the outbox, never dropped.
      if (!(await outbox.request(fenced(m)))) return null;
    } else {
      await bus.publish(Topic.AnalyticsSetups, m);
      toFill.setupPublished(m.correlationId ?? m.eventId, systemClock.now());
    }
    return settle ? settle(m) : null;
  };

  // The monitor's memory is rebuilt from active_positions before the first batch, then on a schedule.
  const syncPositions = async (): Promise<void> => {
    const open = await syncMonitoredPositions(() => readOpenPositions(db, (l) => console.warn(l)), engine.monitor, () => true, (l) => console.log(l));
    status.positionSyncs += 1;
    await outbox.retry(open);
  };
  await syncPositions();
  const syncTimer = setInterval(() => {
    syncPositions().catch((e: unknown) => console.error(`analytics: position sync failed (next one retries): ${(e as Error).message}`));
  }, env.CASCADE_POSITION_SYNC_MS);
  // Unpublished exits go out again every few seconds, whatever the sync's schedule.
  const retryTimer = setInterval(() => void outbox.retry(), 5_000);
  // Marks and trailing stops, and funnels, for the dashboard, each on its own cadence (0 = off).
  const stopDashboard = new DashboardStatus(db, engine, () => systemClock.now()).start({ marksMs: env.CASCADE_DASHBOARD_STATUS_MS, funnelsMs: env.CASCADE_FUNNEL_STATUS_MS }, (l) => console.warn(l));

  // Healthy once risk_state/current is written and the open positions are watched (a standby answered earlier).
  await serve();

  // One stream per subscription: batches are handled one at a time anyway, and a killed instance's
  // streams linger on the server until they time out (the emulator then refuses new ones).
  const trades = pubsub.subscription('analytics.market-trades', { flowControl: { maxMessages: 200 }, streamingOptions: { maxStreams: 1 } });
  // One batch at a time, in delivery order (the subscription orders by symbol): the engine's state is
  // sequential, and a replay may pause on a setup until the functions have settled it.
  let queue: Promise<void> = Promise.resolve();
  trades.on('message', (m: Message) => {
    status.lastMessageAt = systemClock.now();
    status.inFlight += 1;
    queue = queue.then(async () => {
      // Lag when the batch is handled, not when it arrived: batches wait here, behind earlier ones,
      // and a consumer that falls behind shows it in this queue first (up to flowControl's 200).
      const lag = systemClock.now() - m.publishTime.getTime();
      consumerLag.add(lag);
      consumerLagHistogram.add(lag);
      const parsed = parseMessage(Topic.MarketTrades, m.data);
      try {
        if (!parsed.ok) {
          status.deadLettered += 1;
          await bus.deadLetter(Topic.MarketTrades, m.data, parsed.reason, { messageId: m.id });
          console.error(`analytics: dead-lettered a market.trades message: ${parsed.reason}`);
        } else {
          tradeRate.add(systemClock.now(), parsed.message.payload.trades.length);
          // Risk takes the engine's verdicts: one id window per symbol, not two (issue 14 item 6).
          await risk.onBatch(parsed.message, await engine.onBatch(parsed.message, dispatch));
        }
        m.ack();
      } catch (e) {
        // The batch was applied; a nack would replay it into the dedupe. Only a setup's publish can
        // fail here (exits go through the outbox, which keeps and retries them): we say so loudly and
        // ack — a setup is perishable, and the next one supersedes it.
        status.publishErrors += 1;
        console.error(`analytics: publish failed: ${(e as Error).message}`);
        m.ack();
      } finally {
        status.inFlight -= 1;
      }
    });
  });
  trades.on('error', (e) => reopen('trades', trades, e));

  const events = pubsub.subscription('analytics.trading-events', { flowControl: { maxMessages: 100 }, streamingOptions: { maxStreams: 1 } });
  events.on('message', (m: Message) => {
    const parsed = parseMessage(Topic.TradingEvents, m.data);
    if (parsed.ok) {
      const e = parsed.message;
      if (e.type === 'order.filled' && e.payload.intent === 'open') toFill.filled(e.correlationId, systemClock.now());
      if (e.type === 'position.opened') {
        const p = e.payload;
        engine.monitor.track(monitoredPositionOf(p));
        console.log(`analytics: watching ${p.side} ${p.symbol} ${p.positionId} from ${p.entryPrice}`);
      } else if (e.type === 'position.closed') {
        engine.monitor.forget(e.payload.positionId, e.payload.symbol);
        outbox.confirm(e.payload.positionId);
      } else if (e.type === 'reconciliation.resolved' && e.payload.kind === 'closed_on_venue' && e.payload.positionId) {
        // Closed on the venue (stop hit, manual close): nothing left to watch.
        engine.monitor.forget(e.payload.positionId, e.payload.symbol);
        outbox.confirm(e.payload.positionId);
      }
      risk.onTradingEvent(e).catch((x: unknown) => console.error(`analytics: risk: ${(x as Error).message}`));
    } else console.error(`analytics: ignoring an invalid trading event: ${parsed.reason}`);
    // Malformed trading events are dead-lettered by notify, which owns that topic's consumers' DLQ.
    m.ack();
  });
  events.on('error', (e) => reopen('events', events, e));

  // SIGTERM (Cloud Run scale-in or redeploy, 10 s before SIGKILL) and Ctrl-C: stop consuming, let the
  // lease go so a standby takes over at once, then flush what the publisher holds.
  stop.add('stop timers', () => {
    unwatch();
    clearInterval(syncTimer);
    clearInterval(retryTimer);
    clearInterval(metricsTimer);
    stopDashboard();
  });
  stop.add('close subscriptions', () => Promise.allSettled([trades.close(), events.close(), risk.end()]));
  stop.add('flush publisher', () => bus.flush());
  stop.add('close the candle store', () => edge.close());
  // Last: exits still in the publisher went out under this tenure's token.
  stop.add('release lease', () => lease.release());
  consuming = true;
  console.log(`analytics: listening on analytics.market-trades, status on :${port}`);
}

/**
 * The Pub/Sub client retries a streaming pull on retryable codes by itself; an error it emits has
 * closed the subscription, and a service that only logged it stopped receiving for good (seen after
 * a restart, when the emulator cut the new stream). Reopen it after a second: positions and trades
 * must keep flowing to the exit monitor.
 */
function reopen(what: string, sub: Subscription, e: Error & { code?: unknown; details?: unknown }): void {
  console.error(`analytics: ${what} subscription error (code ${String(e.code)}): ${e.message || String(e.details ?? '')}; reopening`);
  setTimeout(() => {
    if (!sub.isOpen) sub.open();
  }, 1_000).unref();
}

main().catch((e: unknown) => {
  console.error(`analytics: ${(e as Error).message}`);
  process.exit(1);
});
