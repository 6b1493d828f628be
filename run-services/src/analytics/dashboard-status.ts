import type { Firestore } from 'firebase-admin/firestore';
import { type FunnelDoc, FunnelDocSchema, type PositionMark, PositionMarkSchema, StatusCollection, statusDocId } from '@cascade/core';
import type { AnalyticsEngine } from './engine.js';
import { StatusCadence, type StatusPeriods } from './status-cadence.js';

/** gRPC NOT_FOUND: the position closed between the read of the monitor and the write. */
const NOT_FOUND = 5;

/**
 * The dashboard's live figures (issue 13 item 3), from what analytics already holds: each open
 * position's mark and trailing stop (`active_positions/{id}.mark`) and each market's level funnel
 * (`funnels/{id}`). Written only when changed, each kind at most once per its own period
 * (`StatusCadence`): marks once a second (a few open positions), funnels every 30 s by default,
 * because a busy market's funnel changes on every evaluation, and at once a second 15 markets cost
 * ~1.3 M billed writes a day, twenty times the rest of the service's Firestore bill.
 */
export class DashboardStatus {
  private readonly lastMark = new Map<string, string>();
  private readonly lastFunnel = new Map<string, string>();

  constructor(
    private readonly db: Firestore,
    private readonly engine: AnalyticsEngine,
    private readonly now: () => number,
  ) {}

  /** Writes what changed of the kinds asked for (both by default). */
  async flush(what: { marks: boolean; funnels: boolean } = { marks: true, funnels: true }): Promise<void> {
    const at = this.now();
    const writes: Promise<unknown>[] = [];
    if (what.marks) this.writeMarks(at, writes);
    if (what.funnels) this.writeFunnels(at, writes);
    await Promise.all(writes);
  }

  private writeMarks(at: number, writes: Promise<unknown>[]): void {
    const seen = new Set<string>();
    for (const m of this.engine.monitor.marks()) {
      seen.add(m.positionId);
      const mark: PositionMark = PositionMarkSchema.parse({ price: m.price, trailStop: Number.isFinite(m.stop) ? m.stop : null, at });
      const key = `${mark.price}|${mark.trailStop}`;
      if (this.lastMark.get(m.positionId) === key) continue;
      this.lastMark.set(m.positionId, key);
      // update(), not set(): a position closed meanwhile must not come back as a stub.
      writes.push(this.db.doc(`active_positions/${m.positionId}`).update({ mark }).catch((e: { code?: number }) => {
        if (e.code !== NOT_FOUND) throw e;
      }));
    }
    for (const id of this.lastMark.keys()) if (!seen.has(id)) this.lastMark.delete(id);
  }

  private writeFunnels(at: number, writes: Promise<unknown>[]): void {
    for (const [market, summary] of Object.entries(this.engine.funnelSummaries())) {
      const stages = Object.entries(summary).map(([level, s]) => ({ level, evaluated: s.evaluated, passed: s.passed, stopped: s.stopped, reasons: s.reasons }));
      const key = JSON.stringify(stages);
      if (this.lastFunnel.get(market) === key) continue;
      this.lastFunnel.set(market, key);
      const doc: FunnelDoc = FunnelDocSchema.parse({ market, updatedAt: at, stages });
      writes.push(this.db.collection(StatusCollection.Funnels).doc(statusDocId(market)).set(doc));
    }
  }

  /** Flushes on `periods` (see StatusCadence) until the returned stop is called; a failed flush is logged and retried next time. */
  start(periods: StatusPeriods, log: (line: string) => void): () => void {
    const cadence = new StatusCadence(periods);
    if (cadence.tickMs === null) return () => undefined;
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      const what = cadence.due(this.now());
      if (!what.marks && !what.funnels) return;
      running = true;
      this.flush(what)
        .catch((e: unknown) => {
          // Forget what was written so the next flush writes everything again.
          this.lastMark.clear();
          this.lastFunnel.clear();
          log(`analytics: dashboard status not written (next flush retries): ${(e as Error).message}`);
        })
        .finally(() => {
          running = false;
        });
    }, cadence.tickMs);
    t.unref();
    return () => clearInterval(t);
  }
}
