// The floor under e2e.publish-to-fill: bare round trips of the emulators themselves, with nothing of
// Cascade in between (issue 14 item 5: "if the emulator bounds it, say so with measurements").
import { createServer } from 'node:http';
import { PubSub, type Message } from '@google-cloud/pubsub';
import { Firestore } from 'firebase-admin/firestore';
import { type BenchLine, percentile, round, rssNowMB } from './bench-line.js';

const ms = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50us: round(percentile(s, 0.5) * 1000, 0), p99us: round(percentile(s, 0.99) * 1000, 0), maxMs: round(s.at(-1) ?? NaN, 1) };
};

/**
 * n sequential timings of f. A random pause (0–150 ms, untimed) goes before each: the emulator polls
 * on fixed intervals, and back-to-back messages would always land at the same point of its cycle.
 */
async function timeN(n: number, f: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await f(); // connections and JIT warm
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * 150));
    const t0 = performance.now();
    await f();
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Pub/Sub: publish → streaming-pull receipt, and publish → push delivery (an HTTP POST to a local
 * server, as the functions get them); Firestore: a document read, and a transaction reading one
 * document and creating another (the shape of decide's and execute's). Sequential, one at a time.
 */
export async function emulatorRoundTrips(hosts: { firestoreHost: string; pubsubHost: string }, n = 100): Promise<BenchLine[]> {
  const projectId = 'demo-bench-round-trips';
  const pubsub = new PubSub({ projectId, apiEndpoint: hosts.pubsubHost, emulatorMode: true });
  const run = `${Date.now()}`;
  const [topic] = await pubsub.createTopic(`rt-${run}`);
  const unbatched = pubsub.topic(topic.name, { batching: { maxMessages: 1, maxMilliseconds: 1 } });
  const lines: BenchLine[] = [];

  // Streaming pull.
  const [pullSub] = await topic.createSubscription(`rt-pull-${run}`);
  const waiting = new Map<string, () => void>();
  pullSub.on('message', (m: Message) => {
    m.ack();
    waiting.get(m.data.toString())?.();
  });
  let seq = 0;
  const viaPull = await timeN(n, async () => {
    const id = `p${seq++}`;
    const got = new Promise<void>((r) => waiting.set(id, r));
    await unbatched.publishMessage({ data: Buffer.from(id) });
    await got;
  });
  await pullSub.close();
  await pullSub.delete();
  lines.push({ name: 'e2e.emulator.pubsub-pull', tradesPerSec: null, ...ms(viaPull), rssMB: rssNowMB(), what: 'publish → streaming-pull receipt' });

  // Push to a local HTTP endpoint.
  const pushed = new Map<string, () => void>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(204).end();
      const data = (JSON.parse(body) as { message?: { data?: string } }).message?.data ?? '';
      pushed.get(Buffer.from(data, 'base64').toString())?.();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const [pushSub] = await topic.createSubscription(`rt-push-${run}`, { pushConfig: { pushEndpoint: `http://127.0.0.1:${port}/` } });
  const viaPush = await timeN(n, async () => {
    const id = `h${seq++}`;
    const got = new Promise<void>((r) => pushed.set(id, r));
    await unbatched.publishMessage({ data: Buffer.from(id) });
    await got;
  });
  // The chain of e2e.publish-to-fill with nothing of Cascade in it: a pulled message (trades →
  // analytics) causes a publish whose push (setup → decide) causes a publish whose push (signal →
  // execute) ends it. Its percentiles are the floor the emulator sets under the whole path.
  const [hop2] = await pubsub.createTopic(`rt2-${run}`);
  const hop2Pub = pubsub.topic(hop2.name, { batching: { maxMessages: 1, maxMilliseconds: 1 } });
  const [hop3] = await pubsub.createTopic(`rt3-${run}`);
  const hop3Pub = pubsub.topic(hop3.name, { batching: { maxMessages: 1, maxMilliseconds: 1 } });
  const [chainPull] = await topic.createSubscription(`rt-chain-pull-${run}`);
  const [chainPush2] = await hop2.createSubscription(`rt-chain-push2-${run}`, { pushConfig: { pushEndpoint: `http://127.0.0.1:${port}/hop2` } });
  const [chainPush3] = await hop3.createSubscription(`rt-chain-push3-${run}`, { pushConfig: { pushEndpoint: `http://127.0.0.1:${port}/hop3` } });
  await pushSub.delete();
  chainPull.on('message', (m: Message) => {
    m.ack();
    const id = m.data.toString();
    if (id.startsWith('c')) {
      pushed.set(`${id}-2`, () => void hop3Pub.publishMessage({ data: Buffer.from(`${id}-3`) }));
      void hop2Pub.publishMessage({ data: Buffer.from(`${id}-2`) });
    }
  });
  const chain = await timeN(n, async () => {
    const id = `c${seq++}`;
    const got = new Promise<void>((r) => pushed.set(`${id}-3`, r));
    await unbatched.publishMessage({ data: Buffer.from(id) });
    await got;
  });
  await chainPull.close();
  await Promise.all([chainPull.delete(), chainPush2.delete(), chainPush3.delete()]);
  await Promise.all([hop2.delete(), hop3.delete()]);
  server.close();
  lines.push({ name: 'e2e.emulator.chain-pull-push-push', tradesPerSec: null, ...ms(chain), rssMB: rssNowMB(), what: 'publish → pull → publish → push → publish → push received: the emulated path with no work at any hop' });
  lines.push({ name: 'e2e.emulator.pubsub-push', tradesPerSec: null, ...ms(viaPush), rssMB: rssNowMB(), what: 'publish → push delivery (HTTP POST received)' });
  const publishOnly = await timeN(n, () => unbatched.publishMessage({ data: Buffer.from('x') }));
  lines.push({ name: 'e2e.emulator.pubsub-publish', tradesPerSec: null, ...ms(publishOnly), rssMB: rssNowMB(), what: 'publish acknowledged by the emulator' });
  await topic.delete();
  await pubsub.close();

  // Firestore.
  process.env.FIRESTORE_EMULATOR_HOST = hosts.firestoreHost;
  const db = new Firestore({ projectId });
  const doc = db.collection('rt').doc('read-me');
  await doc.set({ x: 1 });
  lines.push({ name: 'e2e.emulator.firestore-get', tradesPerSec: null, ...ms(await timeN(n, () => doc.get())), rssMB: rssNowMB(), what: 'one document read' });
  let k = 0;
  const tx = await timeN(n, () =>
    db.runTransaction(async (t) => {
      const s = await t.get(db.collection('rt').doc(`tx-${run}-${k}`));
      if (!s.exists) t.create(db.collection('rt').doc(`tx-${run}-${k++}`), { at: Date.now() });
    }),
  );
  lines.push({ name: 'e2e.emulator.firestore-tx', tradesPerSec: null, ...ms(tx), rssMB: rssNowMB(), what: 'transaction: read one document, create one' });
  await db.terminate();
  return lines;
}
