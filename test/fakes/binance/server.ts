/**
 * TEST SUPPORT ONLY: the one HTTP + WebSocket server of the Binance fake: routes `METHOD /path` to the
 * endpoint modules, logs every request, injects faults and checks signed requests.
 *
 * Follows Binance's documented request rules (Spot API "General API Information", "Request
 * security" / "SIGNED Endpoint security"; the USDⓈ-M Futures API has the same):
 * - Parameters in the query string, and for POST / PUT also in an `application/x-www-form-urlencoded` body.
 * - SIGNED endpoints need the `X-MBX-APIKEY` header (-2014), `timestamp` within `recvWindow`
 *   (default 5000 ms) of the server's clock (-1021) and a `signature` (any value is accepted).
 * - Errors as JSON `{"code":…,"msg":…}`; 429 (and 418) carry `Retry-After` seconds.
 * An unknown `METHOD /path` is a 404, recorded in `unhandled`, so a test notices when ccxt needs more.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BinanceError, missingParam } from './binance-error.js';

export type Params = Readonly<Record<string, string>>;

export interface Route {
  /** A SIGNED endpoint (TRADE / USER_DATA): api key, timestamp and signature checked first. */
  readonly signed: boolean;
  /** The response body; throws BinanceError for an error answer. */
  readonly handle: (q: Params) => unknown;
}

/** Keyed `METHOD /path`, e.g. `GET /api/v3/exchangeInfo`. */
export type Routes = Readonly<Record<string, Route>>;

/** One HTTP request as the fake received it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  /** Query string and form body together. */
  readonly params: Params;
}

export type FakeFault =
  /** Answer with this HTTP status and Binance error body (and Retry-After seconds, for 429/418). */
  | { readonly kind: 'error'; readonly status: number; readonly code: number; readonly msg: string; readonly retryAfterSec?: number }
  /** Hold the answer `ms`; with `apply` the request takes effect first (a timeout after the venue acted). */
  | { readonly kind: 'delay'; readonly ms: number; readonly apply: boolean }
  /**
   * Late landing: the request reaches the venue but no answer ever comes back (the connection drops
   * at once: the client gave up), and the venue applies it `landAfterMs` later. Binance checks the
   * request's `recvWindow` again when it reaches the matching engine (-5028 spot, -4188 USDⓈ-M
   * "Timestamp for this request is outside of the ME recvWindow"): landing later than that makes no order.
   */
  | { readonly kind: 'late_landing'; readonly landAfterMs: number };

/** What became of a late-landing request (see `FakeFault`). */
export interface LateLanding {
  readonly method: string;
  readonly path: string;
  readonly params: Params;
  /** Null until it landed; then the venue's answer (an order, or the ME recvWindow error). */
  outcome: { readonly status: number; readonly body: unknown } | null;
}

export interface FaultMatch {
  readonly method?: string;
  readonly path: string;
  /** Only requests whose parameters have these values (e.g. `{ type: 'MARKET' }`: closes, not stop orders). */
  readonly params?: Readonly<Record<string, string>>;
}

export interface ServerOptions {
  readonly routes: Routes;
  /** The server's clock, for `recvWindow` checks. */
  readonly now: () => number;
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

interface PendingFault {
  readonly method: string | undefined;
  readonly path: string;
  readonly params: Readonly<Record<string, string>> | undefined;
  readonly fault: FakeFault;
  left: number;
}

export class FakeServer {
  /** Every request, parsed, in arrival order. */
  readonly requests: FakeRequest[] = [];
  /** Every request as `METHOD /path?query` (the URL as sent), in arrival order. */
  readonly requestLines: string[] = [];
  /** The subset of `requestLines` the fake does not implement (answered 404). */
  readonly unhandled: string[] = [];
  /** Every late-landing request, in arrival order, with its outcome once it landed. */
  readonly lateLandings: LateLanding[] = [];
  private readonly faults: PendingFault[] = [];
  private readonly landingTimers = new Set<NodeJS.Timeout>();

  private readonly server = createServer((req, res) => {
    this.onRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: -1000, msg: String(e) }));
    });
  });
  private port = 0;

  private constructor(private readonly opts: ServerOptions) {
    this.server.on('upgrade', opts.onUpgrade);
  }

  /** Starts on 127.0.0.1 and a free port. */
  static async start(opts: ServerOptions): Promise<FakeServer> {
    const s = new FakeServer(opts);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.server.listen(0, '127.0.0.1', () => resolve());
    });
    s.port = (s.server.address() as AddressInfo).port;
    return s;
  }

  /** `http://127.0.0.1:<port>` */
  get httpBase(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `ws://127.0.0.1:<port>` */
  get wsRoot(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next `times` requests matching method + path fail as told (Infinity: until cleared). */
  injectFault(match: FaultMatch, fault: FakeFault, times = 1): void {
    this.faults.push({ method: match.method, path: match.path, params: match.params, fault, left: times });
  }

  /** Drops every pending fault on these paths. */
  clearFaults(paths: readonly string[]): void {
    for (let i = this.faults.length - 1; i >= 0; i--) if (paths.includes((this.faults[i] as PendingFault).path)) this.faults.splice(i, 1);
  }

  async close(): Promise<void> {
    for (const t of this.landingTimers) clearTimeout(t);
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private takeFault(method: string, path: string, params: Params): FakeFault | null {
    const i = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path === path && f.left > 0 && Object.entries(f.params ?? {}).every(([k, v]) => params[k] === v));
    if (i < 0) return null;
    const f = this.faults[i] as PendingFault;
    f.left -= 1;
    if (f.left === 0) this.faults.splice(i, 1);
    return f.fault;
  }

  private checkSigned(req: IncomingMessage, q: Params): void {
    if (!req.headers['x-mbx-apikey']) throw new BinanceError(401, -2014, 'API-key format invalid.');
    const ts = q.timestamp;
    if (ts === undefined || ts === '') throw missingParam('timestamp');
    if (!q.signature) throw missingParam('signature');
    const recvWindow = q.recvWindow === undefined ? 5_000 : Number(q.recvWindow);
    const t = Number(ts);
    const now = this.opts.now();
    if (t > now + 1_000) throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
    if (now - t > recvWindow) throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const line = `${method} ${req.url ?? ''}`;
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST' || method === 'PUT') Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(req))));
    this.requests.push({ method, path: url.pathname, params });
    this.requestLines.push(line);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(body));
    };
    const route = this.opts.routes[`${method} ${url.pathname}`];
    if (!route) {
      this.unhandled.push(line);
      return json(404, { code: -1, msg: `fake binance does not implement ${method} ${url.pathname}` });
    }
    const fault = this.takeFault(method, url.pathname, params);
    const run = (): { status: number; body: unknown } => {
      try {
        if (route.signed) this.checkSigned(req, params);
        return { status: 200, body: route.handle(params) };
      } catch (e) {
        if (e instanceof BinanceError) return { status: e.status, body: { code: e.code, msg: e.message } };
        throw e;
      }
    };
    if (fault?.kind === 'error') {
      return json(fault.status, { code: fault.code, msg: fault.msg }, fault.retryAfterSec === undefined ? {} : { 'Retry-After': String(fault.retryAfterSec) });
    }
    if (fault?.kind === 'late_landing') {
      const late: LateLanding = { method, path: url.pathname, params, outcome: null };
      this.lateLandings.push(late);
      res.destroy();
      const timer = setTimeout(() => {
        this.landingTimers.delete(timer);
        const meRecvWindow = url.pathname.startsWith('/fapi/') ? -4188 : -5028;
        const ts = Number(params.timestamp);
        const recvWindow = params.recvWindow === undefined ? 5_000 : Number(params.recvWindow);
        late.outcome = this.opts.now() - ts > recvWindow ? { status: 400, body: { code: meRecvWindow, msg: 'Timestamp for this request is outside of the ME recvWindow.' } } : run();
      }, fault.landAfterMs);
      this.landingTimers.add(timer);
      return;
    }
    if (fault?.kind === 'delay') {
      const out = fault.apply ? run() : null;
      await new Promise((r) => setTimeout(r, fault.ms));
      // A delayed request that did not apply never reaches the matching engine: the client gave up.
      if (out) return json(out.status, out.body);
      res.destroy();
      return;
    }
    const out = run();
    json(out.status, out.body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
