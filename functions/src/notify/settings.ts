import type { Firestore } from 'firebase-admin/firestore';
import { type NotificationSettings, NotificationSettingsSchema } from '@cascade/core';
import { ConfigStore, type Deps } from '@cascade/adapters/firestore';
import type { MailRoute, Mailer } from '@cascade/adapters/notify';

const SETTINGS_TTL_MS = 5_000;

let settingsCache = new WeakMap<Firestore, { at: number; value: NotificationSettings }>();
const stores = new WeakMap<Firestore, ConfigStore>();
const schemaDefaults = NotificationSettingsSchema.parse({});

/**
 * `notification_settings/default` validated by the core schema (an invalid edit keeps the last good
 * version and is reported by ConfigStore), cached a few seconds per instance and database.
 */
export async function loadNotificationSettings(d: Deps): Promise<NotificationSettings> {
  const now = d.clock.now();
  const hit = settingsCache.get(d.db);
  if (hit && now - hit.at < SETTINGS_TTL_MS) return hit.value;
  let store = stores.get(d.db);
  if (!store) {
    store = new ConfigStore({ db: d.db, bus: d.bus, now: () => d.clock.now(), log: d.log, component: 'notify' });
    stores.set(d.db, store);
  }
  const inEffect = await store.load<'notification_settings'>('notification_settings/default', () => schemaDefaults);
  settingsCache.set(d.db, { at: now, value: inEffect.value });
  return inEffect.value;
}

/** Tests change the settings document between cases in one process. */
export function resetNotificationSettingsCache(): void {
  settingsCache = new WeakMap();
}

/**
 * Recipients and sender: the console's lists win once the operator has set them; until then the
 * deploy-time ALERT_EMAIL_TO / ALERT_EMAIL_FROM (a seeded settings document carries the schema's
 * placeholder sender, which must not override a verified SendGrid sender).
 */
export function mailRoute(s: NotificationSettings, mail: Mailer): MailRoute {
  return { to: s.email.to.length > 0 ? s.email.to : [mail.to], from: s.email.from !== schemaDefaults.email.from ? s.email.from : mail.from };
}
