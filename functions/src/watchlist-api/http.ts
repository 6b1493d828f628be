import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/** A request as the API sees it: no framework types, so the same code runs under functions-framework and plain node http. */
export interface ApiRequest {
  readonly method: string;
  /** Path without query string or trailing slash. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  /** Why the body could not be read, if it could not. */
  readonly bodyError: string | null;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Bodies are a few hundred bytes; anything near this is not a watchlist request. */
export const MAX_BODY_BYTES = 16 * 1024;

/** What functions-framework (Express + body-parser) leaves on the request after consuming its stream. */
type FrameworkRequest = IncomingMessage & { rawBody?: unknown };

async function readRaw(req: FrameworkRequest): Promise<Buffer | 'too-large'> {
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody.length > MAX_BODY_BYTES ? 'too-large' : req.rawBody;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export async function toApiRequest(req: FrameworkRequest): Promise<ApiRequest> {
  const url = new URL(req.url ?? '/', 'http://api.local');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  let body: unknown = undefined;
  let bodyError: string | null = null;
  if (method !== 'GET' && method !== 'HEAD') {
    const raw = await readRaw(req);
    if (raw === 'too-large') bodyError = `body larger than ${MAX_BODY_BYTES} bytes`;
    else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        bodyError = 'body is not valid JSON';
      }
    }
  }
  return { method, path, query: url.searchParams, headers: req.headers, body, bodyError };
}

export function sendApiResponse(res: ServerResponse, r: ApiResponse): void {
  res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...r.headers });
  res.end(JSON.stringify(r.body));
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}
