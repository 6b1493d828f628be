import { createServer, type Server } from 'node:http';

/**
 * Cloud Run services must listen on $PORT; ours answer /healthz and /status (JSON counters the local
 * stack and operators read).
 */
export function startStatusServer(port: number, status: () => unknown): Promise<Server> {
  const srv = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.url === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => srv.listen(port, '127.0.0.1', () => resolve(srv)));
}

/** Exit when the parent that started us is gone (the local stack was killed hard). */
export function exitWithParent(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1_000).unref();
}
