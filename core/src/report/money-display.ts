import { dec } from '../execution/money.js';
import { grouped } from './number-format.js';

/** ISO 4217 currencies without minor units (the yen has no cents). */
const NO_MINOR_UNITS = new Set(['JPY', 'KRW', 'VND', 'IDR', 'CLP', 'ISK', 'HUF']);
/** Fiat and the dollar/euro stablecoins: shown in cents, as their holders count them. */
const CENTS = new Set([
  'USD', 'EUR', 'GBP', 'CHF', 'AUD', 'CAD', 'NZD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'TRY', 'BRL', 'MXN', 'ZAR', 'HKD', 'SGD', 'CNH', 'CNY', 'RUB', 'UAH', 'NGN', 'ARS', 'INR',
  'USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'USDP', 'USDS', 'DAI', 'PAX', 'UST', 'EURI', 'EURC',
]);

/**
 * Decimals a page shows money in, by quote currency: 0 for the yen and its kind, 2 for other fiat and
 * the stablecoins (cents), null (up to 8 significant decimals, trailing zeros cut) for a crypto
 * quote such as BTC or ETH, whose useful amounts are tiny. Display only: files keep exact values.
 */
export function moneyDecimals(currency: string): number | null {
  const q = currency.toUpperCase();
  if (NO_MINOR_UNITS.has(q)) return 0;
  if (CENTS.has(q)) return 2;
  return null;
}

/** An exact decimal string for a page: rounded half-up to the currency's decimals, digits grouped. */
export function moneyText(s: string, currency: string): string {
  const dp = moneyDecimals(currency);
  const d = dec(s);
  const text = dp === null ? d.round(8).toFixed() : d.round(dp).toFixed(dp);
  // "-0.00" after rounding a tiny loss reads as a loss of nothing: print it unsigned.
  return grouped(/^-0(\.0*)?$/.test(text) ? text.slice(1) : text);
}
