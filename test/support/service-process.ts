import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { type ManagedProcess, spawnManaged } from '../../tools/src/local/processes.js';
import { freePort, waitForHttp, waitForPort } from '../../tools/src/local/ports.js';
import { emulatorEnv, repoRoot } from '../../tools/src/local/stack.js';
import type { Harness } from './stack-harness.js';

/**
 * A Cloud Run service of a running test stack, started (again) as its own process with the stack's
 * emulators and project — what a restart, a redeploy or a second instance is in production. Tests
 * stop it with `kill -9` (`kill()`), never through the service's own shutdown.
 */
export interface ServiceProcess {
  readonly port: number;
  readonly proc: ManagedProcess;
  readonly lines: string[];
  /** `kill -9` of the process group: no shutdown hook runs. */
  kill(): Promise<void>;
  status<T = Record<string, unknown>>(): Promise<T | null>;
}

function baseEnv(h: Harness): NodeJS.ProcessEnv {
  return { ...emulatorEnv(h.stack.projectId, h.stack.firestoreHost, h.stack.pubsubHost), CASCADE_PUBLISH_TWICE: '0' };
}

async function spawnService(h: Harness, name: string, script: string, args: readonly string[], env: Record<string, string>, opts: { waitHealth: boolean }): Promise<ServiceProcess> {
  const port = await freePort();
  const lines: string[] = [];
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const proc = spawnManaged(name, process.execPath, ['--import', tsx, join(repoRoot, script), ...args], {
    env: { ...baseEnv(h), PORT: String(port), ...env },
    logFile: join(h.stack.logDir, `${name}.log`),
    onLine: (l) => lines.push(l),
    cwd: repoRoot,
  });
  if (opts.waitHealth) await waitForHttp(`http://127.0.0.1:${port}/healthz`, name, 60_000, proc.exited);
  return {
    port,
    proc,
    lines,
    async kill() {
      if (proc.child.pid !== undefined && proc.child.exitCode === null) {
        try {
          process.kill(-proc.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await proc.exited;
      await proc.stop();
    },
    async status<T>() {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) });
        return (await r.json()) as T;
      } catch {
        return null;
      }
    },
  };
}

/** An analytics instance on the stack's subscriptions (replay settling on, as the stack starts it for tapes). */
export function startAnalytics(h: Harness, name: string, env: Record<string, string> = {}, script = 'run-services/src/analytics/main.ts'): Promise<ServiceProcess> {
  return spawnService(h, name, script, [], { CASCADE_REPLAY_SETTLE: '1', CASCADE_STORE_DIR: '', CASCADE_WARMUP: 'none', ...env }, { waitHealth: true });
}

/**
 * A streamer replaying `tape` at full speed under `--symbol` on binance; resolves once its /status says
 * the whole tape is published, then kills it (a streamer that stops or is redeployed).
 */
export async function runStreamer(h: Harness, name: string, tape: string, symbol: string): Promise<void> {
  const port = await freePort();
  const s = await spawnService(h, name, 'run-services/src/streamer/main.ts', ['--tape', tape, '--symbol', symbol, '--exchange', 'binance', '--speed', 'max', '--port', String(port)], {}, { waitHealth: false });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const st = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.json() as Promise<{ state: string; error: string | null }>)
      .catch(() => null);
    if (st?.state === 'done') break;
    if (st?.state === 'failed' || s.proc.child.exitCode !== null) throw new Error(`${name} failed: ${st?.error ?? s.lines.slice(-5).join(' | ')}`);
    if (Date.now() > deadline) throw new Error(`${name} did not finish its tape in 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  await s.kill();
}

/**
 * `kill -9` one of the stack's Pub/Sub-triggered functions (its functions-framework process group) and
 * start it again on the same port, as Cloud Run replaces a crashed instance: the push subscription's
 * endpoint does not change, so deliveries made while it was down are retried into the new process.
 * `env` carries what the stack gave the functions beyond the emulators (e.g. the venue fake's URLs).
 * Returns the new process (the caller stops it).
 */
export async function killAndRestartFunction(h: Harness, fn: string, env: Record<string, string> = {}): Promise<ManagedProcess> {
  const old = h.stack.processes.find((p) => p.name === `fn:${fn}`);
  if (!old) throw new Error(`the stack runs no function ${fn}`);
  if (old.child.pid !== undefined && old.child.exitCode === null) {
    try {
      process.kill(-old.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await old.exited;
  const port = (h.stack.ports.functions as Record<string, number>)[fn];
  if (port === undefined) throw new Error(`no port recorded for function ${fn}`);
  const req = createRequire(import.meta.url);
  const ffMain = join(dirname(req.resolve('@google-cloud/functions-framework')), 'main.js');
  const p = spawnManaged(`fn:${fn}-restarted`, process.execPath, ['--import', req.resolve('tsx'), ffMain, `--target=${fn}`, `--source=${join(repoRoot, 'functions/src/index.ts')}`, '--signature-type=cloudevent', `--port=${port}`], {
    env: { ...baseEnv(h), ...env, FUNCTION_TARGET: fn, K_SERVICE: fn, FUNCTION_SIGNATURE_TYPE: 'cloudevent' },
    logFile: join(h.stack.logDir, `fn-${fn}-restarted.log`),
    cwd: repoRoot,
  });
  await waitForPort(port, `function ${fn} (restarted)`, 60_000, p.exited);
  return p;
}
