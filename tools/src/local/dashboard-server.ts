import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

export interface DashboardServerOptions {
  /** The built app (`dashboard/dist`). */
  readonly dist: string;
  readonly projectId: string;
  /** `127.0.0.1:port` of each emulator. */
  readonly authEmulatorHost: string;
  readonly firestoreHost: string;
  /** Port of the watchlist API (it also serves `/api/v1/flatten`); null = no API. */
  readonly apiPort: number | null;
  /** The local stand-in for Storage's `reports/` (report job and backtest outputs). */
  readonly reportsDir: string;
  /** 0 = any free port. */
  readonly port?: number;
}

export interface DashboardServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** `file` when it lies inside `root`, else null (no `..` escapes). */
function inside(root: string, path: string): string | null {
  const file = resolve(root, normalize(path).replace(/^([/\\])+/, ''));
  return file === root || file.startsWith(root + sep) ? file : null;
}

function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(csv|json|html)$/i.test(e.name)) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function sendFile(res: ServerResponse, file: string, cache: string): void {
  res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': cache });
  createReadStream(file).pipe(res);
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/**
 * What Firebase Hosting does for the dashboard, on this machine: the built files, `/__/firebase/init.json`
 * (Hosting's reserved URL with the project's web config), `/api/**` to the watchlist API function (a
 * Hosting rewrite in firebase.json), plus two local-only URLs — `/__/cascade/local.json` naming the
 * emulators, and `/__/cascade/reports[/path]` standing in for Storage's `reports/`.
 */
export async function startDashboardServer(o: DashboardServerOptions): Promise<DashboardServer> {
  const dist = resolve(o.dist);
  const reports = resolve(o.reportsDir);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: build the dashboard first (npm run build -w dashboard)`);
  const [fsHost, fsPort] = o.firestoreHost.split(':') as [string, string];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = decodeURIComponent(url.pathname);
    if (path === '/__/firebase/init.json') return json(res, 200, { projectId: o.projectId, apiKey: 'local-emulator-key', authDomain: '127.0.0.1', storageBucket: `${o.projectId}.appspot.com` });
    if (path === '/__/cascade/local.json') return json(res, 200, { authEmulator: `http://${o.authEmulatorHost}`, firestoreEmulator: { host: fsHost, port: Number(fsPort) }, reports: 'local' });
    if (path === '/__/cascade/reports') return json(res, 200, { files: listFiles(reports) });
    if (path.startsWith('/__/cascade/reports/')) {
      const f = inside(reports, path.slice('/__/cascade/reports/'.length));
      if (!f || !existsSync(f) || !statSync(f).isFile()) return json(res, 404, { error: 'no such report file' });
      return sendFile(res, f, 'no-store');
    }
    if (path.startsWith('/api/')) {
      if (o.apiPort === null) return json(res, 503, { error: { code: 'no_api', message: 'the local stack runs without the watchlist API' } });
      const up = request({ host: '127.0.0.1', port: o.apiPort, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', (e) => json(res, 502, { error: { code: 'api_unreachable', message: e.message } }));
      req.pipe(up);
      return;
    }
    const f = inside(dist, path === '/' ? 'index.html' : path);
    if (f && existsSync(f) && statSync(f).isFile()) return sendFile(res, f, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // The app routes with #/…, but any other path still gets the app (as Hosting's SPA rewrite does).
    return sendFile(res, join(dist, 'index.html'), 'no-cache');
  };
  const server: Server = createServer(handler);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
