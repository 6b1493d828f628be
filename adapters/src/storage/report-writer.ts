import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type PeriodReport, renderPeriodReportHtml, reportCsv, reportJson, type ReportKeys, reportKeys } from '@cascade/core';

export interface ReportFile {
  /** `reports/YYYY/MM/DD/<name>`: the Storage object name, and the path under the local reports folder. */
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

export interface StoredFile {
  readonly key: string;
  /** `gs://bucket/key` or an absolute file path. */
  readonly location: string;
  /** Hex SHA-256 of the UTF-8 body. */
  readonly sha256: string;
  /** False when the same bytes were already there (a rerun). */
  readonly changed: boolean;
}

/** Where report files go: Firebase Storage in the cloud, a folder on local disk. */
export interface ReportSink {
  readonly kind: 'storage' | 'local';
  put(file: ReportFile): Promise<StoredFile>;
  /** What a person opens: a signed URL (Storage) or the absolute file path (local). */
  link(key: string): Promise<string>;
}

const sha256 = (body: string): string => createHash('sha256').update(body, 'utf8').digest('hex');
const md5b64 = (body: string): string => createHash('md5').update(body, 'utf8').digest('base64');
const PREFIX = 'reports/';

/**
 * Files under `root` (the local stand-in for the bucket's `reports/` folder): key
 * `reports/2024/03/05/daily-2024-03-05.html` → `<root>/2024/03/05/daily-2024-03-05.html`. Written to a
 * temporary name and renamed, so a reader never sees half a report; left alone when unchanged.
 */
export function localReportSink(root: string): ReportSink {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!key.startsWith(PREFIX) || key.includes('..')) throw new Error(`report key ${key} is not under ${PREFIX}`);
    return join(base, key.slice(PREFIX.length));
  };
  return {
    kind: 'local',
    async put(f) {
      const path = pathOf(f.key);
      const digest = sha256(f.body);
      const old = await readFile(path, 'utf8').catch(() => null);
      if (old !== null && sha256(old) === digest) return { key: f.key, location: path, sha256: digest, changed: false };
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, f.body, 'utf8');
      await rename(tmp, path);
      return { key: f.key, location: path, sha256: digest, changed: true };
    },
    link: async (key) => pathOf(key),
  };
}

/** What the Storage sink uses of `@google-cloud/storage`'s Bucket (firebase-admin/storage), so tests can fake it. */
export interface BucketLike {
  readonly name: string;
  file(name: string): {
    save(data: string, options: { contentType: string; resumable: boolean; metadata: { cacheControl: string } }): Promise<void>;
    getMetadata(): Promise<[{ md5Hash?: string | undefined }, ...unknown[]]>;
    getSignedUrl(cfg: { version: 'v4'; action: 'read'; expires: number }): Promise<[string]>;
  };
}

/** V4 signed URLs live at most 7 days. */
export const SIGNED_URL_TTL_MS = 7 * 86_400_000;

/**
 * Objects in a Cloud Storage bucket (the project's default Firebase bucket). An object already
 * holding the same bytes (its MD5) is not uploaded again. Links are V4 signed URLs valid for 7 days;
 * signing needs the functions' service account to hold iam.serviceAccounts.signBlob on itself.
 */
export function storageReportSink(bucket: BucketLike, now: () => number): ReportSink {
  return {
    kind: 'storage',
    async put(f) {
      const file = bucket.file(f.key);
      const digest = sha256(f.body);
      const location = `gs://${bucket.name}/${f.key}`;
      const existing = await file.getMetadata().then(([m]) => m.md5Hash ?? null, (e: unknown) => {
        if ((e as { code?: unknown }).code === 404) return null;
        throw e;
      });
      if (existing === md5b64(f.body)) return { key: f.key, location, sha256: digest, changed: false };
      await file.save(f.body, { contentType: f.contentType, resumable: false, metadata: { cacheControl: 'private, max-age=300' } });
      return { key: f.key, location, sha256: digest, changed: true };
    },
    async link(key) {
      const [url] = await bucket.file(key).getSignedUrl({ version: 'v4', action: 'read', expires: now() + SIGNED_URL_TTL_MS });
      return url;
    },
  };
}

/** What picks the sink, from the process's declared configuration. */
export interface ReportSinkOptions {
  /** `CASCADE_REPORTS_DIR`: a local folder ('' for none). */
  readonly reportsDir: string;
  /** Running against the emulators. */
  readonly emulated: boolean;
}

/**
 * Which sink this process writes to: `reportsDir` when set; `./reports` (under the working
 * directory) when running against the emulators; otherwise Firebase Storage (`storage()` is only
 * called then, so local runs never touch Google credentials).
 */
export function reportSinkFor(opts: ReportSinkOptions, storage: () => BucketLike, now: () => number): ReportSink {
  if (opts.reportsDir) return localReportSink(opts.reportsDir);
  if (opts.emulated) return localReportSink(resolve('reports'));
  return storageReportSink(storage(), now);
}

export interface WrittenReport {
  readonly keys: ReportKeys;
  readonly html: StoredFile;
  readonly csv: StoredFile;
  readonly json: StoredFile;
  /** The summary file's text (the email attaches it). */
  readonly jsonBody: string;
}

/** Render the three files of a report and put them in the sink (JSON and CSV first: the page names them). */
export async function writeReport(r: PeriodReport, sink: ReportSink): Promise<WrittenReport> {
  const keys = reportKeys(r.period);
  const name = (k: string): string => k.slice(k.lastIndexOf('/') + 1);
  const jsonBody = reportJson(r);
  const json = await sink.put({ key: keys.json, body: jsonBody, contentType: 'application/json; charset=utf-8' });
  const csv = await sink.put({ key: keys.csv, body: reportCsv(r), contentType: 'text/csv; charset=utf-8' });
  const html = await sink.put({ key: keys.html, body: renderPeriodReportHtml(r, { csv: name(keys.csv), json: name(keys.json) }), contentType: 'text/html; charset=utf-8' });
  return { keys, html, csv, json, jsonBody };
}
