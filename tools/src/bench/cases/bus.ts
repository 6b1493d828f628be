// The trades bus (issue 14 item 4): parsing + validating a 500-trade market.trades message as the
// analytics service does (bytes from Pub/Sub → decoded rows), in the row, the JSON columnar and the
// binary columnar encodings.
import { type Trade, TradesEncoding, Topic, encodeBinaryTradeColumns, encodeTradeColumns, messageBytes, parseMessage } from '@cascade/core';
import { plantedTape } from '../../synthetic/index.js';
import { type BenchCase, type BenchLine, percentile, round, rssNowMB } from '../bench-line.js';
import { benchMarket } from '../planted-tape.js';

const BATCH = 500;
const envelope = { type: 'trades.received', eventId: 'b', tsEvent: 1, tsInit: 1, correlationId: 'b', causationId: null } as const;

/** 500 consecutive trades of the planted tape, ids consecutive decimals as the streamer sees them from a venue. */
function batchTrades(): Trade[] {
  return plantedTape({ cycles: 2 }).slice(1_000, 1_000 + BATCH);
}

const rows = (trades: readonly Trade[]) => ({ ...envelope, payload: { market: benchMarket, seq: 1, source: 'replay', trades } });
const columns = (trades: readonly Trade[]) => ({ ...envelope, payload: { encoding: TradesEncoding.ColumnarV1, market: benchMarket, seq: 1, source: 'replay', columns: encodeTradeColumns(trades) } });

const binary = (trades: readonly Trade[]) => ({ ...envelope, payload: { encoding: TradesEncoding.ColumnarBinV1, market: benchMarket, seq: 1, source: 'replay', columns: encodeBinaryTradeColumns(trades) } });

/**
 * The message's bytes as Pub/Sub hands them over: a Buffer, here at an odd offset of a bigger
 * allocation (the client's buffers are slices at any offset), so a binary frame's columns are never
 * aligned and the reader pays its copy of them, the worst case.
 */
function wireBytes(message: object): Buffer {
  const bytes = messageBytes(message);
  const data = Buffer.from(new ArrayBuffer(bytes.length + 3), 3, bytes.length);
  data.set(bytes);
  return data;
}

/** Time parseMessage on the message's bytes, per batch. */
function timeParse(name: string, message: object, extra: Record<string, unknown> = {}): BenchLine {
  const data = wireBytes(message);
  const parse = () => {
    const r = parseMessage(Topic.MarketTrades, data);
    if (!r.ok || r.message.payload.trades.length !== BATCH) throw new Error(`bench message invalid: ${r.ok ? 'wrong length' : r.reason}`);
  };
  for (let i = 0; i < 2_000; i++) parse(); // JIT warm-up
  // Ten rounds of 2 000 batches: tradesPerSec is the median round's, so a round the machine's other
  // work took the CPU from does not decide the number; the best round and CPU time are shown too.
  const rounds = 10;
  const perRound = 2_000;
  const lat = new Float64Array(rounds * perRound);
  const roundRates: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perRound; i++) {
      const s = performance.now();
      parse();
      lat[r * perRound + i] = (performance.now() - s) * 1000;
    }
    roundRates.push((perRound * BATCH) / ((performance.now() - t0) / 1000));
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  lat.sort();
  roundRates.sort((a, b) => a - b);
  return {
    name,
    tradesPerSec: Math.round(percentile(roundRates, 0.5)),
    p50us: round(percentile(lat, 0.5), 1),
    p99us: round(percentile(lat, 0.99), 1),
    rssMB: rssNowMB(),
    batchTrades: BATCH,
    bytes: data.length,
    bytesPerTrade: round(data.length / BATCH, 1),
    bestRoundTradesPerSec: Math.round(roundRates.at(-1) ?? 0),
    cpuTradesPerSec: Math.round((rounds * perRound * BATCH) / cpuSec),
    ...extra,
  };
}

export const cases: BenchCase[] = [
  { name: 'bus.parse.rows500', run: () => [timeParse('bus.parse.rows500', rows(batchTrades()))] },
  { name: 'bus.parse.columnar500', run: () => [timeParse('bus.parse.columnar500', columns(batchTrades()), { ids: 'consecutive' })] },
  {
    // Ids that are not consecutive decimals travel as a list: the worst case of the columnar encoding.
    name: 'bus.parse.columnar500.idList',
    run: () => [timeParse('bus.parse.columnar500.idList', columns(batchTrades().map((t) => ({ ...t, id: `x${t.id}` }))), { ids: 'list' })],
  },
  { name: 'bus.parse.columnarBin500', run: () => [timeParse('bus.parse.columnarBin500', binary(batchTrades()), { ids: 'consecutive' })] },
  {
    name: 'bus.parse.columnarBin500.idList',
    run: () => [timeParse('bus.parse.columnarBin500.idList', binary(batchTrades().map((t) => ({ ...t, id: `x${t.id}` }))), { ids: 'list' })],
  },
];
