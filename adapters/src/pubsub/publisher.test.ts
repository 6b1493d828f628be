import { describe, expect, it } from 'vitest';
import type { PubSub } from '@google-cloud/pubsub';
import { type Trade, Topic, TradesEncoding, encodeBinaryTradeColumns, parseMessage } from '@cascade/core';
import { BusPublisher } from './publisher.js';

const market = { exchange: 'testex', marketType: 'spot', symbol: 'ABC/USDT', base: 'ABC', quote: 'USDT', pricePrecision: 2, amountPrecision: 3, takerFee: '0.001', makerFee: '0.001', minNotional: '0' } as const;
const trades: Trade[] = [
  { id: '5', ts: 1_700_000_000_000, price: 10.5, amount: 2, side: 'buy', sideInferred: false },
  { id: '6', ts: 1_700_000_000_040, price: 10.25, amount: 0.125, side: 'sell', sideInferred: true },
];
const batch = (columns = encodeBinaryTradeColumns(trades)) => ({
  type: 'trades.received',
  eventId: 'b-1',
  tsEvent: 1_700_000_000_040,
  tsInit: 1_700_000_000_050,
  correlationId: 'b-1',
  causationId: null,
  payload: { encoding: TradesEncoding.ColumnarBinV1, market, seq: 1, source: 'live', columns },
} as const);

/** A PubSub client that keeps what each topic is handed. */
function recordingPubSub() {
  const sent: { topic: string; data: Buffer; orderingKey?: string }[] = [];
  const pubsub = {
    topic: (name: string) => ({
      publishMessage: async (m: { data: Buffer; orderingKey?: string }) => {
        sent.push({ topic: name, ...m });
        return 'id';
      },
    }),
  } as unknown as PubSub;
  return { sent, pubsub };
}

describe('BusPublisher: binary trade batches', () => {
  it('sends a binary batch as its frame, which parses back to the trades', async () => {
    const { sent, pubsub } = recordingPubSub();
    await new BusPublisher(pubsub).publish(Topic.MarketTrades, batch(), 'testex:spot:ABC/USDT');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.orderingKey).toBe('testex:spot:ABC/USDT');
    expect([...sent[0]!.data.subarray(0, 4)]).toEqual([0x00, 0x43, 0x42, 0x01]);
    const parsed = parseMessage(Topic.MarketTrades, sent[0]!.data);
    expect(parsed.ok && parsed.message.payload.trades).toEqual(trades);
  });

  it('refuses to publish a batch with a bad value, naming column and index, and sends nothing', async () => {
    const { sent, pubsub } = recordingPubSub();
    const bad = batch({ ...encodeBinaryTradeColumns(trades), price: new Float64Array([10.5, NaN]) });
    await expect(new BusPublisher(pubsub).publish(Topic.MarketTrades, bad)).rejects.toThrow('refusing to publish an invalid market.trades message: payload.columns.price.1: expected a positive finite number, got NaN');
    expect(sent).toHaveLength(0);
  });
});
