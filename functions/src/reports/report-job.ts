import { DeliveryState, NotificationChannel, defaultStrategyConfig, isSettled } from '@cascade/core';
import type { DocumentReference } from 'firebase-admin/firestore';
import type { Deps } from '@cascade/adapters/firestore';
import { buildReport, type PeriodReport } from '@cascade/core';
import { headline } from '@cascade/core';
import { type ReportEmail, renderReportEmail } from '@cascade/core';
import type { ReportMail } from './report-mail.js';
import { type ReportKind, type ReportPeriod, periodLabel, reportPeriod } from '@cascade/core';
import { loadReportSource } from '@cascade/adapters/firestore';
import { type ReportSink, type WrittenReport, writeReport } from '@cascade/adapters/storage';

export const REPORTS = 'reports';
const NOTIFICATIONS = 'notifications';
/** A send that died holds its claim this long before the next run takes the email over. */
const EMAIL_LEASE_MS = 60_000;
/** Earlier reports whose email failed, resent per run at most. */
const RESEND_LIMIT = 10;

export interface ReportJobDeps extends Deps {
  readonly sink: ReportSink;
  /** Resolved per run; null when there is no mail key or email is off (the email is then stored, not sent). */
  readonly mail: () => Promise<ReportMail | null>;
  /** Realised equity for a quote currency with no paper account (the strategy config's default otherwise). */
  readonly defaultStartingEquity?: string;
}

/** What became of the report's email on this run. */
export type ReportEmailOutcome = 'sent' | 'stored' | 'already_sent' | 'busy' | 'failed';

export interface ReportResult {
  /** `daily-2024-03-05`, also the `reports/{id}` document. */
  readonly id: string;
  readonly kind: ReportKind;
  readonly periodId: string;
  readonly start: number;
  readonly end: number;
  readonly trades: number;
  /** Where the files are: `gs://bucket/key` or absolute paths. */
  readonly files: { readonly html: string; readonly csv: string; readonly json: string };
  /** False when every file already held these bytes (a rerun with nothing new). */
  readonly changed: boolean;
  readonly email: ReportEmailOutcome;
  /** Earlier reports of this kind whose failed email went out on this run. */
  readonly resent: readonly string[];
  /** Per quote currency: trades, net P&L, win rate… (as in the reports document). */
  readonly currencies: readonly Record<string, string | number | null>[];
  readonly skipped: number;
}

/**
 * One report run: the previous UTC day (daily) or ISO week (weekly) before `now` → the three files
 * in the sink, the `reports/{id}` document, and one email. Idempotent: a rerun writes the same
 * bytes (or the corrected ones, when a late close arrived), updates the document, and never sends
 * the email twice — the email is claimed in `notifications/report~{id}` like every alert.
 */
export async function runReport(kind: ReportKind, now: number, d: ReportJobDeps): Promise<ReportResult> {
  const period = reportPeriod(kind, now);
  const src = await loadReportSource(d.db, period);
  const report = buildReport({ period, trades: src.trades, startingEquity: src.startingEquity, defaultStartingEquity: d.defaultStartingEquity ?? defaultStrategyConfig.paper.startingEquity, ledger: src.ledger, skipped: src.skipped });
  const written = await writeReport(report, d.sink);
  const notificationId = `report~${period.id}`;
  await upsertReportDoc(d, report, written, notificationId);

  const mail = await d.mail();
  const email = await sendOnce(d, period, notificationId, mail, async () => {
    const links = { html: await d.sink.link(written.keys.html), csv: await d.sink.link(written.keys.csv), json: await d.sink.link(written.keys.json), clickable: d.sink.kind === 'storage' };
    return renderReportEmail(report, links, mail?.attachments ? { filename: written.keys.json.slice(written.keys.json.lastIndexOf('/') + 1), body: written.jsonBody } : null);
  });
  const resent = mail ? await resendFailed(d, kind, notificationId, mail) : [];
  if (report.ledger && !report.ledger.matches) d.log(`${period.id}: the portfolio ledger (${report.ledger.trades} trades, ${report.ledger.realizedPnl}) does not match trade_history (${report.trades.length} trades)`);
  for (const s of report.skipped) d.log(`${period.id}: skipped ${s}`);
  return {
    id: period.id,
    kind,
    periodId: period.periodId,
    start: period.start,
    end: period.end,
    trades: report.trades.length,
    files: { html: written.html.location, csv: written.csv.location, json: written.json.location },
    changed: written.html.changed || written.csv.changed || written.json.changed,
    email,
    resent,
    currencies: headline(report),
    skipped: report.skipped.length,
  };
}

/** One line for the job log. */
export function describeResult(r: ReportResult): string {
  const pnl = r.currencies.map((c) => `${String(c.netPnl)} ${String(c.quote)}`).join(', ') || 'no P&L';
  return `${r.id}: ${r.trades} trade(s), ${pnl}; files ${r.changed ? 'written' : 'unchanged'} (${r.files.html}); email ${r.email}${r.resent.length ? `; resent ${r.resent.join(', ')}` : ''}${r.skipped ? `; ${r.skipped} invalid trade document(s) skipped` : ''}`;
}

async function upsertReportDoc(d: Deps, r: PeriodReport, w: WrittenReport, notificationId: string): Promise<void> {
  const ref = d.db.collection(REPORTS).doc(r.period.id);
  const now = d.clock.now();
  const fields = {
    id: r.period.id,
    kind: r.period.kind,
    periodId: r.period.periodId,
    label: periodLabel(r.period),
    start: r.period.start,
    end: r.period.end,
    storage: w.html.location.startsWith('gs://') ? 'storage' : 'local',
    paths: { html: w.keys.html, csv: w.keys.csv, json: w.keys.json },
    locations: { html: w.html.location, csv: w.csv.location, json: w.json.location },
    sha256: { html: w.html.sha256, csv: w.csv.sha256, json: w.json.sha256 },
    trades: r.trades.length,
    currencies: headline(r),
    ledger: r.ledger,
    skipped: r.skipped.length,
    notificationId,
    updatedAt: now,
  };
  await d.db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    tx.set(ref, { ...fields, createdAt: snap.exists ? (snap.get('createdAt') as number) : now, runs: ((snap.get('runs') as number | undefined) ?? 0) + 1 });
  });
}

type Claim = { kind: 'claimed'; attempts: number } | { kind: 'settled' } | { kind: 'busy' };

/** Claim the email's notification record: settled → nothing to do; held under a fresh lease → busy; else ours. */
async function claim(d: Deps, ref: DocumentReference, now: number, first: () => Record<string, unknown>): Promise<Claim> {
  return d.db.runTransaction(async (tx): Promise<Claim> => {
    const snap = await tx.get(ref);
    if (!snap.exists) {
      tx.create(ref, { ...first(), state: DeliveryState.Pending, claimedAt: now, attempts: 1, createdAt: now });
      return { kind: 'claimed', attempts: 1 };
    }
    const state = snap.get('state') as DeliveryState;
    if (isSettled(state)) return { kind: 'settled' };
    if (state === DeliveryState.Pending && now - (snap.get('claimedAt') as number) < EMAIL_LEASE_MS) return { kind: 'busy' };
    const attempts = ((snap.get('attempts') as number | undefined) ?? 0) + 1;
    tx.update(ref, { state: DeliveryState.Pending, claimedAt: now, attempts });
    return { kind: 'claimed', attempts };
  });
}

async function deliver(d: Deps, ref: DocumentReference, mail: ReportMail | null, email: ReportEmail): Promise<'sent' | 'stored' | 'failed'> {
  if (!mail) {
    await ref.update({ state: DeliveryState.Stored, settledAt: d.clock.now() });
    return 'stored';
  }
  try {
    await mail.send(email);
  } catch (err) {
    await ref.update({ state: DeliveryState.Failed, lastError: String((err as Error)?.message ?? err), lastAttemptAt: d.clock.now() });
    d.log(`report email ${ref.id} failed: ${String((err as Error)?.message ?? err)}`);
    return 'failed';
  }
  await ref.update({ state: DeliveryState.Sent, deliveredAt: d.clock.now(), to: mail.to.join(', ') });
  return 'sent';
}

async function sendOnce(d: Deps, p: ReportPeriod, notificationId: string, mail: ReportMail | null, render: () => Promise<ReportEmail>): Promise<ReportEmailOutcome> {
  const ref = d.db.collection(NOTIFICATIONS).doc(notificationId);
  // Rendered before the claim (signed links take a call); only the first claim stores it.
  const email = await render();
  const c = await claim(d, ref, d.clock.now(), () => ({
    eventId: notificationId,
    eventType: `report.${p.kind}`,
    reportId: p.id,
    channel: NotificationChannel.Email,
    severity: email.severity,
    route: 'immediate',
    subject: email.subject,
    text: email.text,
    html: email.html,
    to: mail ? mail.to.join(', ') : null,
    occurredAt: p.end,
  }));
  if (c.kind === 'settled') return 'already_sent';
  if (c.kind === 'busy') return 'busy';
  // A retry sends the email as first rendered, so its links are the ones the record shows.
  if (c.attempts === 1) return deliver(d, ref, mail, email);
  const snap = await ref.get();
  return deliver(d, ref, mail, { ...email, subject: snap.get('subject') as string, text: snap.get('text') as string, html: snap.get('html') as string });
}

/** Earlier reports of this kind whose email failed (a SendGrid outage): their next chance is the next run. */
async function resendFailed(d: Deps, kind: ReportKind, current: string, mail: ReportMail): Promise<string[]> {
  const failed = await d.db.collection(NOTIFICATIONS).where('eventType', '==', `report.${kind}`).where('state', '==', DeliveryState.Failed).limit(RESEND_LIMIT).get();
  const out: string[] = [];
  for (const doc of failed.docs) {
    if (doc.id === current) continue;
    const c = await claim(d, doc.ref, d.clock.now(), () => ({}));
    if (c.kind !== 'claimed') continue;
    const email: ReportEmail = { severity: 'info', subject: doc.get('subject') as string, text: doc.get('text') as string, html: doc.get('html') as string, attachments: [] };
    if ((await deliver(d, doc.ref, mail, email)) === 'sent') out.push(String(doc.get('reportId') ?? doc.id));
  }
  return out.sort();
}
