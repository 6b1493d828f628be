import { type ScheduledEvent, onSchedule } from 'firebase-functions/v2/scheduler';
import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import {
  type DigestEntry,
  DeliveryState,
  type NotificationSettings,
  type RenderedEmail,
  type ThrottledEntry,
  chatText,
  digestWindow,
  renderDigest,
} from '@cascade/core';
import { type Deps, StoredDocumentError, readDoc, readField, requireDoc, takeLease } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import { type Mailer, sendWithRetries } from '@cascade/adapters/notify';
import { sendgridApiKey } from '../runtime/params.js';
import { tradingFunctionOptions } from '../runtime/trigger-options.js';
import { type AlertPorts, alertPorts, instanceMail } from './alert-ports.js';
import { type ChannelRecord, DIGESTS, DIGEST_LEASE, DigestDocSchema, ItemIdsSchema } from './digest-doc.js';
import { chatDeliveries } from './http-delivery.js';
import { CreatedAtSchema, DigestRowSchema, NOTIFICATIONS, errText } from './notification-doc.js';
import { loadNotificationSettings, mailRoute } from './settings.js';

export { DIGESTS };

/** A digest channel that still fails on this many runs (5 min apart on the schedule) is given up: `dead_letter`. */
export const DIGEST_MAX_RUNS = 6;
/** Events per digest; more wait for the next window (the email shows the first 200 rows anyway). */
const MAX_ITEMS = 1000;
/** Firestore batches take at most 500 writes. */
const BATCH = 400;

export type DigestState = 'sent' | 'stored' | 'dead_letter' | 'failed' | 'empty' | 'done' | 'busy';

export interface DigestResult {
  readonly digestId: string;
  readonly state: DigestState;
  /** Info events carried by this digest. */
  readonly entries: number;
  /** Throttled warnings counted in it. */
  readonly throttled: number;
  /** Earlier digests this run finished (their send had failed or their run died). */
  readonly resumed: readonly DigestResult[];
}

/**
 * The digest (§2.2.0.2 "Info events → batched digests"): every `digestMinutes` (windows aligned to
 * the epoch, so 60 → on the hour UTC), one HTML + text email — and the Telegram/Discord text when
 * enabled — listing the info events queued in the window and counting the warnings the throttle held
 * back. Safe to run as often as you like (the schedule runs it every 5 minutes so a console change of
 * `digestMinutes` needs no redeploy):
 *
 * - `notification_digests/{id}` is keyed by the window (`digest-<end ISO>`) and created in a
 *   transaction with the ids of the events it carries, which are then marked `claimed`: a concurrent
 *   or repeated run finds it and sends nothing new.
 * - Each channel's result is recorded on it; a retry (the next run) re-sends only the channels that
 *   failed, and a channel failing for `DIGEST_MAX_RUNS` runs is dead-lettered so the events settle.
 * - When every channel is settled the events become `sent` (or `stored` when no channel is
 *   configured: no mail key) with the digest id.
 */
export async function runDigest(d: Deps, now: number, mail: Mailer | null = instanceMail(), overrides: Partial<Omit<AlertPorts, 'mail'>> = {}): Promise<DigestResult> {
  const ports = alertPorts(mail, overrides);
  const s = ports.settings ?? (await loadNotificationSettings(d));
  const w = digestWindow(now, s.digestMinutes);
  const col = d.db.collection(DIGESTS);

  // Digests whose send failed or whose run died: finish them first, and keep their events out of this one.
  const unfinished = await col.where('state', 'in', [DeliveryState.Pending, DeliveryState.Failed]).limit(20).get();
  const held = new Set(unfinished.docs.flatMap((x) => readField(ItemIdsSchema, x, 'itemIds')));
  const resumed: DigestResult[] = [];
  const errors: string[] = [];
  for (const u of unfinished.docs) {
    if (u.id === w.id) continue;
    try {
      const r = await finishDigest(d, ports, s, u.ref, now);
      resumed.push(r);
      if (r.state === 'failed') errors.push(`digest ${r.digestId} still not delivered on every channel`);
    } catch (err) {
      errors.push(errText(err));
    }
  }

  const ref = col.doc(w.id);
  let result: DigestResult;
  const existing = await ref.get();
  if (existing.exists) {
    result = await finishDigest(d, ports, s, ref, now);
  } else {
    const pending = await d.db.collection(NOTIFICATIONS).where('digestState', '==', 'pending').limit(MAX_ITEMS).get();
    const items = pending.docs.filter((x) => readField(CreatedAtSchema, x, 'createdAt') < w.end && !held.has(x.id)).map((x) => x.id);
    if (items.length === 0) {
      result = { digestId: w.id, state: 'empty', entries: 0, throttled: 0, resumed: [] };
    } else {
      // Created already claimed by this run (runs: 1), so no other run can slip in before the send;
      // a run that finds it created meanwhile leaves it to its creator.
      const created = await d.db.runTransaction(async (tx) => {
        const snap = await tx.get(ref);
        if (snap.exists) return false;
        takeLease(tx, snap, now, DIGEST_LEASE, () => ({ digestId: w.id, windowStart: w.start, windowEnd: w.end, itemIds: items, deliveries: {}, createdAt: now }));
        return true;
      });
      result = created ? await sendDigest(d, ports, s, ref, { runs: 1, itemIds: items, windowStart: w.start, windowEnd: w.end, deliveries: {} }) : { digestId: w.id, state: 'busy', entries: 0, throttled: 0, resumed: [] };
    }
  }
  if (result.state === 'failed') errors.push(`digest ${w.id} not delivered on every channel; the next run retries it`);
  if (errors.length) throw new Error(errors.join('; '));
  return { ...result, resumed };
}

async function markItems(d: Deps, ids: readonly string[], fields: (snap: DocumentSnapshot) => Record<string, unknown> | null): Promise<DocumentSnapshot[]> {
  const refs = ids.map((id) => d.db.collection(NOTIFICATIONS).doc(id));
  const snaps = refs.length ? await d.db.getAll(...refs) : [];
  for (let i = 0; i < snaps.length; i += BATCH) {
    const batch = d.db.batch();
    let n = 0;
    for (const snap of snaps.slice(i, i + BATCH)) {
      const f = snap.exists ? fields(snap) : null;
      if (f) {
        batch.update(snap.ref, f);
        n += 1;
      }
    }
    if (n) await batch.commit();
  }
  return snaps;
}

interface ClaimedDigest {
  readonly runs: number;
  readonly itemIds: readonly string[];
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly deliveries: Readonly<Record<string, ChannelRecord>>;
}

/** Take over an unfinished digest (failed, or pending under an expired lease) and send what is left of it. */
async function finishDigest(d: Deps, ports: AlertPorts, s: NotificationSettings, ref: DocumentReference, now: number): Promise<DigestResult> {
  const claimed = await d.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const lease = takeLease(tx, snap, now, DIGEST_LEASE, null);
    if (lease.kind === 'settled') return 'done' as const;
    if (lease.kind === 'busy') return 'busy' as const;
    const doc = requireDoc(DigestDocSchema, snap);
    const c: ClaimedDigest = { runs: lease.count, itemIds: doc.itemIds, windowStart: doc.windowStart, windowEnd: doc.windowEnd, deliveries: doc.deliveries ?? {} };
    return c;
  });
  if (claimed === 'done' || claimed === 'busy') return { digestId: ref.id, state: claimed, entries: 0, throttled: 0, resumed: [] };
  return sendDigest(d, ports, s, ref, claimed);
}

/** Render the digest from its events, send on every channel not yet settled, settle the events. */
async function sendDigest(d: Deps, ports: AlertPorts, s: NotificationSettings, ref: DocumentReference, claimed: ClaimedDigest): Promise<DigestResult> {
  const id = ref.id;
  // Idempotent: a run that died between creating the digest and marking its events redoes this.
  const snaps = await markItems(d, claimed.itemIds, (x) => (x.get('digestState') === 'pending' ? { digestState: 'claimed', digestId: id } : null));
  const entries: DigestEntry[] = [];
  const throttled: ThrottledEntry[] = [];
  for (const x of snaps) {
    // The snapshots were read before the marking: an event still `pending` in them was just marked ours.
    if (!x.exists || (x.get('digestId') !== id && x.get('digestState') !== 'pending')) continue;
    const row = digestRow(x, d);
    if (!row) continue;
    if (x.get('state') === DeliveryState.Throttled) throttled.push({ ...row.digest, throttleKey: String(row.throttleKey) });
    else entries.push(row.digest);
  }
  const email = renderDigest({ window: { start: claimed.windowStart, end: claimed.windowEnd }, entries, throttled });

  const deliveries = { ...claimed.deliveries };
  const record = async (channel: string, r: ChannelRecord): Promise<void> => {
    deliveries[channel] = r;
    await ref.update({ [`deliveries.${channel}`]: r });
  };
  const settled = (c: string): boolean => deliveries[c]?.state === 'sent' || deliveries[c]?.state === 'dead_letter';
  const giveUp = claimed.runs >= DIGEST_MAX_RUNS;
  const channels: string[] = [];

  const mail = ports.mail;
  if (s.email.enabled && mail) {
    channels.push('email');
    if (!settled('email')) await sendEmail(mail, s, email, giveUp, (r) => record('email', { ...r, attempts: (deliveries.email?.attempts ?? 0) + 1, at: d.clock.now() }));
  }
  for (const x of chatDeliveries(s, ports, id, (limit) => chatText(email, limit))) {
    channels.push(x.channel);
    if (settled(x.channel)) continue;
    const r = await sendWithRetries(x.maxAttempts, x.attempt, { sleep: ports.sleep, now: () => d.clock.now() }, () => Promise.resolve());
    const prior = deliveries[x.channel]?.attempts ?? 0;
    const state = r.last.ok ? 'sent' : !r.last.retryable || giveUp ? 'dead_letter' : 'failed';
    await record(x.channel, { state, attempts: prior + r.attempts, error: r.last.error, at: d.clock.now() });
  }

  const counts = { entries: entries.length, throttled: throttled.length };
  if (!channels.every(settled)) {
    await ref.update({ state: DeliveryState.Failed, subject: email.subject, lastRunAt: d.clock.now() });
    return { digestId: id, state: 'failed', ...counts, resumed: [] };
  }
  const anySent = channels.some((c) => deliveries[c]?.state === 'sent');
  const final: 'sent' | 'stored' | 'dead_letter' = channels.length === 0 ? 'stored' : anySent ? 'sent' : 'dead_letter';
  const at = d.clock.now();
  await markItems(d, claimed.itemIds, (x) => {
    if (x.get('digestId') !== id || x.get('digestState') === 'done') return null;
    return x.get('state') === DeliveryState.Throttled ? { digestState: 'done' } : { state: final, digestState: 'done', deliveredAt: at };
  });
  await ref.update({ state: final, subject: email.subject, text: email.text, html: email.html, to: s.email.enabled && mail ? mailRoute(s, mail).to.join(', ') : null, ...counts, deliveredAt: at });
  if (final === 'stored') d.log(`notify: ${email.subject} (stored in ${DIGESTS}/${id}; set SENDGRID_API_KEY to email it)`);
  return { digestId: id, state: final, ...counts, resumed: [] };
}

/**
 * The digest row of one event. A row that fails its schema is left out of the digest (one bad
 * document must not hold back every other event) and logged with the document and field.
 */
function digestRow(x: DocumentSnapshot, d: Deps): { digest: DigestEntry; throttleKey: string | null } | null {
  try {
    return readDoc(DigestRowSchema, x);
  } catch (err) {
    if (!(err instanceof StoredDocumentError)) throw err;
    d.log(`digest: left out of the digest: ${err.message}`);
    return null;
  }
}

async function sendEmail(mail: Mailer, s: NotificationSettings, email: RenderedEmail, giveUp: boolean, record: (r: Omit<ChannelRecord, 'attempts' | 'at'>) => Promise<void>): Promise<void> {
  try {
    await mail.send(email, mailRoute(s, mail));
    await record({ state: 'sent', error: null });
  } catch (err) {
    await record({ state: giveUp ? 'dead_letter' : 'failed', error: errText(err) });
  }
}

/** The scheduled entry point: the window is taken from the schedule time, so a retried run lands in the same window. */
export const handleDigest = async (event: ScheduledEvent): Promise<void> => {
  const d = deps();
  const t = Date.parse(event.scheduleTime);
  const r = await runDigest(d, Number.isFinite(t) ? t : d.clock.now());
  if (r.state !== 'empty' && r.state !== 'done') d.log(`digest ${r.digestId}: ${r.state} (${r.entries} events, ${r.throttled} throttled)`);
};

/** Info events are batched: the digest runs every 5 minutes and reads `digestMinutes` from the console. */
export const notificationDigest = onSchedule({ ...tradingFunctionOptions, schedule: '*/5 * * * *', timeZone: 'UTC', retryCount: 0, secrets: [sendgridApiKey], timeoutSeconds: 300 }, handleDigest);
