/**
 * TEST SUPPORT ONLY: the one HTTP server of the Bybit fake: routes `METHOD /path` to the endpoint
 * modules, checks signed requests, wraps answers in Bybit's envelope, logs every request and injects faults.
 *
 * Follows Bybit's documented V5 request rules (docs/v5/guide "Authentication", docs/v5/error):
 * - Private endpoints carry `X-BAPI-API-KEY`, `X-BAPI-TIMESTAMP`, `X-BAPI-SIGN` and optionally
 *   `X-BAPI-RECV-WINDOW` (default 5000 ms). The sign is the lowercase hex HMAC-SHA256, keyed by the
 *   secret, of `timestamp + apiKey + recvWindow + (queryString | jsonBodyString)`, the query string as
 *   sent (not re-sorted). An unknown key is 10003, a wrong sign 10004 (both HTTP 401), and a timestamp
 *   outside `server_time - recv_window <= timestamp < server_time + 1000` is 10002.
 * - GET parameters in the query string; POST parameters as a JSON body.
 * - Every answer is `{retCode, retMsg, result, retExtInfo, time}`; errors keep HTTP 200 except as above.
 * WebSocket upgrades go to the public streams (streams.ts).
 * An unknown `METHOD /path` is a 404, recorded in `unhandled`, so a test notices when ccxt needs more.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BybitError, type Params } from './bybit-error.js';

export interface Route {
  /** A private endpoint: key, timestamp and sign checked first. */
  readonly signed: boolean;
  /** The `result` of the answer; throws BybitError for an error answer. */
  readonly handle: (q: Params) => unknown;
}

/** Keyed `METHOD /path`, e.g. `GET /v5/market/time`. */
export type Routes = Readonly<Record<string, Route>>;

/** One HTTP request as the fake received it, and the retCode it answered (null: no answer was sent). */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  /** Query string or JSON body, parsed. */
  readonly params: Params;
  retCode: number | null;
}

export type FakeFault =
  /** Answer this error without applying the request (it never reached the matching engine). */
  | { readonly kind: 'error'; readonly status?: number; readonly retCode: number; readonly retMsg: string }
  /** Apply the request, then drop the connection without an answer: the venue acted, the client cannot know. */
  | { readonly kind: 'lost' }
  /**
   * Hold the request unapplied and unanswered until the test calls `landLate()`: the client times out
   * and moves on (retries, looks the order up), and only then does the request reach the engine.
   */
  | { readonly kind: 'late' };

export interface FaultMatch {
  readonly method?: string;
  readonly path: string;
}

export interface ServerOptions {
  readonly routes: Routes;
  /** The server's clock, for the recv-window check and `time`. */
  readonly now: () => number;
  /** API key → secret of the accounts the fake knows. */
  readonly keys: Readonly<Record<string, string>>;
  /** WebSocket upgrades (the public streams). */
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

interface PendingFault {
  readonly method: string | undefined;
  readonly path: string;
  readonly fault: FakeFault;
  left: number;
}

/** A request held by a `late` fault, applied by `landLate()`. */
interface Held {
  readonly request: FakeRequest;
  readonly apply: () => { status: number; body: Envelope };
}

interface Envelope {
  readonly retCode: number;
  readonly retMsg: string;
  readonly result: unknown;
  readonly retExtInfo: Record<string, never>;
  readonly time: number;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  readonly requestLines: string[] = [];
  readonly unhandled: string[] = [];
  private readonly faults: PendingFault[] = [];
  private readonly held: Held[] = [];

  private readonly server = createServer((req, res) => {
    this.onRequest(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ retCode: 10016, retMsg: String(e) }));
    });
  });
  private port = 0;

  private constructor(private readonly opts: ServerOptions) {
    this.server.on('upgrade', opts.onUpgrade);
  }

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

  /** The next `times` requests matching method + path fail as told. */
  injectFault(match: FaultMatch, fault: FakeFault, times = 1): void {
    this.faults.push({ method: match.method, path: match.path, fault, left: times });
  }

  /** Applies every request held by a `late` fault, in arrival order; returns the retCode each got. */
  landLate(): number[] {
    const out: number[] = [];
    for (const h of this.held.splice(0)) {
      const answer = h.apply();
      h.request.retCode = answer.body.retCode;
      out.push(answer.body.retCode);
    }
    return out;
  }

  /** Requests held by a `late` fault and not landed yet. */
  get heldCount(): number {
    return this.held.length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
  }

  private takeFault(method: string, path: string): FakeFault | null {
    const i = this.faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path === path && f.left > 0);
    if (i < 0) return null;
    const f = this.faults[i] as PendingFault;
    f.left -= 1;
    if (f.left === 0) this.faults.splice(i, 1);
    return f.fault;
  }

  /** docs/v5/guide "Authentication": key, time window, then the HMAC of the request as sent. */
  private checkSigned(req: IncomingMessage, payload: string): void {
    const header = (name: string): string | undefined => {
      const v = req.headers[name];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
    const key = header('x-bapi-api-key');
    const secret = key === undefined ? undefined : this.opts.keys[key];
    if (key === undefined || secret === undefined) throw new BybitError(10003, 'API key is invalid.', 401);
    const ts = header('x-bapi-timestamp');
    const sign = header('x-bapi-sign');
    if (ts === undefined || sign === undefined) throw new BybitError(10003, 'Invalid request: authentication params must be in the request header.', 401);
    const recvWindow = header('x-bapi-recv-window') ?? '5000';
    const t = Number(ts);
    const now = this.opts.now();
    if (!Number.isFinite(t) || t < now - Number(recvWindow) || t >= now + 1_000) {
      throw new BybitError(10002, `invalid request, please check your server timestamp or recv_window param. req_timestamp[${ts}],server_timestamp[${now}],recv_window[${recvWindow}]`);
    }
    const origin = `${ts}${key}${recvWindow}${payload}`;
    const expected = createHmac('sha256', secret).update(origin).digest('hex');
    if (sign !== expected) throw new BybitError(10004, `error sign! origin_string[${origin}]`, 401);
  }

  private envelope(retCode: number, retMsg: string, result: unknown): Envelope {
    return { retCode, retMsg, result, retExtInfo: {}, time: this.opts.now() };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const line = `${method} ${req.url ?? ''}`;
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://fake');
    const rawQuery = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
    const body = method === 'POST' ? await readBody(req) : '';
    const json = (status: number, b: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
    };
    let params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let badBody = false;
    if (method === 'POST' && body !== '') {
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as Record<string, unknown>;
        else badBody = true;
      } catch {
        badBody = true;
      }
    }
    const request: FakeRequest = { method, path: url.pathname, params, retCode: null };
    this.requests.push(request);
    this.requestLines.push(line);
    const route = this.opts.routes[`${method} ${url.pathname}`];
    if (!route) {
      this.unhandled.push(line);
      return json(404, { retCode: 404, retMsg: `fake bybit does not implement ${method} ${url.pathname}` });
    }
    const run = (): { status: number; body: Envelope } => {
      try {
        if (route.signed) this.checkSigned(req, method === 'POST' ? body : rawQuery);
        if (badBody) throw new BybitError(10001, 'request body is not a JSON object');
        return { status: 200, body: this.envelope(0, 'OK', route.handle(params)) };
      } catch (e) {
        if (e instanceof BybitError) return { status: e.status, body: this.envelope(e.retCode, e.message, {}) };
        throw e;
      }
    };
    const fault = this.takeFault(method, url.pathname);
    if (fault?.kind === 'error') {
      request.retCode = fault.retCode;
      return json(fault.status ?? 200, this.envelope(fault.retCode, fault.retMsg, {}));
    }
    if (fault?.kind === 'late') {
      // Neither applied nor answered now: the client's timeout fires; landLate() applies it later.
      this.held.push({ request, apply: run });
      req.socket.once('close', () => res.destroy());
      return;
    }
    const out = run();
    if (fault?.kind === 'lost') {
      // Applied, then the connection drops before the answer: the venue acted, the client cannot know.
      request.retCode = null;
      res.destroy();
      return;
    }
    request.retCode = out.body.retCode;
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
