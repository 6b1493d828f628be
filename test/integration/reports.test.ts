import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PubSub } from '@google-cloud/pubsub';
import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { ManualClock } from '@cascade/core';
import { BusPublisher } from '@cascade/adapters/pubsub';
import type { Deps } from '../../adapters/src/firestore/deps.js';
import { mailerFromParams } from '../../functions/src/notify/alert-ports.js';
import { resetNotificationSettingsCache } from '../../functions/src/notify/settings.js';
import { runDailyReport } from '../../functions/src/reports/daily-report-job.js';
import { runWeeklyReport } from '../../functions/src/reports/weekly-report-job.js';
import { defaultReportJobDeps } from '../../functions/src/reports/report-deps.js';
import type { ReportJobDeps } from '../../functions/src/reports/report-job.js';
import { alertMailForReports } from '../../functions/src/reports/report-mail.js';
import { uniqueProjectId } from '../support/stack-harness.js';

interface SentMail {
  subject: string;
  to: string[];
  text: string;
}

/** SendGrid v3 `POST /v3/mail/send` on a local port (202, empty body); `status` decides each answer. */
function fakeSendGrid(status: () => number): Promise<{ server: Server; url: string; received: SentMail[] }> {
  const received: SentMail[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const s = status();
      if (s === 202) {
        const b = JSON.parse(data) as { subject: string; personalizations: { to: { email: string }[] }[]; content: { type: string; value: string }[] };
        received.push({ subject: b.subject, to: b.personalizations[0]?.to.map((t) => t.email) ?? [], text: b.content.find((c) => c.type === 'text/plain')?.value ?? '' });
      }
      res.writeHead(s, { 'content-type': 'application/json' }).end(s === 202 ? '' : JSON.stringify({ errors: [{ message: 'Internal error', field: null }] }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received })));
}

const at = (iso: string): number => Date.parse(iso);
const M = 60_000;

/** A trade_history document as writeClose (adapters/src/firestore/paper-ledger.ts) writes it. */
function closed(positionId: string, closedAtIso: string, pnl: string, o: { exchange?: string; symbol?: string; fees?: string } = {}) {
  const closedAt = at(closedAtIso);
  return {
    positionId, symbol: o.symbol ?? 'BTC/USDT', exchange: o.exchange ?? 'binance', side: 'long', entryPrice: '100', exitPrice: '101', amount: '10', fees: o.fees ?? '1', pnl,
    pnlPct: Number(pnl) / 10, reason: 'trailing_stop', openedAt: closedAt - 30 * M, closedAt, quote: 'USDT', signalId: `sig-${positionId}`, entryOrderId: positionId, exitOrderId: `cx-exit-${positionId}`, createdAt: closedAt,
  };
}

/**
 * Two days around Tuesday 2024-03-05 and the edges of ISO week 2024-W10 (Mon 03-04 … Sun 03-10):
 *   wk0 Sun 03-03 23:59:59.999 +100  (week before)
 *   p0  Mon 03-04 23:59:59.999   −7
 *   p1–p4 Tue 03-05: +10, −5, +20 (bybit), −10   → day total 15, fees 1 + 1 + 2 + 1 = 5
 *   p5  Wed 03-06 00:00 +3, p7 Wed 03-06 12:00 +4.5
 *   wk1 Sun 03-10 23:59:59.999   +1  (last instant of the week)
 *   wk2 Mon 03-11 00:00        +50  (next week)
 */
const TRADES = [
  closed('wk0', '2024-03-03T23:59:59.999Z', '100'),
  closed('p0', '2024-03-04T23:59:59.999Z', '-7'),
  closed('p1', '2024-03-05T00:30:00.000Z', '10'),
  closed('p2', '2024-03-05T02:00:00.000Z', '-5', { symbol: 'ETH/USDT' }),
  closed('p3', '2024-03-05T03:00:00.000Z', '20', { exchange: 'bybit', fees: '2' }),
  closed('p4', '2024-03-05T04:00:00.000Z', '-10'),
  closed('p5', '2024-03-06T00:00:00.000Z', '3'),
  closed('p7', '2024-03-06T12:00:00.000Z', '4.5'),
  closed('wk1', '2024-03-10T23:59:59.999Z', '1'),
  closed('wk2', '2024-03-11T00:00:00.000Z', '50'),
];

describe('daily and weekly reports on the Firestore emulator, to a local reports folder', () => {
  const projectId = uniqueProjectId('reports');
  let app: App;
  let base: Deps;
  let clock: ManualClock;
  let dir: string;
  let sg: Awaited<ReturnType<typeof fakeSendGrid>>;
  let status = 202;
  let d: ReportJobDeps;

  beforeAll(async () => {
    sg = await fakeSendGrid(() => status);
    process.env.SENDGRID_API_KEY = 'SG.reports-key';
    process.env.SENDGRID_BASE_URL = sg.url;
    process.env.ALERT_EMAIL_TO = 'desk@example.org';
    process.env.ALERT_EMAIL_FROM = 'cascade@example.org';
    resetNotificationSettingsCache();
    dir = await mkdtemp(join(tmpdir(), 'cascade-reports-it-'));
    app = initializeApp({ projectId }, projectId);
    clock = new ManualClock(at('2024-03-06T00:05:00Z'));
    base = { db: getFirestore(app), bus: new BusPublisher(new PubSub({ projectId, apiEndpoint: inject('pubsubHost'), emulatorMode: true })), clock, log: () => undefined };
    // The production wiring, with the sink chosen by the reports folder (CASCADE_REPORTS_DIR) and the real SendGrid client.
    d = { ...defaultReportJobDeps(base, { reportsDir: dir, emulated: true }), mail: () => alertMailForReports(base, mailerFromParams()) };

    const batch = base.db.batch();
    for (const t of TRADES) batch.set(base.db.collection('trade_history').doc(t.positionId), t);
    // Realised equity now: 1000 + 500 + Σ pnl (100 − 7 + 15 + 3 + 4.5 + 1 + 50 = 166.5), split as the venues earned it.
    batch.set(base.db.doc('paper_accounts/binance:USDT'), { currency: 'USDT', startingEquity: '1000', cash: '1146.5', realizedPnl: '146.5', positions: {} });
    batch.set(base.db.doc('paper_accounts/bybit:USDT'), { currency: 'USDT', startingEquity: '500', cash: '520', realizedPnl: '20', positions: {} });
    batch.set(base.db.doc('portfolio/2024-03-05'), { day: '2024-03-05', realizedPnl: '15', fees: '5', trades: 4, wins: 2, updatedAt: 0 });
    await batch.commit();
  });

  afterAll(async () => {
    delete process.env.SENDGRID_API_KEY;
    delete process.env.SENDGRID_BASE_URL;
    sg?.server.close();
    if (app) await deleteApp(app);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const read = (p: string) => readFile(p, 'utf8');

  it('writes the previous UTC day’s HTML, CSV and JSON under YYYY/MM/DD with the right totals', async () => {
    const r = await runDailyReport(clock.now(), d);
    expect(r).toMatchObject({ id: 'daily-2024-03-05', trades: 4, changed: true, email: 'sent', skipped: 0 });
    expect(await readdir(join(dir, '2024/03/05'))).toEqual(['daily-2024-03-05.csv', 'daily-2024-03-05.html', 'daily-2024-03-05.json']);
    expect(r.files.html).toBe(join(dir, '2024/03/05/daily-2024-03-05.html'));

    const json = JSON.parse(await read(r.files.json)) as { trades: number; currencies: { quote: string; summary: Record<string, unknown>; byVenue: { key: string; netPnl: string }[] }[]; ledger: { matches: boolean } };
    expect(json.trades).toBe(4);
    // Starting equity at 00:00 on 03-05: 1500 + 100 − 7 = 1593 (the accounts less every close since then).
    expect(json.currencies[0]?.summary).toMatchObject({ trades: 4, wins: 2, losses: 2, winRate: 50, netPnl: '15', fees: '5', profitFactor: 2, startingEquity: '1593', endingEquity: '1608' });
    expect(json.currencies[0]?.byVenue.map((v) => [v.key, v.netPnl])).toEqual([['bybit', '20'], ['binance', '-5']]);
    expect(json.ledger.matches).toBe(true);
    const csv = (await read(r.files.csv)).trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(await read(r.files.html)).toContain('Cascade daily report 2024-03-05');
  });

  it('records the report in reports/{id} and the email in notifications', async () => {
    const doc = (await base.db.doc('reports/daily-2024-03-05').get()).data();
    expect(doc).toMatchObject({
      kind: 'daily', periodId: '2024-03-05', start: at('2024-03-05T00:00:00Z'), end: at('2024-03-06T00:00:00Z'), storage: 'local', trades: 4, runs: 1,
      paths: { html: 'reports/2024/03/05/daily-2024-03-05.html', csv: 'reports/2024/03/05/daily-2024-03-05.csv', json: 'reports/2024/03/05/daily-2024-03-05.json' },
      notificationId: 'report~daily-2024-03-05',
    });
    expect(doc?.currencies).toEqual([expect.objectContaining({ quote: 'USDT', trades: 4, netPnl: '15', fees: '5', winRate: 50, profitFactor: 2 })]);
    const n = (await base.db.doc('notifications/report~daily-2024-03-05').get()).data();
    expect(n).toMatchObject({ state: 'sent', channel: 'email', eventType: 'report.daily', reportId: 'daily-2024-03-05', attempts: 1, to: 'desk@example.org' });
    expect(sg.received).toHaveLength(1);
    expect(sg.received[0]).toMatchObject({ subject: '[Cascade] Daily report 2024-03-05: 4 trades, +15 USDT', to: ['desk@example.org'] });
    // Locally the email names the file; the real mailer takes no attachments yet, so it links the summary.
    expect(sg.received[0]?.text).toContain(`Report: ${join(dir, '2024/03/05/daily-2024-03-05.html')}`);
  });

  it('is idempotent: a second run writes the same bytes and sends no second email', async () => {
    const files = ['csv', 'html', 'json'].map((x) => join(dir, `2024/03/05/daily-2024-03-05.${x}`));
    const before = await Promise.all(files.map(read));
    clock.advance(10 * M);
    const r = await runDailyReport(at('2024-03-06T00:05:00Z'), d);
    expect(r).toMatchObject({ id: 'daily-2024-03-05', changed: false, email: 'already_sent' });
    expect(await Promise.all(files.map(read))).toEqual(before);
    expect(sg.received).toHaveLength(1);
    expect((await base.db.doc('reports/daily-2024-03-05').get()).get('runs')).toBe(2);
  });

  it('covers Monday 00:00 to Sunday 23:59:59.999 UTC in the weekly report', async () => {
    const r = await runWeeklyReport(at('2024-03-11T00:10:00Z'), d);
    expect(r).toMatchObject({ id: 'weekly-2024-W10', periodId: '2024-W10', start: at('2024-03-04T00:00:00Z'), end: at('2024-03-11T00:00:00Z'), email: 'sent' });
    expect(r.files.html).toBe(join(dir, '2024/03/04/weekly-2024-W10.html'));
    const csv = (await read(r.files.csv)).trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(csv).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p7', 'wk1']);
    // −7 + 15 + 3 + 4.5 + 1 = 16.5 from 1500 + 100 = 1600.
    expect(r.currencies[0]).toMatchObject({ quote: 'USDT', trades: 8, netPnl: '16.5', startingEquity: '1600', endingEquity: '1616.5' });
    expect(sg.received.at(-1)?.subject).toBe('[Cascade] Weekly report 2024-W10: 8 trades, +16.5 USDT');
  });

  it('keeps a failed email for the next run, which sends it once', async () => {
    status = 500;
    const failed = await runDailyReport(at('2024-03-07T00:05:00Z'), d);
    expect(failed).toMatchObject({ id: 'daily-2024-03-06', trades: 2, email: 'failed' });
    expect((await base.db.doc('notifications/report~daily-2024-03-06').get()).get('state')).toBe('failed');
    status = 202;
    const sentBefore = sg.received.length;
    clock.advance(24 * 60 * M);
    const next = await runDailyReport(at('2024-03-08T00:05:00Z'), d);
    expect(next).toMatchObject({ id: 'daily-2024-03-07', trades: 0, email: 'sent', resent: ['daily-2024-03-06'] });
    expect(sg.received.slice(sentBefore).map((m) => m.subject)).toEqual(['[Cascade] Daily report 2024-03-07: 0 trades', '[Cascade] Daily report 2024-03-06: 2 trades, +7.5 USDT']);
    expect((await base.db.doc('notifications/report~daily-2024-03-06').get()).data()).toMatchObject({ state: 'sent', attempts: 2 });
    // And nothing more on a rerun.
    await runDailyReport(at('2024-03-08T00:05:00Z'), d);
    expect(sg.received.length - sentBefore).toBe(2);
  });
});
