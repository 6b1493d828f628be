import type { Firestore } from 'firebase-admin/firestore';
import { type ShardClaim, claimShardLease, releaseShardLease } from '@cascade/adapters/firestore';
import { sleep, systemClock } from '@cascade/adapters/clock';

export interface ShardLeaseOptions {
  readonly db: Firestore;
  readonly shard: string;
  /** This process: unique per start (a restarted process is a new holder). */
  readonly instanceId: string;
  /** A lease lapses this long after its last renewal; renewed every third of it. */
  readonly leaseMs: number;
  readonly log: (line: string) => void;
}

/**
 * One owner per analytics shard (issue 11, defect 11). Two instances on one shard would split its
 * ordered trades between them and each watch positions whose trades it never sees; so an instance
 * consumes nothing until it holds `analytics_leases/{shard}`, renews it every `leaseMs / 3`, and a
 * second instance stands by, taking the shard over once the lease lapses (its holder died or hung).
 * The lease's fencing token rides on every exit request; an instance that finds the lease taken by
 * another stops at once (`onLost`): its requests would be refused anyway.
 */
export class ShardLease {
  token: number | null = null;
  role: 'standby' | 'active' | 'lost' = 'standby';
  heldBy: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly o: ShardLeaseOptions) {}

  /**
   * Waits (standing by) until this instance holds the shard; returns the tenure's token. `onStandby`
   * runs once if the shard is found held by another (the instance must still answer health checks).
   */
  async acquire(onStandby?: () => Promise<unknown>): Promise<number> {
    let said = false;
    for (;;) {
      const c = await this.claim();
      if (c?.kind === 'held') {
        this.token = c.token;
        this.role = 'active';
        this.heldBy = this.o.instanceId;
        this.o.log(`analytics: holding shard ${this.o.shard} (fencing token ${c.token})`);
        return c.token;
      }
      if (c?.kind === 'busy') {
        this.heldBy = c.holder;
        if (!said) {
          this.o.log(`analytics: shard ${this.o.shard} is held by ${c.holder} (token ${c.token}); standing by until its lease lapses`);
          said = true;
          await onStandby?.();
        }
      }
      await sleep(Math.max(50, Math.floor(this.o.leaseMs / 3)));
    }
  }

  /** Renews every third of the lease; `onLost` once another instance holds it. */
  keep(onLost: (by: string) => void): void {
    this.timer = setInterval(() => {
      void this.claim().then((c) => {
        if (c?.kind !== 'busy' || this.role === 'lost') return;
        this.role = 'lost';
        this.heldBy = c.holder;
        this.stop();
        onLost(c.holder);
      });
    }, Math.max(50, Math.floor(this.o.leaseMs / 3)));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Graceful stop: renewals end and the lease lapses now, so a standby takes over without waiting `leaseMs`. */
  async release(): Promise<void> {
    this.stop();
    if (this.role !== 'active') return;
    this.role = 'lost';
    if (await releaseShardLease(this.o.db, this.o.shard, this.o.instanceId)) this.o.log(`analytics: released shard ${this.o.shard}`);
  }

  /** The fence an exit request carries. */
  fence(): { shard: string; token: number } | undefined {
    return this.token === null ? undefined : { shard: this.o.shard, token: this.token };
  }

  private async claim(): Promise<ShardClaim | null> {
    try {
      return await claimShardLease(this.o.db, this.o.shard, this.o.instanceId, systemClock.now(), this.o.leaseMs);
    } catch (e) {
      // A Firestore blip: the lease holds for leaseMs, the next renewal tries again.
      this.o.log(`analytics: shard lease ${this.o.shard}: ${(e as Error).message}`);
      return null;
    }
  }
}
