import { type FirebaseApp, initializeApp } from 'firebase/app';
import { type Auth, connectAuthEmulator, getAuth } from 'firebase/auth';
import { z } from 'zod';

/** What Firebase Hosting serves at `/__/firebase/init.json` (the local server serves the same shape). */
const InitJsonSchema = z.object({ projectId: z.string().min(1), apiKey: z.string().min(1), authDomain: z.string().optional(), storageBucket: z.string().optional(), appId: z.string().optional() });

/**
 * `/__/cascade/local.json`: served only by the local stack (`npm start`), absent on Hosting. It names
 * the emulators so the same build talks to them locally and to the real services in the cloud.
 */
export const LocalJsonSchema = z.object({
  authEmulator: z.string().url(),
  firestoreEmulator: z.object({ host: z.string(), port: z.number().int() }),
  reports: z.literal('local'),
});

export interface Backend {
  readonly app: FirebaseApp;
  readonly auth: Auth;
  /** Local stack: the Firestore emulator the shell connects to once signed in. */
  readonly firestoreEmulator: { host: string; port: number } | null;
  readonly projectId: string;
  /** Local stack: reports come from the server's `reports/` folder; cloud: from Storage. */
  readonly reports: 'local' | 'storage';
  readonly bucket: string | null;
}

async function json(url: string): Promise<unknown> {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

export async function connectBackend(): Promise<Backend> {
  const init = InitJsonSchema.parse(await json('/__/firebase/init.json'));
  const local = await json('/__/cascade/local.json').then((v) => LocalJsonSchema.parse(v), () => null);
  const app = initializeApp(init);
  const auth = getAuth(app);
  if (local) connectAuthEmulator(auth, local.authEmulator, { disableWarnings: true });
  return { app, auth, firestoreEmulator: local?.firestoreEmulator ?? null, projectId: init.projectId, reports: local ? 'local' : 'storage', bucket: init.storageBucket ?? null };
}
