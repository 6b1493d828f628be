import { ReconciliationKind, ReconciliationResolved, Topic } from '@cascade/core';
import type { StoredEvent } from '../firestore/stored-events.js';

export { ReconciliationKind, ReconciliationResolved };

/** A reconciliation event for the outbox, checked against its schema before it is stored. */
export function reconciliationStored(ev: ReconciliationResolved): StoredEvent {
  return { topic: Topic.TradingEvents, message: ReconciliationResolved.parse(ev) };
}
