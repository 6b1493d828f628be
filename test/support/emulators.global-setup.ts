import type { TestProject } from 'vitest/node';
import { join } from 'node:path';
import { startEmulators } from '../../tools/src/local/emulators.js';
import { installExitHooks } from '../../tools/src/local/processes.js';
import { repoRoot } from '../../tools/src/local/stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    firestoreHost: string;
    pubsubHost: string;
    emulatorStartMs: number;
  }
}

/** One pair of real emulators for the whole integration run; each test file uses its own project id. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  installExitHooks();
  process.env.METADATA_SERVER_DETECTION = 'none';
  const emu = await startEmulators(join(repoRoot, '.cascade/logs/test-emulators'));
  project.provide('firestoreHost', emu.firestoreHost);
  project.provide('pubsubHost', emu.pubsubHost);
  project.provide('emulatorStartMs', emu.startMs);
  process.env.FIRESTORE_EMULATOR_HOST = emu.firestoreHost;
  process.env.PUBSUB_EMULATOR_HOST = emu.pubsubHost;
  return async () => {
    await emu.stop();
  };
}
