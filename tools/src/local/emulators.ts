import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ManagedProcess, spawnManaged } from './processes.js';
import { freePort, waitForHttp } from './ports.js';

export interface EmulatorBinaries {
  readonly java: string;
  readonly firestoreJar: string;
  readonly pubsubJar: string;
}

const INSTALL_HELP = [
  'Cascade runs the real Google emulators locally. Install them with the Google Cloud CLI:',
  '  apt-get install google-cloud-cli google-cloud-cli-firestore-emulator google-cloud-cli-pubsub-emulator',
  '  (or: gcloud components install cloud-firestore-emulator pubsub-emulator)',
  'and make sure `gcloud` is on PATH, or set CLOUDSDK_ROOT to the SDK root.',
].join('\n');

const JAVA_HELP = 'The emulators need Java 17 or newer on PATH: apt-get install openjdk-17-jre-headless (or set JAVA to a java binary).';

function sdkRoots(): string[] {
  const roots: string[] = [];
  if (process.env.CLOUDSDK_ROOT) roots.push(process.env.CLOUDSDK_ROOT);
  try {
    const r = execFileSync('gcloud', ['info', '--format=value(installation.sdk_root)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
    if (r) roots.push(r);
  } catch {
    // gcloud missing: try the usual install places below
  }
  roots.push('/usr/lib/google-cloud-sdk', '/usr/share/google-cloud-sdk', '/google-cloud-sdk', join(process.env.HOME ?? '/root', 'google-cloud-sdk'));
  return roots;
}

/** Locate java and the emulator jars, or throw an error that says exactly what to install. */
export function findEmulatorBinaries(opts: { java?: string; sdkRoots?: readonly string[] } = {}): EmulatorBinaries {
  const java = opts.java ?? process.env.JAVA ?? 'java';
  // `java -version` prints to stderr.
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`java not found (${probe.error.message}). ${JAVA_HELP}`, { cause: probe.error });
  const m = /version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`);
  const major = m ? Number(m[1]) : NaN;
  if (m && major < 17) throw new Error(`java ${major} is too old. ${JAVA_HELP}`);
  for (const root of opts.sdkRoots ?? sdkRoots()) {
    const firestoreJar = join(root, 'platform/cloud-firestore-emulator/cloud-firestore-emulator.jar');
    const pubsubLib = join(root, 'platform/pubsub-emulator/lib');
    if (!existsSync(firestoreJar) || !existsSync(pubsubLib)) continue;
    const jar = readdirSync(pubsubLib).find((f) => /^cloud-pubsub-emulator-.*\.jar$/.test(f));
    if (!jar) continue;
    return { java, firestoreJar, pubsubJar: join(pubsubLib, jar) };
  }
  throw new Error(`Google Cloud emulators not found.\n${INSTALL_HELP}`);
}

export interface RunningEmulators {
  readonly firestoreHost: string;
  readonly pubsubHost: string;
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Start the Firestore and Pub/Sub emulators in parallel on free loopback ports. */
export async function startEmulators(logDir: string): Promise<RunningEmulators> {
  const bin = findEmulatorBinaries();
  const t0 = Date.now();
  const [fsPort, psPort] = [await freePort(), await freePort()];
  const procs: ManagedProcess[] = [];
  const jvm = ['-Duser.language=en', '-XX:+UseSerialGC', '-Xss1m'];
  const firestore = spawnManaged('firestore-emulator', bin.java, [...jvm, '-Xmx1g', '-cp', bin.firestoreJar, 'com.google.cloud.datastore.emulator.firestore.CloudFirestore', 'start', '--host=127.0.0.1', `--port=${fsPort}`], {
    logFile: join(logDir, 'firestore-emulator.log'),
  });
  procs.push(firestore);
  const pubsub = spawnManaged('pubsub-emulator', bin.java, [...jvm, '-Xmx1g', '-jar', bin.pubsubJar, '--host=127.0.0.1', `--port=${psPort}`], {
    logFile: join(logDir, 'pubsub-emulator.log'),
  });
  procs.push(pubsub);
  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop()));
  };
  try {
    await Promise.all([
      waitForHttp(`http://127.0.0.1:${fsPort}/`, 'Firestore emulator', 60_000, firestore.exited),
      waitForHttp(`http://127.0.0.1:${psPort}/`, 'Pub/Sub emulator', 60_000, pubsub.exited),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { firestoreHost: `127.0.0.1:${fsPort}`, pubsubHost: `127.0.0.1:${psPort}`, startMs: Date.now() - t0, stop };
}
