import type { BusPublisher } from '@cascade/adapters/pubsub';
import { Topic } from '@cascade/core';
import { type DataConnectionAlert, systemErrorOf } from './stream-health.js';

/** Publishes data-connection alerts as critical `system.error` events on `trading.events`; never throws. */
export function alertPublisher(bus: BusPublisher, now: () => number, log: (line: string) => void = (l) => console.error(l)) {
  const pending = new Set<Promise<void>>();
  return {
    publish(alert: DataConnectionAlert): void {
      const msg = systemErrorOf(alert, now());
      log(`streamer: ALERT ${msg.payload.error}`);
      const p: Promise<void> = bus
        .publish(Topic.TradingEvents, msg)
        .catch((e: unknown) => log(`streamer: could not publish alert ${msg.eventId}: ${(e as Error).message}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    /** Waits for the alerts in flight. */
    async settle(): Promise<void> {
      await Promise.all(pending);
    },
  };
}
