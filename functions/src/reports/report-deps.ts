import { getApps } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';
import { type Deps, deps } from '@cascade/adapters/firestore';
import type { ReportJobDeps } from './report-job.js';
import { alertMailForReports } from './report-mail.js';
import { type BucketLike, reportSinkFromEnv } from '@cascade/adapters/storage';

/**
 * The production wiring: the instance's Firestore and clock, the sink chosen from the environment
 * (Storage's default bucket in the cloud; `./reports` or CASCADE_REPORTS_DIR locally) and the alert
 * mailer with the console's recipients.
 */
export function defaultReportJobDeps(base: Deps = deps(), env: Readonly<Record<string, string | undefined>> = process.env): ReportJobDeps {
  const bucket = (): BucketLike => getStorage(getApps()[0]).bucket();
  return { ...base, sink: reportSinkFromEnv(env, bucket, () => base.clock.now()), mail: () => alertMailForReports(base) };
}
