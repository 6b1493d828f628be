import type { Firestore } from 'firebase-admin/firestore';
import { type FunnelDoc, FunnelDocSchema, type PositionMark, PositionMarkSchema, StatusCollection, statusDocId } from '@cascade/core';
import type { AnalyticsEngine } from './engine.js';

/** gRPC NOT_FOUND: the position closed between the read of the monitor and the write. */
const NOT_FOUND = 5;

/**
 * The dashboard's live figures (issue 13 item 3), from what analytics already holds: each open
 * position's mark and trailing stop (`active_positions/{id}.mark`) and each market's level funnel
 * (`funnels/{id}`). Written only when changed and at most once per `everyMs`: one write per open
 * position per second at most, a handful of documents whatever the trade rate.
 */
export class DashboardStatus {
  private readonly lastMark = new Map<string, string>();
  private readonly lastFunnel = new Map<string, string>();

  constructor(
    private readonly db: Firestore,
    private readonly engine: AnalyticsEngine,
    private readonly now: () => number,
  ) {}

  async flush(): Promise<void> {
    const at = this.now();
    const seen = new Set<string>();
    const writes: Promise<unknown>[] = [];
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
    for (const [market, summary] of Object.entries(this.engine.funnelSummaries())) {
      const stages = Object.entries(summary).map(([level, s]) => ({ level, evaluated: s.evaluated, passed: s.passed, stopped: s.stopped, reasons: s.reasons }));
      const key = JSON.stringify(stages);
      if (this.lastFunnel.get(market) === key) continue;
      this.lastFunnel.set(market, key);
      const doc: FunnelDoc = FunnelDocSchema.parse({ market, updatedAt: at, stages });
      writes.push(this.db.collection(StatusCollection.Funnels).doc(statusDocId(market)).set(doc));
    }
    await Promise.all(writes);
  }

  /** Flushes every `everyMs` until the returned stop is called; a failed flush is logged and retried next time. */
  start(everyMs: number, log: (line: string) => void): () => void {
    let running = false;
    const t = setInterval(() => {
      if (running) return;
      running = true;
      this.flush()
        .catch((e: unknown) => {
          // Forget what was written so the next flush writes everything again.
          this.lastMark.clear();
          this.lastFunnel.clear();
          log(`analytics: dashboard status not written (next flush retries): ${(e as Error).message}`);
        })
        .finally(() => {
          running = false;
        });
    }, everyMs);
    t.unref();
    return () => clearInterval(t);
  }
}
