import { z } from 'zod';
import { MarketType } from '../model/market.js';
import { DecimalString } from './decimal-string.js';
import { PerpTermsSchema } from '../perp/perp-terms.js';

export const MarketSpecSchema = z.strictObject({
  exchange: z.string().min(1),
  marketType: z.enum(Object.values(MarketType) as [MarketType, ...MarketType[]]),
  symbol: z.string().min(3),
  base: z.string().min(1),
  quote: z.string().min(1),
  pricePrecision: z.number().int().min(0).max(18),
  amountPrecision: z.number().int().min(0).max(18),
  takerFee: DecimalString,
  makerFee: DecimalString,
  minNotional: DecimalString,
  perp: PerpTermsSchema.optional(),
});
