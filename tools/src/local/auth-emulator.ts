import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type ManagedProcess, spawnManaged } from './processes.js';
import { freePort, waitForHttp } from './ports.js';

export interface RunningAuthEmulator {
  /** `127.0.0.1:port`, as FIREBASE_AUTH_EMULATOR_HOST wants it. */
  readonly host: string;
  readonly startMs: number;
  stop(): Promise<void>;
}

/** The local stack's dashboard operator (an emulator account: it exists only in this process's memory). */
export const LOCAL_ADMIN = { email: 'admin@cascade.local', password: 'local-admin' } as const;

const firebaseBin = (): string => join(dirname(createRequire(import.meta.url).resolve('firebase-tools/package.json')), 'lib/bin/firebase.js');

/**
 * The Firebase Auth emulator (firebase-tools, a Node program: it runs offline) on free loopback ports,
 * with its own firebase.json in a temp folder so the hub and logging ports don't collide with another
 * stack, and the emulator UI off (it would download itself).
 */
export async function startAuthEmulator(logDir: string, projectId: string): Promise<RunningAuthEmulator> {
  const t0 = Date.now();
  const [port, hub, logging] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'cascade-auth-'));
  writeFileSync(
    join(dir, 'firebase.json'),
    JSON.stringify({ emulators: { auth: { host: '127.0.0.1', port }, hub: { host: '127.0.0.1', port: hub }, logging: { host: '127.0.0.1', port: logging }, ui: { enabled: false }, singleProjectMode: true } }),
  );
  const p: ManagedProcess = spawnManaged('auth-emulator', process.execPath, [firebaseBin(), 'emulators:start', '--only', 'auth', '--project', projectId, '--config', join(dir, 'firebase.json')], {
    // No telemetry, no update check: the machine may be offline.
    env: { ...process.env, FIREBASE_CLI_DISABLE_UPDATE_CHECK: 'true', NO_UPDATE_NOTIFIER: '1', CI: process.env.CI ?? 'true', NODE_OPTIONS: '' },
    cwd: dir,
    logFile: join(logDir, 'auth-emulator.log'),
  });
  const stop = async (): Promise<void> => {
    await p.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/`, 'Auth emulator', 120_000, p.exited);
  } catch (e) {
    await stop();
    throw e;
  }
  return { host: `127.0.0.1:${port}`, startMs: Date.now() - t0, stop };
}

/**
 * An email/password account with custom claims, through the emulator's admin REST API (`Bearer owner`
 * is the emulator's admin credential). Returns its uid.
 */
export async function createEmulatorUser(host: string, projectId: string, u: { email: string; password: string; claims?: Record<string, unknown> }): Promise<string> {
  const base = `http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}`;
  const headers = { authorization: 'Bearer owner', 'content-type': 'application/json' };
  const created = await fetch(`${base}/accounts`, { method: 'POST', headers, body: JSON.stringify({ email: u.email, password: u.password }) });
  const body = (await created.json()) as { localId?: string; error?: { message?: string } };
  if (!created.ok || !body.localId) throw new Error(`Auth emulator: creating ${u.email} failed: ${body.error?.message ?? created.status}`);
  if (u.claims) {
    const upd = await fetch(`${base}/accounts:update`, { method: 'POST', headers, body: JSON.stringify({ localId: body.localId, customAttributes: JSON.stringify(u.claims) }) });
    if (!upd.ok) throw new Error(`Auth emulator: setting claims of ${u.email} failed: HTTP ${upd.status} ${await upd.text()}`);
  }
  return body.localId;
}
