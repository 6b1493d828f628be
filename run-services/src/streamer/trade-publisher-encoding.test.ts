import { describe, expect, it } from 'vitest';
import { type MarketSpec, type Trade, Topic, TradesEncoding, messageBytes, parseMessage } from '@cascade/core';
import { TradePublisher, type TradeBus } from './trade-publisher.js';

const market: MarketSpec = { exchange: 'binance', marketType: 'spot', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', pricePrecision: 2, amountPrecision: 5, takerFee: '0.001', makerFee: '0.001', minNotional: '5' };
const trades: Trade[] = [
  { id: '7', ts: 1_000, price: 100.5, amount: 0.25, side: 'buy', sideInferred: false },
  { id: '8', ts: 1_040, price: 100.25, amount: 1.5, side: 'sell', sideInferred: true },
];

/** A bus that keeps the bytes each message would travel as (what BusPublisher sends). */
function captureBytes() {
  const sent: Uint8Array[] = [];
  const bus: TradeBus = {
    publish: async <T extends Topic>(_topic: T, m: object) => {
      sent.push(messageBytes(m));
    },
    resumeOrdering: () => undefined,
  };
  return { sent, bus };
}

function capture() {
  const sent: unknown[] = [];
  const bus: TradeBus = {
    publish: async <T extends Topic>(_topic: T, m: unknown) => {
      sent.push(JSON.parse(JSON.stringify(m)));
    },
    resumeOrdering: () => undefined,
  };
  return { sent, bus };
}

describe('TradePublisher: encodings', () => {
  it('publishes columns when told to, and they decode to the pushed trades', async () => {
    const { sent, bus } = capture();
    const pub = new TradePublisher(bus, market, 'live', () => 5_000, undefined, 42, TradesEncoding.ColumnarV1);
    for (const t of trades) await pub.push(t);
    await pub.drain();
    expect(sent).toHaveLength(1);
    const m = sent[0] as { payload: Record<string, unknown> };
    // By hand: ids 7, 8 consecutive → 7; ts 1000 then +40; buy reported, sell inferred → "bS".
    expect(m.payload).toEqual({ encoding: 'columnar-v1', market, seq: 1, epoch: 42, source: 'live', columns: { id: 7, tsDelta: [1_000, 40], price: [100.5, 100.25], amount: [0.25, 1.5], side: 'bS' } });
    const parsed = parseMessage(Topic.MarketTrades, JSON.stringify(m));
    expect(parsed.ok && parsed.message.payload).toEqual({ market, seq: 1, epoch: 42, source: 'live', trades });
  });

  it('publishes binary columns when told to: a binary frame on the wire that parses to the pushed trades', async () => {
    const { sent, bus } = captureBytes();
    const pub = new TradePublisher(bus, market, 'live', () => 5_000, undefined, 42, TradesEncoding.ColumnarBinV1);
    for (const t of trades) await pub.push(t);
    await pub.drain();
    expect(sent).toHaveLength(1);
    const bytes = sent[0]!;
    // The frame's magic (NUL, "CB", version 1), then a header naming the encoding and the ids 7, 8 as 7.
    expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x43, 0x42, 0x01]);
    expect(new TextDecoder().decode(bytes)).toContain('"encoding":"columnar-bin-v1"');
    expect(new TextDecoder().decode(bytes)).toContain('"columns":{"id":7,"tsBase":1000,"count":2,"tsDelta":"i32"}');
    const parsed = parseMessage(Topic.MarketTrades, Buffer.from(bytes));
    expect(parsed.ok && parsed.message.payload).toEqual({ market, seq: 1, epoch: 42, source: 'live', trades });
  });

  it('publishes rows by default (what consumers from before columns read)', async () => {
    const { sent, bus } = capture();
    const pub = new TradePublisher(bus, market, 'live', () => 5_000, undefined, 42);
    for (const t of trades) await pub.push(t);
    await pub.drain();
    expect((sent[0] as { payload: unknown }).payload).toEqual({ market, seq: 1, epoch: 42, source: 'live', trades });
  });
});
