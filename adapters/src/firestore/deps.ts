import { PubSub } from '@google-cloud/pubsub';
import { type App, getApps, initializeApp } from 'firebase-admin/app';
import { type Firestore, getFirestore } from 'firebase-admin/firestore';
import { systemClock } from '../clock/system-time.js';
import { BusPublisher } from '../pubsub/publisher.js';
import type { Clock } from '@cascade/core';
import type { SecretResolver } from '../secrets/secrets.js';

/** What every handler needs from the edge. Tests build their own against the emulators. */
export interface Deps {
  readonly db: Firestore;
  readonly bus: BusPublisher;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** What live venue clients need from this process's configuration; absent where nothing trades live. */
  readonly live?: LiveEdge;
}

/** Live venue settings of a process, from its declared configuration (functions params, a CLI's flags). */
export interface LiveEdge {
  /** `CASCADE_VENUE_URLS` as given (JSON, or '' for the venues' own hosts); parsed when a live venue is built. */
  readonly venueUrlsJson: string;
  /** Resolves the modules' `credentialsSecretRef`. */
  readonly secrets: SecretResolver;
}

/** The configuration `deps` builds from: each deployable reads its own declared settings and passes them. */
export interface EdgeOptions {
  /** Fault injection for the at-least-once drills: every message published twice. */
  readonly publishTwice: boolean;
  readonly live: LiveEdge;
}

let cached: Deps | null = null;

/**
 * Lazily built per instance (cold start), reused across invocations. The Google clients find the
 * emulators and the project through their own standard variables (FIRESTORE_EMULATOR_HOST,
 * PUBSUB_EMULATOR_HOST, GCLOUD_PROJECT); everything of ours comes in `opts`.
 */
export function deps(opts: EdgeOptions): Deps {
  if (cached) return cached;
  const app: App = getApps()[0] ?? initializeApp();
  const db = getFirestore(app);
  const bus = new BusPublisher(new PubSub(), { publishTwice: opts.publishTwice });
  cached = { db, bus, clock: systemClock, log: (line) => console.log(line), live: opts.live };
  return cached;
}
