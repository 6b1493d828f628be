import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { provisionPubSub } from '@cascade/infra';
import { type ManagedProcess, spawnManaged } from '../../tools/src/local/processes.js';
import { freePort, waitForHttp } from '../../tools/src/local/ports.js';
import { emulatorEnv, repoRoot } from '../../tools/src/local/stack.js';
import { uniqueProjectId, waitFor } from '../support/stack-harness.js';

/**
 * Issue 12 item 1: what the Cloud Run images run is the bundle `npm run build:services` writes, so the
 * bundle itself is built, read against its Dockerfile, and started — `--help`, then a replay through the
 * bundled streamer into the bundled analytics on the emulators, then SIGTERM as Cloud Run sends it. No
 * Docker daemon is needed: a broken entry point, a missing external or a COPY of a file the build does
 * not write fails here.
 */
const SERVICES = ['streamer', 'analytics'] as const;
const dist = (s: string, ...p: string[]) => join(repoRoot, 'run-services/dist', s, ...p);

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'run-services/scripts/build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** Dockerfile instructions (comments dropped, line continuations joined). */
function instructions(file: string): Instruction[] {
  return readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe.each(SERVICES)('the %s image', (service) => {
  it('is built from exactly what the build writes: every COPY source exists, the entry point runs a copied file, as a non-root user on Node 22', () => {
    const file = dist(service, 'Dockerfile');
    // The build copies the Dockerfile the repo keeps into the context unchanged.
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(repoRoot, 'run-services/docker', `${service}.Dockerfile`), 'utf8'));
    const ins = instructions(file);
    expect(ins[0]?.op).toBe('FROM');
    expect(ins[0]?.args).toMatch(/^node:22(-|$)/);
    let workdir = '/';
    const inImage = new Set<string>();
    for (const i of ins) {
      if (i.op === 'WORKDIR') workdir = posix.resolve(workdir, i.args);
      if (i.op !== 'COPY') continue;
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const dest = parts.pop() ?? '';
      for (const src of parts) {
        expect(existsSync(dist(service, src)), `COPY ${src}: the build did not write run-services/dist/${service}/${src}`).toBe(true);
        inImage.add(dest.endsWith('/') ? posix.join(posix.resolve(workdir, dest), posix.basename(src)) : posix.resolve(workdir, dest));
      }
    }
    const user = ins.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    // ENTRYPOINT (exec form), no CMD: Cloud Run's container args are appended to it, where they would replace a CMD.
    const entry = JSON.parse(ins.filter((i) => i.op === 'ENTRYPOINT').at(-1)?.args ?? 'null') as string[];
    expect(entry).toEqual(['node', 'dist/main.js']);
    expect(ins.filter((i) => i.op === 'CMD')).toEqual([]);
    expect(inImage).toContain(posix.resolve(workdir, 'dist/main.js'));
    // `npm ci` installs the bundle's package.json from its lock: every dependency has its locked entry.
    const pkg = JSON.parse(readFileSync(dist(service, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync(dist(service, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    for (const d of Object.keys(pkg.dependencies)) expect(lock.packages[`node_modules/${d}`]?.version, d).toBeDefined();
    // DuckDB's native binding for the image's platform (node:22-slim on Cloud Build: linux, x64, glibc).
    expect(lock.packages['node_modules/@duckdb/node-bindings-linux-x64']).toBeDefined();
  });

  it('prints its usage for --help and exits 0 without touching Google Cloud', () => {
    const r = spawnSync(process.execPath, [dist(service, 'main.js'), '--help'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000, env: { ...process.env, METADATA_SERVER_DETECTION: 'none' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`cascade ${service}`));
  });
});

describe('the bundled services on the emulators', () => {
  const procs: ManagedProcess[] = [];
  const projectId = uniqueProjectId('bundles');
  const firestoreHost = inject('firestoreHost');
  const pubsubHost = inject('pubsubHost');
  const logDir = join(repoRoot, '.cascade/logs/test', projectId);
  const env = emulatorEnv(projectId, firestoreHost, pubsubHost);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
  });

  const start = (name: string, args: string[], extra: Record<string, string>, port: number): ManagedProcess => {
    const p = spawnManaged(name, process.execPath, [dist(name, 'main.js'), ...args], { env: { ...env, PORT: String(port), ...extra }, logFile: join(logDir, `${name}.log`), cwd: repoRoot });
    procs.push(p);
    return p;
  };
  const status = async <T>(port: number): Promise<T | null> => {
    try {
      return (await (await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(2_000) })).json()) as T;
    } catch {
      return null;
    }
  };
  /** SIGTERM to the process itself, as Cloud Run signals the container's PID 1; its exit code. */
  const terminate = async (p: ManagedProcess): Promise<number | null | 'still running'> => {
    process.kill(p.child.pid ?? 0, 'SIGTERM');
    // Cloud Run sends SIGKILL 10 s after SIGTERM: a service still running then has lost its chance to flush.
    return Promise.race([p.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 10_000))]);
  };

  it('replays a tape from the streamer bundle into the analytics bundle, and both stop cleanly on SIGTERM', async () => {
    const pubsub = new PubSub({ projectId, apiEndpoint: pubsubHost, emulatorMode: true });
    await provisionPubSub(pubsub, { projectId, pushEndpoint: () => null });
    await pubsub.close();

    const analyticsPort = await freePort();
    // Settling waits for the functions, which this test does not run: setups are published, not awaited.
    const analytics = start('analytics', [], { CASCADE_REPLAY_SETTLE: '0', CASCADE_STORE_DIR: '', CASCADE_WARMUP: 'none' }, analyticsPort);
    await waitForHttp(`http://127.0.0.1:${analyticsPort}/readyz`, 'analytics bundle ready', 90_000, analytics.exited);

    // 8 409 trades of Binance ETH/USDT (sample-data/tapes; the header line is not a trade).
    const streamerPort = await freePort();
    const tape = join(repoRoot, 'sample-data/tapes/binance-ethusdt-trades-2024-08-09.csv.gz');
    const streamer = start('streamer', ['--tape', tape, '--symbol', 'ETH/USDT', '--exchange', 'binance', '--speed', 'max', '--port', String(streamerPort)], {}, streamerPort);
    const done = await waitFor('the streamer bundle to publish the whole tape', async () => {
      const s = await status<{ state: string; published: number; error: string | null }>(streamerPort);
      if (s?.state === 'failed' || streamer.child.exitCode !== null) throw new Error(`streamer failed: ${s?.error ?? 'exited'}; log in ${logDir}`);
      return s?.state === 'done' ? s : null;
    }, 90_000);
    expect(done.published).toBe(8409);
    // Every published trade reaches the bundled analytics through Pub/Sub.
    await waitFor('the analytics bundle to consume the tape', async () => {
      const s = await status<{ trades: number; rejected: Record<string, number> }>(analyticsPort);
      return s !== null && s.trades + Object.values(s.rejected).reduce((a, b) => a + b, 0) >= 8409;
    }, 90_000);

    expect(await terminate(streamer)).toBe(0);
    expect(await terminate(analytics)).toBe(0);
    const log = readFileSync(join(logDir, 'analytics.log'), 'utf8');
    expect(log).toMatch(/stopped cleanly/);
  });
});
