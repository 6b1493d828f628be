import { z } from 'zod';

/**
 * The environment a service reads, declared once (issue 12 item 4): each variable's schema, default
 * and description. `readServiceEnv` validates the whole set at start and names every bad variable;
 * `serviceEnvHelp` prints the same declarations for `--help`. A service reads `process.env` nowhere
 * else (the Google client libraries read their own: FIRESTORE_EMULATOR_HOST, PUBSUB_EMULATOR_HOST,
 * GOOGLE_CLOUD_PROJECT).
 */
export interface EnvVar<T> {
  readonly schema: z.ZodType<T>;
  readonly description: string;
  /** What `--help` shows as the default; absent when there is none. */
  readonly defaultText?: string;
}

export type EnvSpec = Record<string, EnvVar<unknown>>;
export type EnvValues<S extends EnvSpec> = { readonly [K in keyof S]: S[K] extends EnvVar<infer T> ? T : never };

/** A positive integer of milliseconds, with its default. */
export function millis(description: string, fallback: number): EnvVar<number> {
  return { description, defaultText: String(fallback), schema: z.coerce.number().int().positive().default(fallback) };
}

/** A string, with its default. */
export function text(description: string, fallback: string): EnvVar<string> {
  return { description, defaultText: fallback === '' ? '(empty)' : fallback, schema: z.string().default(fallback) };
}

/** One of a few values, with its default. */
export function oneOf<const V extends readonly [string, ...string[]]>(description: string, values: V, fallback: V[number]): EnvVar<V[number]> {
  return { description: `${description} (${values.join('|')})`, defaultText: fallback, schema: z.enum(values).default(fallback as never) as z.ZodType<V[number]> };
}

/** A switch: "1" on, "0" or unset off. */
export function flag(description: string): EnvVar<boolean> {
  return { description: `${description} ("1" on)`, defaultText: '0', schema: z.enum(['0', '1', '']).default('0').transform((v) => v === '1') };
}

/** Optional, with no default: undefined when unset or empty. */
export function optional<T>(description: string, schema: z.ZodType<T>): EnvVar<T | undefined> {
  return { description, schema: z.preprocess((v) => (v === '' ? undefined : v), schema.optional()) as z.ZodType<T | undefined> };
}

export class ServiceEnvError extends Error {}

export function readServiceEnv<S extends EnvSpec>(service: string, spec: S, env: NodeJS.ProcessEnv = process.env): EnvValues<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    const r = v.schema.safeParse(raw === '' && v.defaultText !== undefined && v.defaultText !== '(empty)' ? undefined : raw);
    if (r.success) out[name] = r.data;
    else problems.push(`${name}=${JSON.stringify(raw)}: ${r.error.issues.map((i) => i.message).join('; ')} — ${v.description}`);
  }
  if (problems.length > 0) throw new ServiceEnvError(`invalid environment (see ${service} --help):\n  ${problems.join('\n  ')}`);
  return out as EnvValues<S>;
}

export function serviceEnvHelp(spec: EnvSpec): string {
  const width = Math.max(...Object.keys(spec).map((n) => n.length));
  return Object.entries(spec)
    .map(([name, v]) => `  ${name.padEnd(width)}  ${v.description}${v.defaultText !== undefined ? ` (default ${v.defaultText})` : ''}`)
    .join('\n');
}
