import { createHash } from 'node:crypto';
import { format } from 'node:util';
import { currentLogContext } from './log-context.js';

/**
 * Cloud Logging reads one JSON object per stdout line as a structured entry (`severity`, `message`,
 * `logging.googleapis.com/trace`, `logging.googleapis.com/labels`): this turns every console call of a
 * deployed process into one, without touching the call sites. console.debug → DEBUG, log/info → INFO,
 * warn → WARNING, error → ERROR. Lines written while a message is handled carry its correlation id as
 * a label and as the entry's trace, so the Logs Explorer shows one trade's story across the services
 * and functions ("show entries for this trace"). Text (unchanged) unless CASCADE_LOG_FORMAT=json: the
 * Dockerfiles and the functions' .env set it, a laptop keeps readable lines.
 */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export interface StructuredEntry {
  readonly severity: Severity;
  readonly message: string;
  readonly [field: string]: unknown;
}

/** A stable 32-hex trace id for a correlation id (Cloud Trace ids are 16 bytes of hex). */
export function traceIdOf(correlationId: string): string {
  return createHash('sha256').update(correlationId).digest('hex').slice(0, 32);
}

export function structuredEntry(severity: Severity, message: string, service: string, project: string | null, extra: Record<string, unknown> = {}): StructuredEntry {
  const ctx = currentLogContext();
  const labels: Record<string, string> = { service };
  const entry: Record<string, unknown> = { severity, message, ...extra };
  if (ctx?.correlationId) {
    labels.correlationId = ctx.correlationId;
    entry.correlationId = ctx.correlationId;
    if (project) entry['logging.googleapis.com/trace'] = `projects/${project}/traces/${traceIdOf(ctx.correlationId)}`;
  }
  if (ctx?.eventId) entry.eventId = ctx.eventId;
  if (ctx?.messageType) entry.messageType = ctx.messageType;
  entry['logging.googleapis.com/labels'] = labels;
  return entry as unknown as StructuredEntry;
}

export interface StructuredConsoleOptions {
  readonly service: string;
  readonly project?: string | null;
  readonly write?: (line: string) => void;
}

/** Replaces the console methods with JSON writers; returns a function that restores them. */
export function installStructuredConsole(o: StructuredConsoleOptions): () => void {
  const write = o.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const project = o.project ?? null;
  const saved = { debug: console.debug, log: console.log, info: console.info, warn: console.warn, error: console.error };
  const emit = (severity: Severity) => (...args: unknown[]) => write(JSON.stringify(structuredEntry(severity, format(...args), o.service, project)));
  console.debug = emit('DEBUG');
  console.log = emit('INFO');
  console.info = emit('INFO');
  console.warn = emit('WARNING');
  console.error = emit('ERROR');
  return () => Object.assign(console, saved);
}

/** A process's log format, decided once at start; `fields` lines for the per-minute metrics. */
export interface ProcessLogs {
  readonly json: boolean;
  /** One line with top-level fields (jsonPayload.<field> in Cloud Logging); in text mode `service: message {json}`. */
  fields(severity: Severity, message: string, fields: Record<string, unknown>): void;
  /** Puts the console back (tests). */
  restore(): void;
}

/**
 * Switches this process to structured logs when CASCADE_LOG_FORMAT=json (the Dockerfiles and the
 * functions' .env set it; a laptop keeps text).
 */
export function processLogs(service: string, env: { readonly CASCADE_LOG_FORMAT?: string; readonly GOOGLE_CLOUD_PROJECT?: string; readonly GCLOUD_PROJECT?: string }, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): ProcessLogs {
  const f = env.CASCADE_LOG_FORMAT || 'text';
  if (f !== 'json' && f !== 'text') throw new Error(`CASCADE_LOG_FORMAT must be json or text, got "${f}"`);
  const project = env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT || null;
  const json = f === 'json';
  const restore = json ? installStructuredConsole({ service, project, write }) : () => undefined;
  return {
    json,
    restore,
    fields: (severity, message, fields) => write(json ? JSON.stringify(structuredEntry(severity, message, service, project, fields)) : `${service}: ${message} ${JSON.stringify(fields)}`),
  };
}
