import { z } from 'zod';
import type { ValueOf } from '../util/value-of.js';
import { type TradesReceived, TradesReceivedOnWire } from './events/trades-received.js';
import { SetupDetected } from './events/setup-detected.js';
import { SignalGenerated } from './events/signal-generated.js';
import { ExitRequested } from './events/exit-requested.js';
import { StopTrailRequested } from './events/stop-trail-requested.js';
import { OrderFilled } from './events/order-filled.js';
import { OrderRejected } from './events/order-rejected.js';
import { PositionOpened } from './events/position-opened.js';
import { PositionClosed } from './events/position-closed.js';
import { SystemError } from './events/system-error.js';
import { ConfigRejected } from './events/config-rejected.js';
import { ReconciliationResolved } from './events/reconciliation-resolved.js';

/** Every topic of the system, declared once. Nothing builds a topic name by hand. */
export const Topic = {
  MarketTrades: 'market.trades',
  AnalyticsSetups: 'analytics.setups',
  TradingSignals: 'trading.signals',
  ExitsRequested: 'exits.requested',
  TradingEvents: 'trading.events',
} as const;
export type Topic = ValueOf<typeof Topic>;

export const allTopics: readonly Topic[] = Object.values(Topic);

/** Where a consumer sends what it cannot parse, with the reason in the attributes. */
export function deadLetterTopicOf(topic: Topic): string {
  return `${topic}.dlq`;
}

/** The message types each topic carries; consumers validate against exactly this union. */
export const topicSchemas = {
  [Topic.MarketTrades]: z.discriminatedUnion('type', [TradesReceivedOnWire]),
  [Topic.AnalyticsSetups]: z.discriminatedUnion('type', [SetupDetected]),
  [Topic.TradingSignals]: z.discriminatedUnion('type', [SignalGenerated]),
  [Topic.ExitsRequested]: z.discriminatedUnion('type', [ExitRequested, StopTrailRequested]),
  [Topic.TradingEvents]: z.discriminatedUnion('type', [OrderFilled, OrderRejected, PositionOpened, PositionClosed, SystemError, ConfigRejected, ReconciliationResolved]),
} as const;

export type MessageOf<T extends Topic> = z.infer<(typeof topicSchemas)[T]>;
/**
 * A message as a producer may publish it: what the topic's schema accepts, before defaults and
 * decoding (a columnar trade batch is a `MessageOf` only once decoded to rows).
 */
export type WireOf<T extends Topic> = z.input<(typeof topicSchemas)[T]>;

export type BusMessage =
  | TradesReceived
  | SetupDetected
  | SignalGenerated
  | ExitRequested
  | StopTrailRequested
  | OrderFilled
  | OrderRejected
  | PositionOpened
  | PositionClosed
  | SystemError
  | ConfigRejected
  | ReconciliationResolved;
