import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it: what was asked and how many body bytes went back. */
export interface SeenRequest {
  readonly path: string;
  readonly range: string | null;
  readonly status: number;
  readonly bytesSent: number;
}

export interface PublishOptions {
  /** Serve these bytes instead of the published ones (the .CHECKSUM still describes the published bytes). */
  readonly corruptWith?: Uint8Array;
  /** Cut the connection after this many body bytes, on the first request for the zip only. */
  readonly cutFirstResponseAfter?: number;
  /** Answer the first N requests for the zip with HTTP 503. */
  readonly failFirst?: number;
  /** Answer every request with the whole file (200), Range or not, as some proxies do. */
  readonly ignoreRange?: boolean;
}

/**
 * A stand-in for data.binance.vision on 127.0.0.1: serves zips at Binance's paths with a
 * `<path>.CHECKSUM` beside each (`<sha256>  <file name>`, as Binance writes it), honours
 * `Range: bytes=N-` with 206 and Content-Range, answers 404 for anything not published, and
 * records every request.
 */
export class BinanceDataServer {
  readonly requests: SeenRequest[] = [];
  private readonly files = new Map<string, { body: Uint8Array; opts: PublishOptions; served: number }>();
  private server: Server | null = null;
  private port = 0;

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  publish(remotePath: string, zip: Uint8Array, opts: PublishOptions = {}): void {
    const name = remotePath.split('/').pop() as string;
    const sha = createHash('sha256').update(zip).digest('hex');
    this.files.set(`/${remotePath}`, { body: opts.corruptWith ?? zip, opts, served: 0 });
    this.files.set(`/${remotePath}.CHECKSUM`, { body: Buffer.from(`${sha}  ${name}\n`), opts: {}, served: 0 });
  }

  zipRequests(): SeenRequest[] {
    return this.requests.filter((r) => r.path.endsWith('.zip'));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = req.url ?? '/';
      const range = req.headers.range ?? null;
      const file = this.files.get(path);
      const record = (status: number, bytesSent: number): void => {
        this.requests.push({ path, range, status, bytesSent });
      };
      if (file === undefined) {
        res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        record(404, 0);
        return;
      }
      file.served++;
      if (file.opts.failFirst !== undefined && file.served <= file.opts.failFirst) {
        res.writeHead(503).end('slow down');
        record(503, 0);
        return;
      }
      const size = file.body.length;
      let start = 0;
      const m = range === null || file.opts.ignoreRange === true ? null : /^bytes=(\d+)-$/.exec(range);
      if (m !== null) {
        start = Number(m[1]);
        if (start >= size) {
          res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
          record(416, 0);
          return;
        }
        res.writeHead(206, { 'content-length': size - start, 'content-range': `bytes ${start}-${size - 1}/${size}` });
      } else {
        res.writeHead(200, { 'content-length': size });
      }
      const body = file.body.subarray(start);
      const cut = file.opts.cutFirstResponseAfter;
      if (cut !== undefined && file.served === 1 && path.endsWith('.zip')) {
        const part = body.subarray(0, cut);
        res.write(part, () => {
          record(m === null ? 200 : 206, part.length);
          res.destroy(); // the connection drops mid-file, after these bytes left
        });
        return;
      }
      res.end(body);
      record(m === null ? 200 : 206, body.length);
    });
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
