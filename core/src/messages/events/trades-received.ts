import { z } from 'zod';
import { envelopeSchema } from '../envelope.js';
import { MarketSpecSchema } from '../market-spec.schema.js';

export const WireTradeSchema = z.strictObject({
  id: z.string().min(1),
  ts: z.number().int().positive(),
  price: z.number().positive().finite(),
  amount: z.number().positive().finite(),
  side: z.enum(['buy', 'sell']),
  sideInferred: z.boolean(),
});

/** A batch of consecutive trades of one symbol, published by the streamer (ordering key = market key). */
export const TradesReceived = envelopeSchema(
  'trades.received',
  z.strictObject({
    market: MarketSpecSchema,
    /** Per-market batch sequence number, starting at 1: lets consumers see gaps and replays. */
    seq: z.number().int().positive(),
    /**
     * The publishing process's run (its start time, wall ms): `seq` restarts at 1 with every streamer
     * process, so a consumer dedupes by sequence within an epoch. Absent on batches from before epochs
     * existed (epoch 0).
     */
    epoch: z.number().int().nonnegative().optional(),
    source: z.enum(['replay', 'live']),
    trades: z.array(WireTradeSchema).min(1).max(5000),
  }),
);
export type TradesReceived = z.infer<typeof TradesReceived>;
