import type { Firestore } from 'firebase-admin/firestore';
import type { MonitoredPosition, PositionMonitor } from '@cascade/core';
import { holdsExchangeStop, readMonitoredPositionDoc } from '@cascade/adapters/firestore';
import { monitoredPositionOf } from './monitored-position.js';

/**
 * Every open position in `active_positions` as the exit monitor tracks it. A document that fails its
 * schema is named in the log and skipped (the others are still watched); reconciliation and the
 * console own fixing it.
 */
export async function readOpenPositions(db: Firestore, log: (line: string) => void): Promise<MonitoredPosition[]> {
  const snap = await db.collection('active_positions').get();
  const out: MonitoredPosition[] = [];
  for (const doc of snap.docs) {
    try {
      const p = readMonitoredPositionDoc(doc);
      if (p) out.push(monitoredPositionOf({ ...p, positionId: doc.id, exchangeStop: holdsExchangeStop(p) }));
    } catch (e) {
      log(`analytics: not watching active_positions/${doc.id}: ${(e as Error).message}`);
    }
  }
  return out;
}

/**
 * The exit monitor's memory is rebuilt from `active_positions` (issue 11, defect 3): at start, before
 * the first batch, and then on a schedule, so a restarted or redeployed service — or one that missed a
 * `position.opened` — watches every open position. `track` ignores positions it already watches and
 * those it has exited, so a sync never doubles an exit. `owns` filters to this instance's shard.
 * Returns the ids that are open now (for the exit outbox).
 */
export async function syncMonitoredPositions(
  read: () => Promise<readonly MonitoredPosition[]>,
  monitor: Pick<PositionMonitor, 'track' | 'size'>,
  owns: (symbol: string) => boolean,
  log: (line: string) => void,
): Promise<Set<string>> {
  const open = await read();
  const before = monitor.size;
  for (const p of open) if (owns(p.symbol)) monitor.track(p);
  const added = monitor.size - before;
  if (added > 0) log(`analytics: watching ${added} open position${added === 1 ? '' : 's'} read from active_positions`);
  return new Set(open.map((p) => p.positionId));
}
