/**
 * TEST SUPPORT ONLY: the public WebSocket trade streams of the Bybit fake, enough for ccxt.pro's
 * `watchTrades` (its subscription bookkeeping, pings and parsing run for real).
 *
 * Follows Bybit's documented V5 public WebSocket (docs/v5/websocket/public/trade and the connect guide):
 * - Connections on `/v5/public/linear` and `/v5/public/spot` (other paths: 404 before the handshake).
 * - `{"op":"subscribe","args":["publicTrade.BTCUSDT"],"req_id":…}` → `{"success":true,"ret_msg":"subscribe",
 *   "conn_id":…,"req_id":…,"op":"subscribe"}`; an unknown topic → `success:false` with
 *   `ret_msg:"error:handler not found,topic:…"`; `unsubscribe` alike; `{"op":"ping"}` →
 *   `{"success":true,"ret_msg":"pong",…,"op":"ping"}`.
 * - Trades on `publicTrade.<symbol>`: `{"topic","type":"snapshot","ts","data":[{"T","s","S","v","p","L","i","BT","seq"}]}`
 *   (`L`, the tick direction, on linear only).
 * `drop()` kills every open socket without a close frame (a network failure).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';

const PATHS = { '/v5/public/linear': 'linear', '/v5/public/spot': 'spot' } as const;
type StreamCategory = (typeof PATHS)[keyof typeof PATHS];

const Request = z.object({ op: z.string(), args: z.array(z.string()).optional(), req_id: z.union([z.string(), z.number()]).optional() });

/** One public trade as a test pushes it. */
export interface FakeBybitTrade {
  readonly symbol: string;
  /** Trade id (Bybit sends a UUID). */
  readonly id: string;
  readonly price: string;
  readonly qty: string;
  /** Taker side. */
  readonly side: 'Buy' | 'Sell';
  /** Fill time, ms. */
  readonly time: number;
}

interface Conn {
  readonly category: StreamCategory;
  readonly id: string;
  readonly topics: Set<string>;
}

export class PublicStreams {
  /** Every JSON request received on any socket, in arrival order. */
  readonly requests: unknown[] = [];
  private readonly conns = new Map<WebSocket, Conn>();
  private readonly waiters: { category: StreamCategory; topic: string; resolve: () => void }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private nextConn = 1;
  private seq = 1_000_000;

  constructor(private readonly topicOk: (category: StreamCategory, symbol: string) => boolean) {}

  get open(): number {
    return this.conns.size;
  }

  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const category = (PATHS as Readonly<Record<string, StreamCategory | undefined>>)[path];
    if (category === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = { category, id: `fake-conn-${this.nextConn++}`, topics: new Set() };
      this.conns.set(ws, conn);
      ws.on('message', (data: RawData) => this.onMessage(ws, conn, data));
      ws.on('close', () => this.conns.delete(ws));
      ws.on('error', () => this.conns.delete(ws));
    });
  }

  /** Resolves once an open socket of `category` is subscribed to `topic` (e.g. publicTrade.BTCUSDT). */
  untilSubscribed(category: StreamCategory, topic: string): Promise<void> {
    if ([...this.conns.values()].some((c) => c.category === category && c.topics.has(topic))) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ category, topic, resolve }));
  }

  /** Sends the trade on `publicTrade.<symbol>` of `category`; returns how many sockets got it. */
  sendTrade(category: StreamCategory, t: FakeBybitTrade): number {
    const topic = `publicTrade.${t.symbol}`;
    const trade: Record<string, unknown> = { T: t.time, s: t.symbol, S: t.side, v: t.qty, p: t.price, i: t.id, BT: false, seq: this.seq++ };
    if (category === 'linear') trade.L = 'PlusTick';
    const msg = JSON.stringify({ topic, type: 'snapshot', ts: t.time, data: [trade] });
    let sent = 0;
    for (const [ws, c] of this.conns) {
      if (c.category === category && c.topics.has(topic) && ws.readyState === WebSocket.OPEN) {
        ws.send(msg);
        sent += 1;
      }
    }
    return sent;
  }

  drop(): number {
    const n = this.conns.size;
    for (const ws of this.conns.keys()) ws.terminate();
    this.conns.clear();
    return n;
  }

  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onMessage(ws: WebSocket, conn: Conn, data: RawData): void {
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
    } catch {
      raw = null;
    }
    this.requests.push(raw);
    const req = Request.safeParse(raw);
    const reply = (body: Record<string, unknown>) => ws.send(JSON.stringify({ conn_id: conn.id, req_id: req.success ? (req.data.req_id ?? '') : '', ...body }));
    if (!req.success) return reply({ success: false, ret_msg: 'error:request not a JSON object with op', op: '' });
    const { op, args = [] } = req.data;
    if (op === 'ping') return reply({ success: true, ret_msg: 'pong', op: 'ping' });
    if (op !== 'subscribe' && op !== 'unsubscribe') return reply({ success: false, ret_msg: `error:handler not found,op:${op}`, op });
    const bad = args.find((t) => !(t.startsWith('publicTrade.') && this.topicOk(conn.category, t.slice('publicTrade.'.length))));
    if (bad !== undefined) return reply({ success: false, ret_msg: `error:handler not found,topic:${bad}`, op });
    for (const t of args) {
      if (op === 'subscribe') conn.topics.add(t);
      else conn.topics.delete(t);
    }
    reply({ success: true, ret_msg: op, op });
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as (typeof this.waiters)[number];
      if (w.category === conn.category && conn.topics.has(w.topic)) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}
