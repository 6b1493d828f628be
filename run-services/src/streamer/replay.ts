import type { BusPublisher } from '@cascade/adapters/pubsub';
import { type TapeFormat, type TradesEncoding, marketFromTape, tapeMarketType } from '@cascade/core';
import { openTape } from '@cascade/adapters/tape-files';
import { sleep, systemClock } from '@cascade/adapters/clock';
import { Pacer } from './pacer.js';
import { TradePublisher } from './trade-publisher.js';

export interface ReplayStatus {
  state: 'opening' | 'running' | 'done' | 'failed';
  tape: string;
  symbol: string | null;
  published: number;
  batches: number;
  tapeTs: number;
  firstTs: number;
  lastTs: number | null;
  progress: number | null;
  tradesPerSec: number;
  rejected: Record<string, number>;
  error: string | null;
  publishedAtDone: number | null;
}

/** Don't sleep for gaps shorter than this: batching nearby trades beats waking per trade. */
const MIN_SLEEP_MS = 20;

/** Replay one tape onto the bus at the pacer's speed. `done` resolves once every batch is published. */
export function replayTape(opts: { bus: BusPublisher; path: string; symbol?: string; exchange?: string; format?: TapeFormat; speed: number | 'max'; market?: 'spot' | 'perp'; encoding?: TradesEncoding }): { status: () => ReplayStatus; done: Promise<void> } {
  const st: ReplayStatus = { state: 'opening', tape: opts.path, symbol: null, published: 0, batches: 0, tapeTs: 0, firstTs: 0, lastTs: null, progress: null, tradesPerSec: 0, rejected: {}, error: null, publishedAtDone: null };
  let rateMark = { t: systemClock.now(), n: 0 };
  let pub: TradePublisher | null = null;
  let getRejected: () => Record<string, number> = () => ({});
  const status = (): ReplayStatus => {
    if (pub) {
      st.published = pub.published;
      st.batches = pub.batches;
      st.tapeTs = pub.lastTs;
      if (st.lastTs !== null && st.lastTs > st.firstTs) st.progress = Math.min(1, Math.max(0, (pub.lastTs - st.firstTs) / (st.lastTs - st.firstTs)));
      const now = systemClock.now();
      if (now - rateMark.t >= 1_000) {
        st.tradesPerSec = Math.round(((pub.published - rateMark.n) * 1000) / (now - rateMark.t));
        rateMark = { t: now, n: pub.published };
      }
    }
    st.rejected = getRejected();
    return { ...st };
  };
  const done = (async () => {
    const tape = await openTape(opts.path, { symbol: opts.symbol, exchange: opts.exchange, format: opts.format });
    getRejected = () => tape.stats().rejected;
    const market = marketFromTape(tape.exchange, tape.symbol, tape.precision, tapeMarketType(tape.symbol, tape.format === 'truefx-quotes-csv', opts.market));
    st.symbol = market.symbol;
    if (tape.timeRange) {
      st.firstTs = tape.timeRange.first;
      st.lastTs = tape.timeRange.last;
    }
    pub = new TradePublisher(opts.bus, market, 'replay', () => systemClock.now(), undefined, undefined, opts.encoding);
    const pacer = new Pacer(opts.speed, () => systemClock.now());
    st.state = 'running';
    for await (const batch of tape.batches()) {
      for (const t of batch) {
        if (opts.speed !== 'max') {
          const wait = pacer.dueAt(t.ts) - systemClock.now();
          if (wait > MIN_SLEEP_MS) {
            await pub.flush();
            await sleep(wait);
          }
        }
        await pub.push(t);
      }
    }
    await pub.drain();
    await opts.bus.flush();
    st.state = 'done';
    st.publishedAtDone = pub.published;
    if (st.lastTs === null) st.lastTs = pub.lastTs;
    st.progress = 1;
  })().catch((e: unknown) => {
    st.state = 'failed';
    st.error = (e as Error).message;
    throw e;
  });
  return { status, done };
}
