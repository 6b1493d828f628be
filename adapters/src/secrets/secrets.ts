import { applicationDefault } from 'firebase-admin/app';
import { z } from 'zod';

/** Resolves a Secret Manager reference (`projects/P/secrets/NAME[/versions/V]`) to its value. */
export interface SecretResolver {
  resolve(ref: string): Promise<string>;
}

const refPattern = /^projects\/([^/]+)\/secrets\/([^/]+)(?:\/versions\/([^/]+))?$/;

function parseRef(ref: string): { project: string; name: string; version: string } {
  const m = refPattern.exec(ref);
  if (!m) throw new Error(`not a Secret Manager reference: ${ref} (expected projects/P/secrets/NAME[/versions/V])`);
  return { project: m[1]!, name: m[2]!, version: m[3] ?? 'latest' };
}

/** `projects/p/secrets/ops-webhook-key/versions/3` → `CASCADE_SECRET_OPS_WEBHOOK_KEY`. */
export function secretEnvName(ref: string): string {
  return `CASCADE_SECRET_${parseRef(ref).name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Local stack and tests: the value comes from `CASCADE_SECRET_<NAME>`; the project and version are ignored. */
export function envSecretResolver(env: Readonly<Record<string, string | undefined>>): SecretResolver {
  return {
    resolve(ref) {
      const name = secretEnvName(ref);
      const v = env[name];
      if (v === undefined || v === '') return Promise.reject(new Error(`secret ${ref} is not set: export ${name} for the local stack`));
      return Promise.resolve(v);
    },
  };
}

const AccessResponse = z.object({ name: z.string(), payload: z.object({ data: z.string() }) });

export interface SecretManagerOptions {
  /** Only for tests: a local server implementing `GET /v1/{name}:access`. */
  readonly baseUrl?: string;
  /** OAuth access token with cloud-platform scope; default: the function's service account (ADC). */
  readonly accessToken?: () => Promise<string>;
  readonly fetch?: typeof fetch;
  /** How long a resolved value is reused; rotations take effect after this. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * Production: Secret Manager's REST API (`projects.secrets.versions.access`), authenticated with the
 * service account's token from firebase-admin's application-default credential — the client
 * library (@google-cloud/secret-manager) is not a dependency, and this one call is all we need.
 * Values are cached per instance for `ttlMs` so a burst of alerts costs one read per secret.
 */
export function secretManagerResolver(opts: SecretManagerOptions = {}): SecretResolver {
  const base = opts.baseUrl ?? 'https://secretmanager.googleapis.com';
  const doFetch = opts.fetch ?? fetch;
  const ttl = opts.ttlMs ?? 300_000;
  const now = opts.now ?? (() => Date.now());
  const token = opts.accessToken ?? (async () => (await applicationDefault().getAccessToken()).access_token);
  const cache = new Map<string, { at: number; value: string }>();
  return {
    async resolve(ref) {
      const { project, name, version } = parseRef(ref);
      const full = `projects/${project}/secrets/${name}/versions/${version}`;
      const hit = cache.get(full);
      if (hit && now() - hit.at < ttl) return hit.value;
      const res = await doFetch(`${base}/v1/${full}:access`, { headers: { authorization: `Bearer ${await token()}` }, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`Secret Manager refused ${full}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
      const parsed = AccessResponse.safeParse(await res.json());
      if (!parsed.success) throw new Error(`Secret Manager answered ${full} without payload.data`);
      const value = Buffer.from(parsed.data.payload.data, 'base64').toString('utf8');
      cache.set(full, { at: now(), value });
      return value;
    },
  };
}

/** Environment first, then the next resolver: lets an operator pin a value without touching Secret Manager. */
export function chainResolvers(first: SecretResolver, next: SecretResolver): SecretResolver {
  return {
    resolve: (ref) => first.resolve(ref).catch(() => next.resolve(ref)),
  };
}

/**
 * The resolver for this process: against the emulators (FIRESTORE_EMULATOR_HOST set) only the
 * environment, so a local run never reaches a real project; deployed, the environment and then
 * Secret Manager.
 */
export function secretResolver(env: Readonly<Record<string, string | undefined>>): SecretResolver {
  const local = envSecretResolver(env);
  return env.FIRESTORE_EMULATOR_HOST ? local : chainResolvers(local, secretManagerResolver());
}
