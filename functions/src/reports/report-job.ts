import { z } from 'zod';
import { DeliveryState, NotificationChannel, defaultStrategyConfig, buildReport, type PeriodReport, headline, type ReportEmail, renderReportEmail, type ReportKind, type ReportPeriod, periodLabel, reportPeriod } from '@cascade/core';
import type { DocumentReference, DocumentSnapshot } from 'firebase-admin/firestore';
import { type Deps, type LeaseClaim, type LeasePolicy, claimLease, readDoc, requireDoc, loadReportSource } from '@cascade/adapters/firestore';
import { NOTIFICATIONS, errText } from '../notify/notification-doc.js';
import type { ReportMail } from './report-mail.js';
import { type ReportSink, type WrittenReport, writeReport } from '@cascade/adapters/storage';

export const REPORTS = 'reports';
/** A send that died holds its claim this long before the next run takes the email over; every claim is an attempt. */
const EMAIL_LEASE: LeasePolicy = { leaseMs: 60_000, countField: 'attempts', countClaims: true };
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

/** What a rerun reads back of `reports/{id}` (written below: both always set). */
const ReportDocRunsSchema = z.object({ createdAt: z.number(), runs: z.number().int().nonnegative().optional() });
/** The rendered email stored on the report's notification record (written by the first claim in `sendOnce`). */
const StoredReportEmailSchema = z.object({ subject: z.string(), text: z.string(), html: z.string(), reportId: z.string().optional() });

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
    const prev = readDoc(ReportDocRunsSchema, await tx.get(ref));
    tx.set(ref, { ...fields, createdAt: prev ? prev.createdAt : now, runs: (prev?.runs ?? 0) + 1 });
  });
}

/** Claim the email's notification record (created claimed by the first run; `initial` is its content). */
function claim(d: Deps, ref: DocumentReference, now: number, initial: (() => Record<string, unknown>) | null): Promise<LeaseClaim> {
  return claimLease(d.db, ref, now, EMAIL_LEASE, initial && (() => ({ ...initial(), createdAt: now })));
}

/** The email as first rendered and stored on its record. */
function storedEmail(snap: DocumentSnapshot): ReportEmail & { readonly reportId: string } {
  const e = requireDoc(StoredReportEmailSchema, snap);
  return { severity: 'info', subject: e.subject, text: e.text, html: e.html, attachments: [], reportId: e.reportId ?? snap.id };
}

async function deliver(d: Deps, ref: DocumentReference, mail: ReportMail | null, email: ReportEmail): Promise<'sent' | 'stored' | 'failed'> {
  if (!mail) {
    await ref.update({ state: DeliveryState.Stored, settledAt: d.clock.now() });
    return 'stored';
  }
  try {
    await mail.send(email);
  } catch (err) {
    await ref.update({ state: DeliveryState.Failed, lastError: errText(err), lastAttemptAt: d.clock.now() });
    d.log(`report email ${ref.id} failed: ${errText(err)}`);
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
  if (c.count === 1) return deliver(d, ref, mail, email);
  const stored = storedEmail(await ref.get());
  return deliver(d, ref, mail, { ...email, subject: stored.subject, text: stored.text, html: stored.html });
}

/** Earlier reports of this kind whose email failed (a SendGrid outage): their next chance is the next run. */
async function resendFailed(d: Deps, kind: ReportKind, current: string, mail: ReportMail): Promise<string[]> {
  const failed = await d.db.collection(NOTIFICATIONS).where('eventType', '==', `report.${kind}`).where('state', '==', DeliveryState.Failed).limit(RESEND_LIMIT).get();
  const out: string[] = [];
  for (const doc of failed.docs) {
    if (doc.id === current) continue;
    // Read before claiming: a record that fails its schema is reported, not left claimed.
    const { reportId, ...email } = storedEmail(doc);
    const c = await claim(d, doc.ref, d.clock.now(), () => ({}));
    if (c.kind !== 'claimed') continue;
    if ((await deliver(d, doc.ref, mail, email)) === 'sent') out.push(reportId);
  }
  return out.sort();
}
