import { createServer, type Server } from 'node:http';

export interface StatusServerOptions {
  /**
   * Readiness: `/readyz` answers 200 while this returns true, 503 otherwise (a standby analytics
   * instance, a streamer still loading markets, a service shutting down). Default: ready once listening.
   */
  readonly ready?: () => boolean;
  /** Interface to bind; default {@link statusHost}. */
  readonly host?: string;
}

/**
 * Cloud Run sets K_SERVICE and sends its probes and requests to the container's external interface, so
 * there the server must bind every interface; on a laptop it stays on loopback (nothing else should
 * reach a local stack's ports).
 */
export function statusHost(env: { readonly K_SERVICE?: string | undefined }): string {
  return env.K_SERVICE ? '0.0.0.0' : '127.0.0.1';
}

/**
 * Cloud Run services must listen on $PORT; ours answer
 *   /healthz  liveness: 200 while the process answers at all (Cloud Run's startup and liveness probe:
 *             a standby analytics instance must pass it, or a redeploy would wait on the old revision's lease);
 *   /readyz   readiness: 200 when the service does its work, else 503 with the reason in the body;
 *   /status   JSON counters the local stack and operators read.
 */
export function startStatusServer(port: number, status: () => unknown, opts: StatusServerOptions = {}): Promise<Server> {
  const ready = opts.ready ?? (() => true);
  const srv = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path === '/readyz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ready' : 'not ready');
      return;
    }
    if (path === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, opts.host ?? '127.0.0.1', () => {
      srv.off('error', reject);
      resolve(srv);
    });
  });
}

/** Exit when the parent that started us is gone (the local stack was killed hard). */
export function exitWithParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1_000).unref();
}
