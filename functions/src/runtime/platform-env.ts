import { z } from 'zod';

/**
 * The variables the platform (Cloud Functions, the emulators, the local stack) sets for a function and
 * that no deploy-time parameter can declare: who we are, whether we run against the emulators, and the
 * `CASCADE_SECRET_<NAME>` pins (a family named by the secrets the config documents reference, so not
 * one `defineSecret` each). Everything else the functions read is a param in params.ts. This is the one
 * place in the functions that reads `process.env`.
 */
const PlatformEnvSchema = z.object({
  K_SERVICE: z.string().optional().describe('set by Cloud Functions / Cloud Run: the function\'s service name (the log entries\' service label)'),
  FIRESTORE_EMULATOR_HOST: z.string().optional().describe('set by the emulators and the local stack: secrets then come from CASCADE_SECRET_* only and reports go to ./reports'),
  FUNCTIONS_EMULATOR: z.enum(['true', 'false']).optional().describe('set by the Functions emulator'),
  GOOGLE_CLOUD_PROJECT: z.string().optional().describe('the project (Cloud Run and the local stack set it)'),
  GCLOUD_PROJECT: z.string().optional().describe('the project, older spelling (the Firebase emulators set it)'),
});

const SECRET_PIN = /^CASCADE_SECRET_[A-Z0-9_]+$/;

export type PlatformEnv = z.infer<typeof PlatformEnvSchema> & { readonly [pin: `CASCADE_SECRET_${string}`]: string | undefined };

let cached: PlatformEnv | null = null;

/** Read once per instance and validated: a malformed platform variable fails the cold start by name. */
export function platformEnv(env: Readonly<Record<string, string | undefined>> = process.env): PlatformEnv {
  if (cached && env === process.env) return cached;
  const r = PlatformEnvSchema.safeParse(env);
  if (!r.success) throw new Error(`functions environment: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const pins = Object.fromEntries(Object.entries(env).filter(([k, v]) => SECRET_PIN.test(k) && v !== undefined));
  const out = { ...r.data, ...pins } as PlatformEnv;
  if (env === process.env) cached = out;
  return out;
}

/** True against the emulators (the local stack and the tests): never reach a real project from there. */
export function emulated(env: PlatformEnv): boolean {
  return Boolean(env.FIRESTORE_EMULATOR_HOST) || env.FUNCTIONS_EMULATOR === 'true';
}
