import type { ValueOf, WatchlistEntry } from '@cascade/core';
import { type Deps } from '@cascade/adapters/firestore';
import { deps } from '../runtime/deps.js';
import type { VenueMarkets } from '@cascade/adapters/venues/ccxt';
import { instanceVenueMarkets } from '../runtime/venue-markets.js';
import { HOUR_MS } from '../watchlist-api/watchlist-store.js';
import { topLiquidVenues, updateTopLiquid } from './top-liquid-updater.js';
import { type ExpiringNotifier, announceExpiring, sweepWatchlists } from './watchlist-cleaner.js';

export const JobName = {
  WatchlistCleaner: 'watchlist-cleaner',
  WatchlistExpiryNotice: 'watchlist-expiry-notice',
  TopLiquidUpdater: 'top-liquid-updater',
  DailyReport: 'daily-report',
  WeeklyReport: 'weekly-report',
  DrawdownReset: 'drawdown-reset',
  Reconciliation: 'reconciliation',
  PaperFunding: 'paper-funding',
} as const;
export type JobName = ValueOf<typeof JobName>;

/** One scheduled job as data: Cloud Scheduler (through `onSchedule`) and the local scheduler read the same entry. */
export interface JobSchedule {
  readonly name: JobName;
  /** unix-cron, 5 fields: minute hour day-of-month month day-of-week. */
  readonly schedule: string;
  readonly timeZone: 'UTC';
  /** The exported function name (`index.ts` re-exports `./jobs/scheduled.js`). */
  readonly exportName: string;
  readonly description: string;
  readonly timeoutSeconds?: number;
  readonly memory?: '256MiB' | '512MiB' | '1GiB';
  /** The job sends email: bind the SendGrid key (secrets are bound per function at deploy). */
  readonly sendsMail?: boolean;
}

export const jobSchedules: readonly JobSchedule[] = [
  { name: JobName.WatchlistCleaner, schedule: '0 0 * * *', timeZone: 'UTC', exportName: 'watchlistCleaner', description: '§5.3: remove expired manual watchlist entries (00:00 UTC)' },
  { name: JobName.WatchlistExpiryNotice, schedule: '0 * * * *', timeZone: 'UTC', exportName: 'watchlistExpiryNotice', description: '§5.4 watchlist_expiring: entries expiring within the next hour' },
  // Markets of several venues are downloaded and held: more time and memory than the default.
  { name: JobName.TopLiquidUpdater, schedule: '0 0 * * *', timeZone: 'UTC', exportName: 'topLiquidUpdater', description: '§5.3: refresh the top-15 liquid pairs per venue (daily 00:00 UTC)', timeoutSeconds: 300, memory: '1GiB' },
  { name: JobName.DailyReport, schedule: '5 0 * * *', timeZone: 'UTC', exportName: 'dailyReport', description: 'daily performance report (00:05 UTC)', timeoutSeconds: 300, memory: '512MiB', sendsMail: true },
  { name: JobName.WeeklyReport, schedule: '10 0 * * 1', timeZone: 'UTC', exportName: 'weeklyReport', description: 'weekly performance report (Monday 00:10 UTC)', timeoutSeconds: 300, memory: '512MiB', sendsMail: true },
  { name: JobName.DrawdownReset, schedule: '0 0 * * *', timeZone: 'UTC', exportName: 'drawdownReset', description: '§2.7 daily drawdown and circuit-breaker reset (midnight UTC)' },
  { name: JobName.PaperFunding, schedule: '0 0,8,16 * * *', timeZone: 'UTC', exportName: 'paperFunding', description: 'perpetual funding on open paper positions (Binance USDⓈ-M times: 00:00, 08:00, 16:00 UTC)' },
  { name: JobName.Reconciliation, schedule: '*/5 * * * *', timeZone: 'UTC', exportName: 'reconciliation', description: 'positions and orders against the venues (every 5 minutes)', timeoutSeconds: 120 },
];

export function jobSchedule(name: JobName): JobSchedule {
  const s = jobSchedules.find((j) => j.name === name);
  if (!s) throw new Error(`no schedule for job ${name}`);
  return s;
}

export function isJobName(name: string): name is JobName {
  return jobSchedules.some((j) => j.name === name);
}

/** What a handler gets: the function deps, the venue markets and the instant the run was scheduled for. */
export interface JobContext extends Deps {
  readonly job: JobName;
  /** UTC ms of the schedule tick (Cloud Scheduler's X-CloudScheduler-ScheduleTime). */
  readonly scheduledTime: number;
  readonly markets: VenueMarkets;
}

export type JobHandler = (ctx: JobContext) => Promise<void>;

export class JobNotRegisteredError extends Error {
  override readonly name = 'JobNotRegisteredError';
}

let expiringNotifier: ExpiringNotifier | null = null;

/** Where `watchlist_expiring` notices go (an event, an email); until set they are logged and recorded. */
export function setWatchlistExpiringNotifier(fn: ExpiringNotifier): void {
  expiringNotifier = fn;
}

async function notifyExpiring(ctx: JobContext, entries: readonly WatchlistEntry[]): Promise<void> {
  const fresh = await announceExpiring(ctx.db, entries, ctx.clock.now(), async (list) => {
    for (const e of list) ctx.log(`watchlist_expiring: ${e.exchange} ${e.marketType} ${e.symbol} expires ${new Date(e.expiresAt ?? 0).toISOString()}`);
    if (expiringNotifier) await expiringNotifier(list);
  });
  if (fresh.length > 0) ctx.log(`${ctx.job}: ${fresh.length} watchlist_expiring notice(s)`);
}

const builtIn: Partial<Record<JobName, JobHandler>> = {
  [JobName.WatchlistCleaner]: async (ctx) => {
    const r = await sweepWatchlists(ctx.db, ctx.clock.now(), { remove: true, expiringWithinMs: HOUR_MS });
    ctx.log(`${ctx.job}: removed ${r.removed.length} expired entr${r.removed.length === 1 ? 'y' : 'ies'} (${r.removed.map((e) => `${e.exchange}_${e.marketType}/${e.symbol}`).join(', ') || 'none'}); ${r.raced} renewed meanwhile; ${r.invalid.length} invalid`);
    for (const p of r.invalid) ctx.log(`${ctx.job}: ${p} is not a valid watchlist entry; left for the operator`);
    await notifyExpiring(ctx, r.expiring);
  },
  [JobName.WatchlistExpiryNotice]: async (ctx) => {
    const r = await sweepWatchlists(ctx.db, ctx.clock.now(), { remove: false, expiringWithinMs: HOUR_MS });
    await notifyExpiring(ctx, r.expiring);
  },
  [JobName.TopLiquidUpdater]: async (ctx) => {
    const failures: Error[] = [];
    for (const venue of await topLiquidVenues(ctx.db)) {
      try {
        const r = await updateTopLiquid({ db: ctx.db, markets: ctx.markets, now: () => ctx.clock.now() }, venue);
        ctx.log(`${ctx.job}: ${venue.exchange} ${venue.marketType} top ${r.ranked.length}: ${r.ranked.map((m) => m.symbol).join(', ')}; added ${r.added.length}, demoted ${r.demoted.length}`);
      } catch (e) {
        // One venue down must not keep the others stale.
        failures.push(new Error(`${venue.exchange} ${venue.marketType}: ${(e as Error).message}`, { cause: e }));
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${ctx.job}: ${failures.map((f) => f.message).join('; ')}`);
  },
};

const handlers = new Map<JobName, JobHandler>(Object.entries(builtIn) as [JobName, JobHandler][]);

/**
 * Plugs in (or replaces) a job's handler. The report, drawdown-reset and reconciliation jobs are
 * scheduled here and run whatever is registered for them; a run with nothing registered fails loudly.
 */
export function registerJobHandler(name: JobName, fn: JobHandler): void {
  handlers.set(name, fn);
}

export function jobHandler(name: JobName): JobHandler | undefined {
  return handlers.get(name);
}

/** The production context, built per run from the instance's cached clients. */
export async function defaultJobContext(job: JobName, scheduledTime: number): Promise<JobContext> {
  return { ...deps(), job, scheduledTime, markets: instanceVenueMarkets() };
}

/** Runs one job; throws (so the scheduler records a failure) when the handler does or none is registered. */
export async function runJob(name: JobName, scheduledTime: number, context: (job: JobName, t: number) => Promise<JobContext> = defaultJobContext): Promise<void> {
  const handler = handlers.get(name);
  if (!handler) throw new JobNotRegisteredError(`job ${name} has no handler: call registerJobHandler('${name}', fn) where the functions are defined`);
  const ctx = await context(name, scheduledTime);
  const started = Date.now();
  await handler(ctx);
  ctx.log(`${name}: done in ${Date.now() - started} ms (scheduled ${new Date(scheduledTime).toISOString()})`);
}
