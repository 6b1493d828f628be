import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';
import type { MarketSpec } from '../model/market.js';
import { BINANCE_USDM_TERMS } from '../perp/perp-terms.js';
import { HARD_MAX_LEVERAGE } from '../risk/sizing/risk-sizing-config.js';

/** §2.7.1.1 "Never: >10x leverage (our hard limit)": said plainly, since the console or a file may try. */
const leverageField = (what: string) =>
  z
    .number({ error: `${what} must be a number of times (e.g. 3)` })
    .min(1, { error: `${what} must be at least 1×` })
    .max(HARD_MAX_LEVERAGE, { error: `${what} above ${HARD_MAX_LEVERAGE}× is refused: ${HARD_MAX_LEVERAGE}× is Cascade's hard limit (spec §2.7.1.1); set ${what} to ${HARD_MAX_LEVERAGE} or less` });

/**
 * `market_configs/{exchange_market}` (e.g. `binance_spot`, `bybit_perp`): what ccxt's market info does
 * not know or what the operator overrides. Precisions and fees normally come from `loadMarkets()`;
 * an override here wins so a venue's wrong metadata can be corrected from the console. The backtester
 * reads the same document from a file (`--market-config`).
 */
export const MarketConfigSchema = z.strictObject({
  exchange: z.string().min(1),
  marketType: z.enum(['spot', 'perp', 'forex', 'dex']),
  enabled: z.boolean().default(true),
  /** Fee overrides as decimal fractions ("0.001" = 0.1 %); perp default Binance USDⓈ-M 0.05 % / 0.02 %. */
  takerFee: DecimalString.optional(),
  makerFee: DecimalString.optional(),
  /** §2.7.1.1: default 3×, hard cap 10× whatever the venue allows. */
  defaultLeverage: leverageField('defaultLeverage').default(3),
  maxLeverage: leverageField('maxLeverage').default(HARD_MAX_LEVERAGE),
  /** Only isolated margin is modelled (liquidation price per position); cross is refused on perps. */
  marginMode: z.enum(['isolated', 'cross']).default('isolated'),
  /** Perp: first-tier maintenance margin rate and amount (liquidation price); default Binance BTCUSDT 0.4 % / 0. */
  maintenanceMarginRate: DecimalString.optional(),
  maintenanceAmount: DecimalString.optional(),
  /** Perp: constant funding rate per 8-h funding time, used when no funding-rate series is given; default 0.0001. */
  fundingRate: DecimalString.optional(),
  /** Per-symbol precision overrides in decimal places, keyed by unified symbol. */
  precisionOverrides: z.record(z.string(), z.strictObject({ price: z.number().int().min(0).max(18), amount: z.number().int().min(0).max(18) })).default({}),
  /** Forex sessions: §2.7.1 Friday close at 23:30 GMT. */
  fridayCloseUtc: z.string().regex(/^\d{2}:\d{2}$/).optional(),
});
export type MarketConfig = z.infer<typeof MarketConfigSchema>;

/**
 * The market spec with a market config's overrides applied: fees, precision, and on a perpetual its
 * maintenance margin and constant funding rate. A config for another market type is refused (a
 * spot config on a perp tape would silently keep spot fees).
 */
export function applyMarketConfig(spec: MarketSpec, mc: MarketConfig): MarketSpec {
  if (mc.marketType !== spec.marketType) throw new Error(`market config is for ${mc.exchange} ${mc.marketType}, but the market is ${spec.marketType}; give a config with "marketType": "${spec.marketType}" or pass --market ${mc.marketType}`);
  if (spec.marketType === 'perp' && mc.marginMode === 'cross') throw new Error('marginMode "cross" is not modelled: paper and backtest perpetuals use isolated margin (one liquidation price per position); set "marginMode": "isolated"');
  const px = mc.precisionOverrides[spec.symbol];
  const out: MarketSpec = {
    ...spec,
    ...(mc.takerFee === undefined ? {} : { takerFee: mc.takerFee }),
    ...(mc.makerFee === undefined ? {} : { makerFee: mc.makerFee }),
    ...(px ? { pricePrecision: px.price, amountPrecision: px.amount } : {}),
  };
  if (spec.marketType !== 'perp') return out;
  const terms = spec.perp ?? BINANCE_USDM_TERMS;
  return {
    ...out,
    perp: {
      maintenanceMarginRate: mc.maintenanceMarginRate ?? terms.maintenanceMarginRate,
      maintenanceAmount: mc.maintenanceAmount ?? terms.maintenanceAmount,
      fundingRate: mc.fundingRate ?? terms.fundingRate,
    },
  };
}
