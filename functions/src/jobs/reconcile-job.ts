import type { VenuePort } from '@cascade/core';
import type { Deps } from '@cascade/adapters/firestore';
import { type ReconcileOptions, type ReconcileReport, reconcile } from '@cascade/adapters/execution';

/**
 * The reconciliation job (every 5 minutes, `JobName.Reconciliation`; also run once at start before
 * trading): every live venue reconciled in turn, so one venue down does not leave the others
 * unchecked. Throws after all have run when any failed, so the scheduler records the failure; the
 * failures themselves were already alerted (`system.error`, component `reconciliation`).
 */
export function reconciliationJob(d: Deps, venues: () => readonly VenuePort[] | Promise<readonly VenuePort[]>, opts: (venue: VenuePort) => ReconcileOptions = () => ({})): (now: number) => Promise<void> {
  return async (now) => {
    const reports: ReconcileReport[] = [];
    for (const v of await venues()) reports.push(await reconcile(d, v, now, opts(v)));
    const failed = reports.filter((r) => r.failures.length > 0);
    if (failed.length > 0) throw new Error(`reconciliation failed on ${failed.map((r) => `${r.venue} (${r.failures.join('; ')})`).join(', ')}`);
  };
}
