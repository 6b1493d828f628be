import type { DocumentSnapshot, Firestore, Timestamp } from 'firebase-admin/firestore';
import { type ConfigCollection, type ConfigOf, type ConfigRejected, type FieldError, Topic, checkConfig, configCollectionOf, derivedId } from '@cascade/core';
import { z } from 'zod';
import type { BusPublisher } from '../pubsub/publisher.js';
import { readField } from './stored-doc.js';

/** Where the last version that passed validation is kept, so a cold instance never runs a bad edit. */
const ACTIVE = 'config_active';

export interface ConfigInEffect<T> {
  readonly value: T;
  /** `edited` — the document as it is; `last_good` — the document is invalid, an older version runs; `defaults` — no valid version exists. */
  readonly source: 'edited' | 'last_good' | 'defaults';
  readonly updateTime: number | null;
  readonly errors: readonly FieldError[];
}

export interface ConfigStoreDeps {
  readonly db: Firestore;
  readonly bus: BusPublisher;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** Who noticed a bad edit (service or function name), for the event and the email. */
  readonly component: string;
}

const activeId = (path: string): string => path.replaceAll('/', '~');
const ms = (t: Timestamp | undefined): number => (t ? t.toMillis() : 0);

/**
 * Console config, validated with the core schemas. A valid document is in effect as written and is
 * copied to `config_active/`; an invalid one is refused: the copy (the last good version) or the
 * defaults stay in effect, and a `config.rejected` event — one per bad version, its id derived from
 * the path and update time — goes to `config_events/` and to notify, which emails the field errors.
 */
export class ConfigStore {
  private readonly reported = new Set<string>();

  constructor(private readonly d: ConfigStoreDeps) {}

  /** Point read for functions (they run once per message; callers cache for a few seconds). */
  async load<C extends ConfigCollection>(path: string, fallback: () => ConfigOf<C>): Promise<ConfigInEffect<ConfigOf<C>>> {
    const snap = await this.d.db.doc(path).get();
    return this.resolve<C>(path, snap, fallback);
  }

  /**
   * Snapshot listener for the always-on services: `onChange` receives every version that takes
   * effect (valid edits, deletions → defaults), never an invalid one. Returns the unsubscribe.
   */
  watch<C extends ConfigCollection>(path: string, fallback: () => ConfigOf<C>, onChange: (cfg: ConfigInEffect<ConfigOf<C>>) => void): () => void {
    let last: string | null = null;
    return this.d.db.doc(path).onSnapshot(
      (snap) => {
        void this.resolve<C>(path, snap, fallback).then(
          (cfg) => {
            const key = JSON.stringify(cfg.value);
            if (key !== last) {
              last = key;
              onChange(cfg);
            }
          },
          (err: unknown) => this.d.log(`config ${path}: ${String(err)}`),
        );
      },
      (err) => this.d.log(`config ${path}: listener failed: ${err.message}`),
    );
  }

  private async resolve<C extends ConfigCollection>(path: string, snap: DocumentSnapshot, fallback: () => ConfigOf<C>): Promise<ConfigInEffect<ConfigOf<C>>> {
    const collection = configCollectionOf(path);
    if (collection === null) throw new Error(`${path} is not a config document (known collections: strategy_configs, market_configs, modules, notification_settings, watchlists/*/symbols)`);
    if (!snap.exists) return { value: fallback(), source: 'defaults', updateTime: null, errors: [] };
    const updateTime = ms(snap.updateTime);
    const checked = checkConfig(collection as C, snap.data());
    const activeRef = this.d.db.collection(ACTIVE).doc(activeId(path));
    if (checked.ok) {
      // Idempotent: many instances may copy the same version; only a newer one overwrites.
      await this.d.db.runTransaction(async (tx) => {
        const cur = await tx.get(activeRef);
        if (!cur.exists || readField(z.number(), cur, 'updateTime') < updateTime) tx.set(activeRef, { path, updateTime, data: checked.value });
      });
      return { value: checked.value, source: 'edited', updateTime, errors: [] };
    }
    const active = await activeRef.get();
    const kept = active.exists ? checkConfig(collection as C, active.get('data')) : null;
    const keptVersion = kept?.ok ? readField(z.number(), active, 'updateTime') : null;
    await this.report(path, updateTime, checked.errors, keptVersion);
    if (kept?.ok) return { value: kept.value, source: 'last_good', updateTime: keptVersion, errors: checked.errors };
    return { value: fallback(), source: 'defaults', updateTime: null, errors: checked.errors };
  }

  private async report(path: string, updateTime: number, errors: FieldError[], keptVersion: number | null): Promise<void> {
    const eventId = derivedId('cfgrej', path, String(updateTime));
    if (this.reported.has(eventId)) return;
    const now = this.d.now();
    const ev: ConfigRejected = {
      type: 'config.rejected',
      eventId,
      tsEvent: updateTime,
      tsInit: now,
      correlationId: eventId,
      causationId: eventId,
      payload: { path, updateTime, errors, keptVersion, detectedBy: this.d.component },
    };
    this.d.log(`config ${path} refused (${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}); ${keptVersion === null ? 'defaults' : 'last good version'} stay in effect`);
    // One record per bad version; the event is published until the record says it was (notify
    // dedupes on the event id, so a second publish after a crash costs nothing).
    const ref = this.d.db.collection('config_events').doc(eventId);
    const published = await this.d.db.runTransaction(async (tx) => {
      const cur = await tx.get(ref);
      if (cur.exists) return cur.get('published') === true;
      tx.create(ref, { ...ev.payload, type: ev.type, eventId, recordedAt: now, published: false });
      return false;
    });
    if (!published) {
      await this.d.bus.publish(Topic.TradingEvents, ev);
      await ref.update({ published: true });
    }
    this.reported.add(eventId);
  }
}
