import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import { BusPublisher, pubsubClient } from '@cascade/adapters/pubsub';
import { isTapeFormat, supportedTapeFormatsText, tryInferTapeIdentity } from '@cascade/core';
import { systemClock } from '@cascade/adapters/clock';
import { type StreamStatusDocWriter, startStreamStatusDoc } from './stream-status-doc.js';
import { exitWithParent, startStatusServer, statusHost } from '../shared/status-server.js';
import { gracefulShutdown } from '../shared/shutdown.js';
import { replayTape } from './replay.js';
import { replayTapes } from './replay-set.js';
import { streamerEnv } from './streamer-env.js';
import { processLogs } from '@cascade/adapters/logging';
import { readServiceEnv, serviceEnvHelp } from '../shared/service-env.js';

const HELP = `cascade streamer: publishes trades to Pub/Sub (market.trades, ordered by symbol)

  --tape FILE        replay a tape (ccxt JSON/CSV, Binance trades/aggTrades CSV or zip, Parquet); give it
                     several times to replay several symbols at once, each symbol from its file name
  --symbol S         symbol of the tape when its file name does not say (e.g. BTC/USDT)
  --exchange E       exchange of the tape (default: from the file name)
  --format F         tape format when detection cannot tell (${supportedTapeFormatsText()})
  --speed N|max      replay at N× wall clock, or as fast as possible (default 1000)
  --live             stream --symbols from --exchange with ccxt.pro watchTrades instead
  --symbols A,B      symbols to stream live
  --watchlist        with --live: also stream the active entries of watchlists/{exchange}_{market-type}, following changes
  --market-type T    spot|perp: with --watchlist, the watchlist to follow (default spot); with --tape, trade
                     the tape as this market whatever its symbol says (default: BTC/USDT:USDT is perp, BTC/USDT spot)
  --port P           status port (default $PORT or 8081)

Environment (validated at start):
${serviceEnvHelp(streamerEnv)}
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tape: { type: 'string', multiple: true },
      symbol: { type: 'string' },
      exchange: { type: 'string' },
      format: { type: 'string' },
      speed: { type: 'string', default: '1000' },
      live: { type: 'boolean', default: false },
      symbols: { type: 'string' },
      watchlist: { type: 'boolean', default: false },
      'market-type': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = readServiceEnv('streamer', streamerEnv);
  const logs = processLogs('streamer', env);
  exitWithParent();
  // A batch waits at most 1 ms for companions in the client (it waited 5): the wait is publish → fill
  // latency of every trigger trade, and flushes of up to 500 trades rarely have companions to wait for.
  const bus = new BusPublisher(pubsubClient(env.GOOGLE_CLOUD_PROJECT), { publishTwice: env.CASCADE_PUBLISH_TWICE, batching: { maxMessages: 100, maxMilliseconds: 1 } });
  const encoding = env.CASCADE_TRADES_ENCODING;
  const port = values.port !== undefined ? Number(values.port) : env.PORT;
  const host = statusHost(env);
  // One structured `metrics` entry a minute (issue 12 item 5): what /status says, readable from outside.
  const metricsEveryMinute = (read: () => unknown): void => void setInterval(() => logs.fields('INFO', 'metrics', { metrics: read() }), 60_000).unref();
  // And `stream_status/{exchange}` every few seconds for the dashboard's stream health (issue 13).
  const mode = values.live ? 'live' : 'replay';
  const exchange = values.exchange ?? (values.live ? 'binance' : tryInferTapeIdentity(basename(values.tape?.[0] ?? '')).exchange);
  // Firestore's client loads while the stream starts (it is not on the trade path).
  const statusDb = env.CASCADE_STREAM_STATUS_MS > 0 ? import('@cascade/adapters/firestore').then(({ firestore }) => firestore()) : null;
  let statusDoc: Promise<StreamStatusDocWriter> | null = null;
  const everyMinute = (read: () => unknown): void => {
    metricsEveryMinute(read);
    statusDoc = statusDb?.then((db) => startStreamStatusDoc(db, read, { exchange, mode, everyMs: env.CASCADE_STREAM_STATUS_MS, now: () => systemClock.now(), log: (l) => console.warn(l) })) ?? null;
    statusDoc?.catch((e: unknown) => console.warn(`streamer: no stream status for the dashboard: ${(e as Error).message}`));
  };
  // SIGTERM (Cloud Run scale-in or redeploy) and Ctrl-C: trades already handed to the publisher go out
  // before the process exits; the next instance resumes from the venue's stream.
  gracefulShutdown('streamer').add('flush publisher', () => bus.flush());
  if (values.live) {
    const exchange = values.exchange ?? 'binance';
    const symbols = (values.symbols ?? '').split(',').filter(Boolean);
    if (values.watchlist) {
      const marketType = values['market-type'] ?? 'spot';
      if (marketType !== 'spot' && marketType !== 'perp') throw new Error('--market-type must be spot or perp');
      const [{ streamLiveWatchlist }, { firestore }] = await Promise.all([import('./watchlist-follow.js'), import('@cascade/adapters/firestore')]);
      await streamLiveWatchlist({ bus, encoding, db: firestore(), exchange, marketType, pinned: symbols, port, host, onStatus: everyMinute });
      return;
    }
    if (symbols.length === 0) throw new Error('--live needs --symbols, e.g. --symbols BTC/USDT,ETH/USDT');
    // ccxt is large: load it only when streaming live.
    const { streamLive } = await import('./live.js');
    await streamLive({ bus, encoding, exchange, symbols, port, host, onStatus: everyMinute });
    return;
  }
  const tapes = values.tape ?? [];
  if (tapes.length === 0) throw new Error('--tape FILE is required (or --live)');
  if (tapes.length > 1 && values.symbol !== undefined) throw new Error('--symbol names the symbol of one tape; with several --tape, name each file for its symbol (e.g. binance-btcusdt-trades.csv)');
  const speed: number | 'max' = values.speed === 'max' ? 'max' : Number(values.speed);
  if (speed !== 'max' && !(speed > 0)) throw new Error(`--speed must be a positive number or "max", got ${values.speed}`);
  if (values.format !== undefined && !isTapeFormat(values.format)) throw new Error(`--format must be one of: ${supportedTapeFormatsText()}`);
  const market = values['market-type'];
  if (market !== undefined && market !== 'spot' && market !== 'perp') throw new Error(`--market-type must be spot or perp, got "${market}"`);
  const common = { bus, encoding, exchange: values.exchange, format: values.format, speed, ...(market ? { market: market as 'spot' | 'perp' } : {}) };
  const run = tapes.length === 1 ? replayTape({ ...common, path: resolve(tapes[0] as string), symbol: values.symbol }) : replayTapes({ ...common, paths: tapes.map((t) => resolve(t)) });
  await startStatusServer(port, () => run.status(), { host });
  everyMinute(() => run.status());
  await run.done;
  // The dashboard's last word from a replay: `done` (bounded: a stuck write must not hold the exit).
  if (statusDoc) await Promise.race([(statusDoc as Promise<StreamStatusDocWriter>).then((w) => w.flush()), new Promise((r) => setTimeout(r, 5_000).unref())]).catch(() => undefined);
  console.log(`streamer: tape done, ${JSON.stringify(run.status())}`);
}

main().catch((e: unknown) => {
  console.error(`streamer: ${(e as Error).message}`);
  process.exit(1);
});
