import { getApps } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';
import { type Deps } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import type { ReportJobDeps } from './report-job.js';
import { alertMailForReports } from './report-mail.js';
import { type BucketLike, type ReportSinkOptions, reportSinkFor } from '@cascade/adapters/storage';
import { reportsDir } from '../runtime/params.js';
import { emulated, platformEnv } from '../runtime/platform-env.js';

/**
 * The production wiring: the instance's Firestore and clock, the sink chosen from the environment
 * (Storage's default bucket in the cloud; `./reports` or CASCADE_REPORTS_DIR locally) and the alert
 * mailer with the console's recipients.
 */
export function defaultReportJobDeps(base: Deps = deps(), sinkOptions: ReportSinkOptions = { reportsDir: reportsDir.value(), emulated: emulated(platformEnv()) }): ReportJobDeps {
  const bucket = (): BucketLike => getStorage(getApps()[0]).bucket();
  return { ...base, sink: reportSinkFor(sinkOptions, bucket, () => base.clock.now()), mail: () => alertMailForReports(base) };
}
