import { type BusMessage, Topic } from '@cascade/core';
import type { StoredEvent } from '../firestore/stored-events.js';
// By path until core's messages index exports it (the lead adds the line; then import from '@cascade/core').
import { ReconciliationKind, ReconciliationResolved } from '@cascade/core';

export { ReconciliationKind, ReconciliationResolved };

/**
 * A reconciliation event for the outbox. The cast goes once `BusMessage` and the `trading.events`
 * schema list `ReconciliationResolved` (core/src/messages/topics.ts); the publisher validates either way.
 */
export function reconciliationStored(ev: ReconciliationResolved): StoredEvent {
  return { topic: Topic.TradingEvents, message: ReconciliationResolved.parse(ev) as unknown as BusMessage };
}
