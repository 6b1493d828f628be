import type { DocumentSnapshot } from 'firebase-admin/firestore';
import { z } from 'zod';
import { type BusMessage, type MessageOf, type Topic, allTopics, topicSchemas } from '@cascade/core';
import type { Deps } from './deps.js';
import { readField } from './stored-doc.js';

/** An event written in the same transaction as the state change it announces (a small outbox). */
export interface StoredEvent {
  readonly topic: Topic;
  readonly message: BusMessage;
}

/** One stored event: its topic, and a message valid for that topic (the schema the bus validates with). */
export const StoredEventSchema: z.ZodType<StoredEvent> = z
  .object({ topic: z.enum(allTopics as [Topic, ...Topic[]]), message: z.unknown() })
  .transform((e, ctx) => {
    const m = topicSchemas[e.topic].safeParse(e.message);
    if (!m.success) {
      for (const i of m.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: ['message', ...i.path] });
      return z.NEVER;
    }
    return { topic: e.topic, message: m.data as BusMessage };
  });

/** The `events` field of an order document: the outbox its transaction wrote (none when absent). */
export function readStoredEvents(snap: DocumentSnapshot): StoredEvent[] {
  return readField(z.array(StoredEventSchema).optional(), snap, 'events') ?? [];
}

/** Publish after commit. Re-running this for a redelivered message re-announces the same event ids. */
export async function publishAll(d: Deps, events: readonly StoredEvent[]): Promise<void> {
  for (const e of events) await d.bus.publish(e.topic, e.message as MessageOf<typeof e.topic>);
}
