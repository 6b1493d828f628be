import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport, dayPeriod } from '@cascade/core';
import { type BucketLike, SIGNED_URL_TTL_MS, localReportSink, reportSinkFor, storageReportSink, writeReport } from './report-writer.js';
import { DAY, SET } from '../../../test/support/report-trades.js';

const report = buildReport({ period: dayPeriod(DAY), trades: SET, startingEquity: {}, defaultStartingEquity: '1000' });
const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'cascade-reports-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** An in-memory bucket with Cloud Storage's MD5 metadata and a recorder of uploads and signings. */
function fakeBucket() {
  const objects = new Map<string, { body: string; contentType: string }>();
  const saves: string[] = [];
  const signed: { name: string; expires: number }[] = [];
  const bucket: BucketLike = {
    name: 'demo.appspot.com',
    file: (name) => ({
      async save(data, o) {
        saves.push(name);
        objects.set(name, { body: data, contentType: o.contentType });
      },
      async getMetadata() {
        const o = objects.get(name);
        if (!o) throw Object.assign(new Error('No such object'), { code: 404 });
        return [{ md5Hash: createHash('md5').update(o.body).digest('base64') }];
      },
      async getSignedUrl(cfg) {
        signed.push({ name, expires: cfg.expires });
        return [`https://storage.example/${name}?sig=1`];
      },
    }),
  };
  return { bucket, objects, saves, signed };
}

describe('local report sink', () => {
  it('writes reports/YYYY/MM/DD/… under its root and leaves identical bytes alone', async () => {
    const root = await tempDir();
    const sink = localReportSink(root);
    const first = await writeReport(report, sink);
    expect(await readdir(join(root, '2024/03/05'))).toEqual(['daily-2024-03-05.csv', 'daily-2024-03-05.html', 'daily-2024-03-05.json']);
    expect(first.html.location).toBe(join(root, '2024/03/05/daily-2024-03-05.html'));
    expect([first.html.changed, first.csv.changed, first.json.changed]).toEqual([true, true, true]);
    const csv = await readFile(first.csv.location, 'utf8');
    expect(first.csv.sha256).toBe(createHash('sha256').update(csv).digest('hex'));
    const mtime = (await stat(first.html.location)).mtimeMs;

    const second = await writeReport(report, sink);
    expect([second.html.changed, second.csv.changed, second.json.changed]).toEqual([false, false, false]);
    expect(second.html.sha256).toBe(first.html.sha256);
    expect((await stat(first.html.location)).mtimeMs).toBe(mtime);
    expect(await sink.link('reports/2024/03/05/daily-2024-03-05.html')).toBe(first.html.location);
  });

  it('refuses a key outside reports/', async () => {
    const sink = localReportSink(await tempDir());
    await expect(sink.put({ key: 'reports/../../etc/x', body: '', contentType: 'text/plain' })).rejects.toThrow(/not under reports/);
    await expect(sink.put({ key: 'other/x', body: '', contentType: 'text/plain' })).rejects.toThrow(/not under reports/);
  });
});

describe('Storage report sink', () => {
  it('uploads under reports/YYYY/MM/DD with content types, skips unchanged objects, and signs 7-day links', async () => {
    const f = fakeBucket();
    const sink = storageReportSink(f.bucket, () => 1_000);
    const w = await writeReport(report, sink);
    expect(f.saves).toEqual(['reports/2024/03/05/daily-2024-03-05.json', 'reports/2024/03/05/daily-2024-03-05.csv', 'reports/2024/03/05/daily-2024-03-05.html']);
    expect(w.html.location).toBe('gs://demo.appspot.com/reports/2024/03/05/daily-2024-03-05.html');
    expect(f.objects.get(w.keys.csv)?.contentType).toBe('text/csv; charset=utf-8');
    expect(f.objects.get(w.keys.html)?.contentType).toBe('text/html; charset=utf-8');

    const again = await writeReport(report, sink);
    expect(f.saves).toHaveLength(3);
    expect(again.json.changed).toBe(false);

    expect(await sink.link(w.keys.html)).toBe('https://storage.example/reports/2024/03/05/daily-2024-03-05.html?sig=1');
    expect(f.signed).toEqual([{ name: w.keys.html, expires: 1_000 + SIGNED_URL_TTL_MS }]);
  });
});

describe('reportSinkFor', () => {
  const never = (): BucketLike => {
    throw new Error('Storage must not be touched locally');
  };
  it('writes to CASCADE_REPORTS_DIR when set, ./reports against the emulators, Storage otherwise', async () => {
    const dir = await tempDir();
    const a = reportSinkFor({ reportsDir: dir, emulated: true }, never, () => 0);
    expect(a.kind).toBe('local');
    expect(await a.link('reports/2024/01/02/x.html')).toBe(join(dir, '2024/01/02/x.html'));
    const b = reportSinkFor({ reportsDir: '', emulated: true }, never, () => 0);
    expect(await b.link('reports/2024/01/02/x.html')).toBe(resolve('reports/2024/01/02/x.html'));
    expect(reportSinkFor({ reportsDir: '', emulated: false }, () => fakeBucket().bucket, () => 0).kind).toBe('storage');
  });
});
