import { z } from 'zod';
import { DecimalString } from './decimal-string.js';

/**
 * The tape trade a paper order fills against — the first trade after the decision plus the latency
 * model — with the venue's recent volume for the slippage model. Null on live venues (the venue fills).
 */
export const FillReferenceSchema = z.strictObject({
  tradeId: z.string(),
  ts: z.number().int(),
  price: z.number().positive(),
  recentVolume: DecimalString,
});
