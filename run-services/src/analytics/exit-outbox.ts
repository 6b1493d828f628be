import type { ExitRequested } from '@cascade/core';

interface PendingExit {
  readonly msg: ExitRequested;
  /** Wall ms of the last successful publish; null while it never went out. */
  publishedAt: number | null;
}

export interface ExitOutboxPorts {
  readonly publish: (m: ExitRequested) => Promise<void>;
  /** Wall clock. */
  readonly now: () => number;
  readonly log: (line: string) => void;
}

/**
 * Every exit the monitor asks for, kept until the position is confirmed closed (issue 11, defect 3):
 * an exit whose publish failed is published again on the next `retry`, never dropped with the batch
 * it came from; one published but whose position is still open `republishMs` later is published again
 * (same event id, so `executeExit`'s closing order — keyed by the position — stays one order). The
 * position leaves the outbox on `position.closed`, or when `active_positions` no longer holds it.
 * A crash loses the outbox, not the position: the restarted service re-reads `active_positions`.
 */
export class ExitOutbox {
  private readonly pending = new Map<string, PendingExit>();
  publishErrors = 0;
  republished = 0;

  constructor(
    private readonly ports: ExitOutboxPorts,
    private readonly republishMs: number,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  has(positionId: string): boolean {
    return this.pending.has(positionId);
  }

  /** Keeps the exit and publishes it; false when the publish failed (it stays, for `retry`). */
  async request(m: ExitRequested): Promise<boolean> {
    const p = this.pending.get(m.payload.positionId) ?? { msg: m, publishedAt: null };
    this.pending.set(m.payload.positionId, p);
    return this.send(p);
  }

  /** The position is closed (or gone): nothing more to ask for. */
  confirm(positionId: string): void {
    this.pending.delete(positionId);
  }

  /**
   * Publishes what never went out; with `open` (the ids `active_positions` holds now), drops exits
   * whose position is gone and publishes again those still open `republishMs` after the last publish.
   */
  async retry(open?: ReadonlySet<string>): Promise<void> {
    const now = this.ports.now();
    for (const [id, p] of [...this.pending]) {
      if (open && !open.has(id)) {
        this.pending.delete(id);
        continue;
      }
      if (p.publishedAt === null) await this.send(p);
      else if (open && now - p.publishedAt >= this.republishMs) {
        this.ports.log(`exit ${id} still open ${Math.round((now - p.publishedAt) / 1000)} s after it was requested: asking again`);
        if (await this.send(p)) this.republished += 1;
      }
    }
  }

  private async send(p: PendingExit): Promise<boolean> {
    try {
      await this.ports.publish(p.msg);
      p.publishedAt = this.ports.now();
      return true;
    } catch (e) {
      this.publishErrors += 1;
      this.ports.log(`exit ${p.msg.payload.positionId} not published (kept, retried): ${(e as Error).message}`);
      return false;
    }
  }
}
