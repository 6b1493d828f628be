import { createServer } from 'node:http';

/**
 * A local HTTP server standing in for a chat or webhook API: records every JSON request it receives and
 * answers with `reply`, which a test may change between calls.
 */
export interface JsonRecorder {
  readonly base: string;
  readonly got: { url: string; body: unknown }[];
  reply: { status: number; body: string };
  close(): void;
}

export async function startJsonRecorder(reply: JsonRecorder['reply']): Promise<JsonRecorder> {
  const got: JsonRecorder['got'] = [];
  const rec = { base: '', got, reply, close: () => server.close() };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ url: req.url ?? '', body: JSON.parse(body) as unknown });
      res.writeHead(rec.reply.status, { 'content-type': 'application/json' }).end(rec.reply.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  rec.base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return rec;
}
