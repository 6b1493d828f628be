import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Environment variables of a service: plain values, or a Secret Manager secret (`{secret, version}`). */
const Env = z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'environment variable names are UPPER_SNAKE_CASE'), z.string());
const SecretEnv = z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.object({ secret: z.string().regex(/^[A-Za-z0-9_-]{1,255}$/), version: z.string().default('latest') }).strict());
// Cloud Run's CPU values: 1, 2, 4, 6, 8 (whole CPUs; fractional CPUs cannot have CPU always allocated with min instances cheaply enough to matter).
const Cpu = z.enum(['1', '2', '4', '6', '8']);
const Memory = z.string().regex(/^\d+(Mi|Gi)$/, 'memory like 512Mi or 1Gi');

const ServiceSize = z.object({
  cpu: Cpu.default('1'),
  memory: Memory.default('512Mi'),
  /** Full image reference; default `<region>-docker.pkg.dev/<project>/cascade/<service>:<imageTag>`. */
  image: z.string().min(1).optional(),
  env: Env.default({}),
  secretEnv: SecretEnv.default({}),
}).strict();

/**
 * `--target FILE` (JSON): what may differ between deployments. Every field has a default, so `{}` is a
 * valid target — the minimum sizes the README's cost arithmetic uses.
 */
export const Target = z.object({
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'a Cloud Run region like europe-west1').optional(),
  imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/).default('latest'),
  streamer: ServiceSize.extend({
    minInstances: z.number().int().min(1, 'the streamer must always run: minInstances ≥ 1').default(1),
    maxInstances: z.number().int().min(1).default(1),
    /** Container arguments: what the streamer streams. */
    args: z.array(z.string()).default(['--live', '--watchlist', '--exchange', 'binance', '--market-type', 'spot']),
  }).strict().prefault({}),
  analytics: ServiceSize.extend({
    /** One Cloud Run service per shard, each exactly one instance (the shard lease makes a second a standby). */
    shards: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,20}$/, 'a shard is lower-case letters, digits and dashes (it becomes part of a service name)')).min(1).default(['default']),
  }).strict().prefault({}),
  /**
   * Secrets the functions read at run time besides their own two: venue credentials and webhook URLs
   * named by `credentialsSecretRef` / `urlSecretRef` in the config documents.
   */
  secrets: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,255}$/)).default([]),
  /**
   * The Cloud Storage bucket the report jobs write to (the project's default Firebase bucket). Default
   * `<project>.firebasestorage.app`; projects made before October 2024 have `<project>.appspot.com`.
   */
  reportsBucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, 'a bucket name like my-project.firebasestorage.app').optional(),
}).strict();
export type Target = z.infer<typeof Target>;

export function defaultTarget(): Target {
  return Target.parse({});
}

/** Read and validate a target file; the error names the file and each bad field. */
export function readTarget(path: string): Target {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`--target ${path}: cannot read it as JSON (${(e as Error).message}); see infra/targets/example.json`, { cause: e });
  }
  const r = Target.safeParse(raw);
  if (!r.success) throw new Error(`--target ${path} is not a valid target:\n${r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n')}`);
  return r.data;
}
