/**
 * Graceful stop on SIGTERM (Cloud Run's notice before SIGKILL 10 s later, also a redeploy or scale-in)
 * and SIGINT (Ctrl-C): the steps a service registered run one after another in registration order —
 * stop consuming, finish what is in flight, flush the publisher — and the process exits 0 when all
 * of them finished, 1 when one failed or the deadline passed (then the log names the step that hung).
 *
 * Created first thing in a service's main, so a signal during start-up (a standby waiting for its
 * lease) stops the process at once instead of Node's default kill-by-signal, and steps are added as
 * the resources they release come up.
 */
export interface GracefulShutdown {
  /** Aborted when the signal arrives: long waits (live streams, lease standby) watch it. */
  readonly signal: AbortSignal;
  readonly stopping: boolean;
  add(name: string, run: () => unknown): void;
}

export interface ShutdownStep {
  readonly name: string;
  readonly run: () => unknown;
}

export interface ShutdownResult {
  readonly ok: boolean;
  /** Steps that threw, or the one still running when the deadline passed. */
  readonly failed: readonly string[];
}

/** Cloud Run kills the container 10 s after SIGTERM; 8 s leaves the exit and its last log line room. */
export const SHUTDOWN_DEADLINE_MS = 8_000;

/** Runs the steps in order; a failing step is reported and the next one still runs. */
export async function runShutdownSteps(steps: readonly ShutdownStep[], deadlineMs: number, log: (line: string) => void): Promise<ShutdownResult> {
  const failed: string[] = [];
  let current: string | null = null;
  const all = (async () => {
    for (const s of steps) {
      current = s.name;
      try {
        await s.run();
      } catch (e) {
        failed.push(s.name);
        log(`${s.name} failed: ${(e as Error).message}`);
      }
    }
    current = null;
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  const outcome = await Promise.race([all.then(() => 'done' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    const hung = current ?? 'shutdown';
    log(`${hung} did not finish within ${deadlineMs} ms; exiting anyway`);
    return { ok: false, failed: [...failed, hung] };
  }
  return { ok: failed.length === 0, failed };
}

export function gracefulShutdown(service: string, opts: { deadlineMs?: number; exit?: (code: number) => void; log?: (line: string) => void } = {}): GracefulShutdown {
  const steps: ShutdownStep[] = [];
  const abort = new AbortController();
  const log = opts.log ?? ((l: string) => console.log(`${service}: ${l}`));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const onSignal = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      // A second Ctrl-C: the user does not want to wait.
      if (sig === 'SIGINT') exit(1);
      return;
    }
    log(`${sig}: stopping (${steps.map((s) => s.name).join(', ') || 'nothing to release'})`);
    abort.abort(new Error(`${service} received ${sig}`));
    void runShutdownSteps([...steps], opts.deadlineMs ?? SHUTDOWN_DEADLINE_MS, log).then((r) => {
      log(r.ok ? 'stopped cleanly' : `stopped with problems in: ${r.failed.join(', ')}`);
      exit(r.ok ? 0 : 1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    signal: abort.signal,
    get stopping() {
      return abort.signal.aborted;
    },
    add(name, run) {
      steps.push({ name, run });
    },
  };
}
