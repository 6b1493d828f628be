import { z } from 'zod';

/**
 * The local stand-in for Cloud Scheduler: fires the functions' scheduled jobs on the same unix-cron
 * expressions they are deployed with (read from the jobs host, so the definitions exist once).
 */

const MINUTE_MS = 60_000;

/** A parsed 5-field unix-cron expression (minute hour day-of-month month day-of-week), UTC. */
export interface CronSchedule {
  readonly source: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is folded into 0). */
  readonly daysOfWeek: ReadonlySet<number>;
  /** Day fields written with a leading `*`: cron's rule for combining the two day fields. */
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Value of the first name (months start at 1, days at 0). */
  readonly namesFrom?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 },
];

function parseValue(text: string, f: FieldSpec, expr: string): number {
  const byName = f.names?.indexOf(text.toUpperCase()) ?? -1;
  const v = byName >= 0 ? byName + (f.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(v) || v < f.min || v > f.max) throw new Error(`cron "${expr}": ${f.name} value "${text}" is not in ${f.min}-${f.max}`);
  return v;
}

/** One field: `*`, `n`, `a-b`, any of those with `/step`, comma lists of them. */
function parseField(text: string, f: FieldSpec, expr: string): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new Error(`cron "${expr}": bad ${f.name} item "${item}"`);
    const [, range = '', stepText] = m;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!(step >= 1)) throw new Error(`cron "${expr}": ${f.name} step must be at least 1`);
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [f.min, f.max];
    else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [lo, hi] = [parseValue(a, f, expr), parseValue(b, f, expr)];
      if (lo > hi) throw new Error(`cron "${expr}": ${f.name} range ${range} runs backwards`);
    } else {
      lo = parseValue(range, f, expr);
      // `a/step` means from a to the end of the range.
      hi = stepText === undefined ? lo : f.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function parseCron(expr: string): CronSchedule {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}": expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`);
  const [min, hour, dom, mon, dow] = parts.map((p, i) => parseField(p, FIELDS[i] as FieldSpec, expr)) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dow.delete(7)) dow.add(0);
  return { source: expr, minutes: min, hours: hour, daysOfMonth: dom, months: mon, daysOfWeek: dow, domStar: (parts[2] ?? '').startsWith('*'), dowStar: (parts[4] ?? '').startsWith('*') };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.daysOfMonth.has(d.getUTCDate());
  const dow = s.daysOfWeek.has(d.getUTCDay());
  // cron: when both day fields are restricted, either may match; otherwise both must.
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** Whether the schedule fires in the UTC minute containing `utcMs`. */
export function cronMatches(s: CronSchedule, utcMs: number): boolean {
  const d = new Date(utcMs);
  return s.minutes.has(d.getUTCMinutes()) && s.hours.has(d.getUTCHours()) && s.months.has(d.getUTCMonth() + 1) && dayMatches(s, d);
}

/** The first minute strictly after `afterMs` at which the schedule fires, or null within ~5 years (e.g. `0 0 30 2 *`). */
export function nextCronTime(s: CronSchedule, afterMs: number): number | null {
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  const limit = afterMs + 5 * 366 * 24 * 60 * MINUTE_MS;
  while (t <= limit) {
    const d = new Date(t);
    // Skip whole months, days and hours that cannot match rather than walking minute by minute.
    if (!s.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    } else if (!dayMatches(s, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
    } else if (!s.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
    } else if (!s.minutes.has(d.getUTCMinutes())) {
      t += MINUTE_MS;
    } else return t;
  }
  return null;
}

export interface ScheduledJobSpec {
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
}

export interface LocalSchedulerOptions {
  readonly jobs: readonly ScheduledJobSpec[];
  /** Runs one job for the tick at `scheduledTime`; a rejection is logged, and the job runs again at its next tick. */
  readonly fire: (job: ScheduledJobSpec, scheduledTime: number) => Promise<void>;
  readonly now?: () => number;
  /** Resolves at `untilMs` (or at once when `signal` aborts). Tests pass one that moves a manual clock. */
  readonly waitUntil?: (untilMs: number, signal: AbortSignal) => Promise<void>;
  readonly log?: (line: string) => void;
  /**
   * Ticks missed while the process was held up (a laptop asleep) are fired when at most this old, and
   * once per job (its latest), so a wake-up does not replay a night of five-minute jobs.
   */
  readonly maxCatchUpMs?: number;
}

export interface LocalScheduler {
  /** Every tick fired, in order: job name and scheduled UTC ms. */
  readonly fired: readonly { readonly job: string; readonly at: number }[];
  /** Stops the clock and waits for the runs in flight. */
  stop(): Promise<void>;
}

function realWait(untilMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // setTimeout caps at 2^31−1 ms; the loop waits again if it woke early.
    const timer = setTimeout(done, Math.min(2 ** 31 - 1, Math.max(0, untilMs - Date.now())));
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Starts firing `jobs` at their cron minutes (UTC only: every Cascade job is declared in UTC). Ticks at
 * or before the start minute are not fired. A job whose previous run is still going skips the tick.
 */
export function startLocalScheduler(opts: LocalSchedulerOptions): LocalScheduler {
  const now = opts.now ?? (() => Date.now());
  const wait = opts.waitUntil ?? realWait;
  const log = opts.log ?? (() => undefined);
  const maxCatchUp = opts.maxCatchUpMs ?? 10 * MINUTE_MS;
  const jobs = opts.jobs.map((j) => {
    if (j.timeZone !== 'UTC') throw new Error(`job ${j.name}: the local scheduler runs UTC schedules only, not ${j.timeZone}`);
    return { spec: j, cron: parseCron(j.schedule) };
  });
  const fired: { job: string; at: number }[] = [];
  const running = new Map<string, Promise<void>>();
  const stopper = new AbortController();

  const launch = (job: ScheduledJobSpec, at: number) => {
    if (running.has(job.name)) {
      log(`scheduler: ${job.name} still running; skipping the ${new Date(at).toISOString()} tick`);
      return;
    }
    fired.push({ job: job.name, at });
    log(`scheduler: firing ${job.name} for ${new Date(at).toISOString()}`);
    const run = opts
      .fire(job, at)
      .catch((e: unknown) => log(`scheduler: ${job.name} failed: ${(e as Error).message}`))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };

  const loop = async () => {
    let last = Math.floor(now() / MINUTE_MS) * MINUTE_MS;
    while (!stopper.signal.aborted) {
      const next = Math.min(...jobs.map((j) => nextCronTime(j.cron, last) ?? Infinity));
      if (next === Infinity) return;
      await wait(next, stopper.signal);
      if (stopper.signal.aborted) return;
      const t = now();
      const current = Math.floor(t / MINUTE_MS) * MINUTE_MS;
      if (current < next) continue;
      // A job due several times in the window (after a stall) runs once, for its latest tick.
      const from = Math.max(last + MINUTE_MS, current - maxCatchUp);
      for (const j of jobs) {
        for (let m = current; m >= from; m -= MINUTE_MS) {
          if (!cronMatches(j.cron, m)) continue;
          launch(j.spec, m);
          break;
        }
      }
      last = current;
    }
  };
  const looping = loop().catch((e: unknown) => log(`scheduler: stopped on ${(e as Error).message}`));

  return {
    fired,
    async stop() {
      stopper.abort();
      await looping;
      await Promise.all(running.values());
    },
  };
}

const JobSpecs = z.array(z.object({ name: z.string().min(1), schedule: z.string().min(1), timeZone: z.string().min(1) }));

/** The job definitions, as the functions' local jobs host (`functions/src/jobs/local-host.ts`) lists them. */
export async function fetchJobSpecs(baseUrl: string): Promise<ScheduledJobSpec[]> {
  const res = await fetch(`${baseUrl}/`);
  if (!res.ok) throw new Error(`jobs host ${baseUrl} answered ${res.status}`);
  return JobSpecs.parse(await res.json());
}

/** Fires a job on the jobs host as Cloud Scheduler calls an `onSchedule` function: a POST with its headers. */
export function httpJobFirer(baseUrl: string): (job: ScheduledJobSpec, scheduledTime: number) => Promise<void> {
  return async (job, scheduledTime) => {
    const res = await fetch(`${baseUrl}/${encodeURIComponent(job.name)}`, {
      method: 'POST',
      headers: { 'x-cloudscheduler-jobname': job.name, 'x-cloudscheduler-scheduletime': new Date(scheduledTime).toISOString() },
    });
    if (!res.ok) throw new Error(`${job.name}: ${res.status} ${await res.text()}`);
  };
}
