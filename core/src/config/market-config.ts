import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';

/**
 * `market_configs/{exchange_market}` (e.g. `binance_spot`, `bybit_perp`): what ccxt's market info does
 * not know or what the operator overrides. Precisions and fees normally come from `loadMarkets()`;
 * an override here wins so a venue's wrong metadata can be corrected from the console.
 */
export const MarketConfigSchema = z.strictObject({
  exchange: z.string().min(1),
  marketType: z.enum(['spot', 'perp', 'forex', 'dex']),
  enabled: z.boolean().default(true),
  /** Fee overrides as decimal fractions ("0.001" = 0.1 %). */
  takerFee: DecimalString.optional(),
  makerFee: DecimalString.optional(),
  /** §2.7.1.1: default 3×, hard cap 10× whatever the venue allows. */
  defaultLeverage: z.number().min(1).max(10).default(3),
  maxLeverage: z.number().min(1).max(10).default(10),
  marginMode: z.enum(['isolated', 'cross']).default('isolated'),
  /** Per-symbol precision overrides in decimal places, keyed by unified symbol. */
  precisionOverrides: z.record(z.string(), z.strictObject({ price: z.number().int().min(0).max(18), amount: z.number().int().min(0).max(18) })).default({}),
  /** Forex sessions: §2.7.1 Friday close at 23:30 GMT. */
  fridayCloseUtc: z.string().regex(/^\d{2}:\d{2}$/).optional(),
});
export type MarketConfig = z.infer<typeof MarketConfigSchema>;
