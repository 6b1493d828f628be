import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';

/**
 * What a USDT-margined perpetual needs beyond a spot market to be priced exactly: the maintenance
 * margin of its first tier (for the liquidation price) and the constant funding rate used when no
 * funding-rate series is given. Carried on the MarketSpec so every place that fills or closes a
 * position (backtester, paper functions) computes the same liquidation price.
 */
export const PerpTermsSchema = z.strictObject({
  /** Maintenance margin rate of the first notional tier, a fraction ("0.004" = 0.40 %). */
  maintenanceMarginRate: DecimalString,
  /** Binance "maintenance amount" (cum) of that tier, quote currency; "0" on the first tier. */
  maintenanceAmount: DecimalString,
  /** Funding rate per 8-h funding time when no series is given ("0.0001" = 0.01 %). */
  fundingRate: DecimalString,
});
export type PerpTerms = z.infer<typeof PerpTermsSchema>;

/**
 * Binance USDⓈ-M defaults.
 * - Fees, regular tier: maker 0.0200 %, taker 0.0500 % ("Binance Futures Fee Structure & Fee
 *   Calculations", https://www.binance.com/en/support/faq/binance-futures-fee-structure-fee-calculations-360033544231;
 *   the USDⓈ-M table: Regular < 250 BTC 30-day volume, Maker 0.0200 %, Taker 0.0500 %).
 * - Maintenance margin, BTCUSDT first tier: "0 < Position ≤ 50,000 … Maintenance Margin 0.40 %"
 *   (Binance announcement "Updates to Leverage and Margin Tiers of Binance Futures Contracts (2021-03-18)",
 *   https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6). The maintenance
 *   amount of the first tier is 0 (cum_n = floor_n × (mmr_n − mmr_(n−1)) + cum_(n−1), floor_1 = 0).
 * - Funding: every 8 h at 00:00, 08:00, 16:00 UTC; with a zero premium the rate is the interest-rate
 *   component, 0.03 % a day / 3 = 0.01 % per funding time — the rate a quiet USDT-M market pays.
 */
export const BINANCE_USDM_FEES = { takerFee: '0.0005', makerFee: '0.0002' } as const;
export const BINANCE_USDM_TERMS: PerpTerms = { maintenanceMarginRate: '0.004', maintenanceAmount: '0', fundingRate: '0.0001' };
