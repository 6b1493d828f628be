import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type Trade } from '@cascade/core';
import { toCcxtJson } from '@cascade/tools/synthetic';
import { type Stack, type StackOptions, repoRoot, startStack } from '../../tools/src/local/stack.js';
import { StackMonitor, type StackStatus } from '../../tools/src/local/monitor.js';

let n = 0;
/** A project id per stack: the emulators keep projects apart, so test files never see each other's data. */
export function uniqueProjectId(tag: string): string {
  n += 1;
  return `demo-${tag}-${process.pid}-${n}`.toLowerCase().slice(0, 30);
}

export function writeTape(trades: readonly Trade[], name = 'planted-xyzusdt-trades.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'cascade-tape-'));
  const path = join(dir, name);
  writeFileSync(path, toCcxtJson(trades));
  return path;
}

export interface Harness {
  readonly stack: Stack;
  readonly monitor: StackMonitor;
  stop(): Promise<void>;
}

export async function startHarness(tag: string, opts: Omit<StackOptions, 'emulators' | 'projectId'>): Promise<Harness> {
  const projectId = uniqueProjectId(tag);
  const stack = await startStack({
    // Tests that need the API or the scheduler host them themselves; the others start faster without.
    api: false,
    scheduler: false,
    store: false,
    ...opts,
    projectId,
    emulators: { firestoreHost: inject('firestoreHost'), pubsubHost: inject('pubsubHost') },
    logDir: join(repoRoot, '.cascade/logs/test', projectId),
  });
  const monitor = new StackMonitor(stack);
  return {
    stack,
    monitor,
    async stop() {
      await monitor.close();
      await stack.stop();
    },
  };
}

/** Poll until the stack has handled everything the tape caused (the same rule as `npm start -- --once`). */
export async function waitForQuiescence(h: Harness, timeoutMs = 180_000): Promise<StackStatus> {
  const deadline = Date.now() + timeoutMs;
  let stable = 0;
  let last: StackStatus | null = null;
  while (Date.now() < deadline) {
    last = await h.monitor.status();
    if (h.monitor.quiescent(last)) {
      stable += 1;
      if (stable >= 3) return last;
    } else stable = 0;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`stack did not settle within ${timeoutMs} ms; last status ${JSON.stringify(last)}; logs in ${h.stack.logDir}`);
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
