import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

const live = new Set<ManagedProcess>();

/**
 * Spawn a child in its own process group (so a Java emulator's JVM children go with it) and log its
 * output to a file. `stopAllSync` on exit/signals makes sure nothing outlives the stack.
 */
export function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string; onLine?: (line: string) => void },
): ManagedProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    stream.pipe(log, { end: false });
    if (opts.onLine) createInterface({ input: stream }).on('line', opts.onLine);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(-1));
  });
  const mp: ManagedProcess = {
    name,
    child,
    exited,
    async stop() {
      live.delete(mp);
      if (child.exitCode !== null || child.pid === undefined) return;
      killGroup(child.pid, 'SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') killGroup(child.pid, 'SIGKILL');
      // Also SIGKILL the group in case a grandchild ignored SIGTERM after the leader exited.
      killGroup(child.pid, 'SIGKILL');
      await exited;
      log.end();
    },
  };
  live.add(mp);
  exited.then(() => live.delete(mp));
  return mp;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Synchronous last resort (process 'exit' handlers cannot await). */
export function stopAllSync(): void {
  for (const p of live) if (p.child.pid !== undefined) killGroup(p.child.pid, 'SIGKILL');
  live.clear();
}

let hooked = false;
/** Kill every managed process when this process exits, however it exits. */
export function installExitHooks(onSignal?: (signal: NodeJS.Signals) => void): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', stopAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      if (onSignal) onSignal(sig);
      else {
        stopAllSync();
        process.exit(130);
      }
    });
  }
}
