import type { BusMessage, MessageOf, Topic } from '@cascade/core';
import type { Deps } from './deps.js';

/** An event written in the same transaction as the state change it announces (a small outbox). */
export interface StoredEvent {
  readonly topic: Topic;
  readonly message: BusMessage;
}

/** Publish after commit. Re-running this for a redelivered message re-announces the same event ids. */
export async function publishAll(d: Deps, events: readonly StoredEvent[]): Promise<void> {
  for (const e of events) await d.bus.publish(e.topic, e.message as MessageOf<typeof e.topic>);
}
