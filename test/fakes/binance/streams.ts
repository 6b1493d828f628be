/**
 * TEST SUPPORT ONLY: the WebSocket market streams of the Binance fake, enough for ccxt.pro's
 * `watchTrades` (its subscription bookkeeping and reconnects run for real).
 *
 * Follows Binance's documented Spot "WebSocket Streams" (spot/web-socket-streams):
 * - Connections on `…/ws` and `…/ws/<streamName>` (a raw stream named in the path is subscribed from
 *   the start; ccxt puts a connection index there instead, e.g. `/ws/0`, which names no stream).
 * - "Live Subscribing/Unsubscribing to streams": `SUBSCRIBE` / `UNSUBSCRIBE` / `LIST_SUBSCRIPTIONS` →
 *   `{"result":…,"id":…}`; errors as `{"error":{"code":2|3,"msg":…},"id":…}`.
 * - "Trade Streams" `<symbol>@trade`: `{"e":"trade","E","s","t","p","q","T","m","M"}`.
 * Faults: `drop()` kills every open socket without a close frame (a network failure); `refuse(true)`
 * resets every new socket before the handshake (an outage). Other upgrade paths (e.g. the WebSocket
 * API `/ws-api/v3`, not implemented) get a 404.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { FakeTrade } from './market-data.js';

const RequestId = z.union([z.number(), z.string()]);
const StreamNames = z.array(z.string());

/** `field` of a JSON request when it has the expected shape, else null (Binance answers an error then). */
function field<T>(schema: z.ZodType<T>, msg: unknown, name: string): T | null {
  const obj = z.record(z.string(), z.unknown()).safeParse(msg);
  if (!obj.success) return null;
  const v = schema.safeParse(obj.data[name]);
  return v.success ? v.data : null;
}

export class MarketStreams {
  /** Every upgrade path accepted, in arrival order (one entry per connection ever opened). */
  readonly connections: string[] = [];
  /** Every JSON request received on any socket, in arrival order. */
  readonly requests: unknown[] = [];
  private readonly streamsOf = new Map<WebSocket, Set<string>>();
  private readonly waiters: { stream: string; resolve: () => void }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private refusing = false;
  private refusedCount = 0;

  get open(): number {
    return this.streamsOf.size;
  }

  get refused(): number {
    return this.refusedCount;
  }

  refuse(refuse: boolean): void {
    this.refusing = refuse;
  }

  untilSubscribed(stream: string): Promise<void> {
    if (this.isSubscribed(stream)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ stream, resolve }));
  }

  /** Sends the trade to every open socket subscribed to `<symbol>@trade`; returns how many got it. */
  sendTrade(t: FakeTrade): number {
    const stream = `${t.symbol.toLowerCase()}@trade`;
    const event: Record<string, unknown> = { e: 'trade', E: t.time + 1, s: t.symbol, t: t.id, p: t.price, q: t.qty, T: t.time };
    if (t.buyerIsMaker !== undefined) event.m = t.buyerIsMaker;
    event.M = true;
    const text = JSON.stringify(event);
    let sent = 0;
    for (const [ws, streams] of this.streamsOf) {
      if (streams.has(stream) && ws.readyState === WebSocket.OPEN) {
        ws.send(text);
        sent += 1;
      }
    }
    return sent;
  }

  /** Destroys every open socket without a close frame; returns how many were open. */
  drop(): number {
    const open = [...this.streamsOf.keys()];
    for (const ws of open) {
      this.streamsOf.delete(ws);
      ws.terminate();
    }
    return open.length;
  }

  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.refusing) {
      this.refusedCount += 1;
      socket.destroy();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const match = /\/ws(?:\/([^/]*))?$/.exec(path);
    if (!match) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connections.push(path);
      const initial = new Set<string>();
      const named = match[1];
      if (named && named.includes('@')) initial.add(named);
      this.streamsOf.set(ws, initial);
      ws.on('message', (data) => this.onMessage(ws, data));
      ws.on('close', () => this.streamsOf.delete(ws));
      ws.on('error', () => this.streamsOf.delete(ws));
      this.notifyWaiters();
    });
  }

  async close(): Promise<void> {
    for (const ws of this.streamsOf.keys()) ws.terminate();
    this.streamsOf.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private isSubscribed(stream: string): boolean {
    return [...this.streamsOf.values()].some((s) => s.has(stream));
  }

  private notifyWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i] as (typeof this.waiters)[number];
      if (this.isSubscribed(w.stream)) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private onMessage(ws: WebSocket, data: RawData): void {
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null }));
      return;
    }
    this.requests.push(msg);
    const method = field(z.string(), msg, 'method');
    const id = field(RequestId, msg, 'id');
    const params = field(StreamNames, msg, 'params');
    const streams = this.streamsOf.get(ws);
    if (!streams) return;
    if ((method === 'SUBSCRIBE' || method === 'UNSUBSCRIBE') && params) {
      for (const p of params) {
        if (method === 'SUBSCRIBE') streams.add(p);
        else streams.delete(p);
      }
      ws.send(JSON.stringify({ result: null, id }));
      this.notifyWaiters();
      return;
    }
    if (method === 'LIST_SUBSCRIPTIONS') {
      ws.send(JSON.stringify({ result: [...streams], id }));
      return;
    }
    ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown method or params' }, id }));
  }
}
