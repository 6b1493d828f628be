import type { Message, Subscription } from '@google-cloud/pubsub';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import Big from 'big.js';
import { type FunnelSummary, ScoreFunnel, StrategyConfigSchema, Topic, type WarmUpStat, funnelSummary, mergeFunnels } from '@cascade/core';
import { PortfolioDaySchema, readDoc } from '@cascade/adapters/firestore';
import type { Stack } from './stack.js';

export interface StackStatus {
  readonly tape: { state: string; published: number; progress: number | null; tradesPerSec: number; tapeTs: number } | null;
  readonly analytics: {
    trades: number;
    batches: number;
    setups: number;
    exits: number;
    deadLettered: number;
    inFlight: number;
    rejected: Record<string, number>;
    /** Levels 1–4 per market, with the check that stopped each evaluation. */
    funnel?: Record<string, FunnelSummary>;
    /** The regime's warm-up per market (tape time). */
    warmUp?: Record<string, WarmUpStat>;
  } | null;
  /** Distinct event ids seen on the taps, by message type. */
  readonly published: Record<string, number>;
  readonly firestore: { signals: number; tradeSignals: number; orders: number; entryOrders: number; exitOrders: number; fills: number; openPositions: number; notifications: number; realizedPnl: string };
}

/**
 * The local stack's observer: taps on every topic (counting distinct event ids, so duplicates from
 * at-least-once delivery count once), the services' /status, and Firestore. It answers "what has
 * happened" for the status line and "has everything been handled" for `--once`.
 */
export class StackMonitor {
  private readonly seen = new Map<string, Set<string>>();
  private readonly subs: Subscription[] = [];
  private readonly app: App;
  readonly db: Firestore;

  constructor(private readonly stack: Stack) {
    process.env.FIRESTORE_EMULATOR_HOST = stack.firestoreHost;
    this.app = initializeApp({ projectId: stack.projectId }, `monitor-${stack.projectId}-${Date.now()}`);
    this.db = getFirestore(this.app);
    for (const topic of [Topic.AnalyticsSetups, Topic.TradingSignals, Topic.ExitsRequested, Topic.TradingEvents]) {
      const sub = stack.pubsub.subscription(stack.taps[topic] as string, { flowControl: { maxMessages: 1000 } });
      sub.on('message', (m: Message) => {
        const type = m.attributes.type ?? 'unknown';
        const id = m.attributes.eventId ?? m.id;
        let s = this.seen.get(type);
        if (!s) {
          s = new Set();
          this.seen.set(type, s);
        }
        s.add(id);
        m.ack();
      });
      sub.on('error', () => undefined);
      this.subs.push(sub);
    }
  }

  count(type: string): number {
    return this.seen.get(type)?.size ?? 0;
  }

  async status(): Promise<StackStatus> {
    const get = async <T>(port: number): Promise<T | null> => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) });
        return (await r.json()) as T;
      } catch {
        return null;
      }
    };
    const [tape, analytics, fsState] = await Promise.all([
      get<NonNullable<StackStatus['tape']>>(this.stack.ports.streamer),
      get<NonNullable<StackStatus['analytics']>>(this.stack.ports.analytics),
      this.firestoreState(),
    ]);
    const published: Record<string, number> = {};
    for (const [k, v] of this.seen) published[k] = v.size;
    return { tape, analytics, published, firestore: fsState };
  }

  private async firestoreState(): Promise<StackStatus['firestore']> {
    const c = async (q: FirebaseFirestore.Query): Promise<number> => (await q.count().get()).data().count;
    const db = this.db;
    const [signals, tradeSignals, orders, entryOrders, exitOrders, fills, openPositions, notifications, days] = await Promise.all([
      c(db.collection('signals')),
      c(db.collection('signals').where('decision', '==', 'trade')),
      c(db.collection('orders')),
      c(db.collection('orders').where('intent', '==', 'open')),
      c(db.collection('orders').where('intent', '==', 'close')),
      c(db.collection('orders').where('status', '==', 'filled')),
      c(db.collection('active_positions')),
      c(db.collection('notifications').where('channel', '==', 'email').where('state', 'in', ['sent', 'stored', 'queued', 'throttled'])),
      db.collection('portfolio').get(),
    ]);
    let pnl = new Big(0);
    for (const d of days.docs) pnl = pnl.plus(new Big(readDoc(PortfolioDaySchema, d)?.realizedPnl ?? '0'));
    return { signals, tradeSignals, orders, entryOrders, exitOrders, fills, openPositions, notifications, realizedPnl: pnl.toFixed() };
  }

  /**
   * The whole funnel: levels 1–4 from the analytics service (markets added together) and the
   * confluence score from the `signals` documents `decide` wrote (one per setup: its score and why it
   * did not trade), scored against the strategy config in Firestore. Reads every signal: call it once.
   */
  async funnel(s: StackStatus): Promise<FunnelSummary> {
    const levels = mergeFunnels(Object.values(s.analytics?.funnel ?? {}));
    const cfgDoc = await this.db.doc(`strategy_configs/${process.env.CASCADE_STRATEGY_CONFIG ?? 'default'}`).get();
    const cfg = StrategyConfigSchema.safeParse(cfgDoc.data() ?? {});
    const score = new ScoreFunnel((cfg.success ? cfg.data : StrategyConfigSchema.parse({})).scoring);
    for (const d of (await this.db.collection('signals').get()).docs) {
      const v = d.data() as { decision?: unknown; score?: unknown; reason?: unknown };
      if (typeof v.score !== 'number') continue;
      if (v.decision === 'trade') score.record({ decision: 'trade', score: v.score });
      else if (v.decision === 'no_trade') score.record({ decision: 'no_trade', score: v.score, reason: typeof v.reason === 'string' ? v.reason : '' });
    }
    return { ...levels, ...funnelSummary([score.row()]) };
  }

  /**
   * True when the tape is fully published and every message it caused has been handled: analytics
   * consumed every trade, decide decided every setup, execute answered every signal and exit, notify
   * delivered every notifiable event.
   */
  quiescent(s: StackStatus): boolean {
    if (!s.tape || s.tape.state !== 'done' || !s.analytics) return false;
    const a = s.analytics;
    const f = s.firestore;
    const notifiable = this.count('order.filled') + this.count('order.rejected') + this.count('position.closed') + this.count('system.error') + this.count('config.rejected');
    return (
      a.trades + Object.values(a.rejected).reduce((x, y) => x + y, 0) >= s.tape.published &&
      a.inFlight === 0 &&
      this.count('setup.detected') === a.setups &&
      f.signals === a.setups &&
      this.count('signal.generated') === f.tradeSignals &&
      f.entryOrders === f.tradeSignals &&
      // Exits come from the exit monitor (a.exits) and from portfolio risk (a dump, the breaker), both
      // under the position's one exit id: every distinct request answered by one closing order.
      this.count('exit.requested') >= a.exits &&
      f.exitOrders === this.count('exit.requested') &&
      f.notifications === notifiable
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.subs.map((s) => s.close()));
    await deleteApp(this.app).catch(() => undefined);
  }
}
