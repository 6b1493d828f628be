import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a log line is about: the envelope's correlation id (one trade's story: setup → signal → order
 * → fill → close share it) and the message being handled. Set around each handled message; every
 * console line written inside carries it (structured-console.ts).
 */
export interface LogContext {
  readonly correlationId?: string | null;
  readonly eventId?: string;
  readonly messageType?: string;
}

const store = new AsyncLocalStorage<LogContext>();

export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return store.run({ ...store.getStore(), ...ctx }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return store.getStore();
}
