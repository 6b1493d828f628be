import { PubSub } from '@google-cloud/pubsub';
import { type App, getApps, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { systemClock } from '../clock/system-time.js';
import { BusPublisher } from '../pubsub/publisher.js';
import type { Clock } from '@cascade/core';

/** What every handler needs from the edge. Tests build their own against the emulators. */
export interface Deps {
  readonly db: Firestore;
  readonly bus: BusPublisher;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

let cached: Deps | null = null;

/**
 * Lazily built per instance (cold start), reused across invocations. Emulator hosts and the project
 * id come from the standard variables (FIRESTORE_EMULATOR_HOST, PUBSUB_EMULATOR_HOST, GCLOUD_PROJECT).
 */
export function deps(): Deps {
  if (cached) return cached;
  const app: App = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  const bus = new BusPublisher(new PubSub(), { publishTwice: process.env.CASCADE_PUBLISH_TWICE === '1' });
  cached = { db, bus, clock: systemClock, log: (line) => console.log(line) };
  return cached;
}
