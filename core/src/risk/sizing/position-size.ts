import { type Dec, ZERO, dec, roundTo } from '../../execution/money.js';
import type { MarketSpec } from '../../model/market.js';
import type { ValueOf } from '../../util/value-of.js';
import { divDown, divUp } from './exact-division.js';
import { isLeveraged } from './leverage.js';
import type { RiskSizing } from './risk-sizing-config.js';

/** What limited the size, in the order they are checked. */
export const SizingBound = {
  Risk: 'risk',
  PositionMargin: 'position_margin',
  MarginBuffer: 'margin_buffer',
  Balance: 'balance',
} as const;
export type SizingBound = ValueOf<typeof SizingBound>;

/** Account funds in the market's quote currency (the adapter converts). */
export interface AccountFunds {
  /** Account equity: wallet balance + unrealised P&L. */
  readonly equity: Dec;
  /** Quote the venue lets us spend now (spot: free quote balance; perp: available margin). */
  readonly available: Dec;
  /** Initial margin already posted by open positions (perp); 0 on spot. */
  readonly usedMargin: Dec;
  /** Spot only: free base currency, the most a spot sell can be. */
  readonly baseFree?: Dec;
}

export interface SizingInput {
  readonly market: MarketSpec;
  readonly side: 'long' | 'short';
  /** Expected entry price, at the market's tick. */
  readonly entryPrice: Dec;
  /** Stop distance as a fraction of entry (0.005 = 0.5 %). */
  readonly stopDistancePct: number;
  /** Equity allocated to the trading module (`moduleEquity`). */
  readonly moduleEquity: Dec;
  readonly account: AccountFunds;
  /** Effective leverage (`chooseLeverage`); 1 on spot. */
  readonly leverage: number;
  readonly config: RiskSizing;
}

export interface SizedPosition {
  /** Rounded down to the market's amount precision. */
  readonly amount: Dec;
  /** amount × entryPrice, exact. */
  readonly notional: Dec;
  /** Margin posted: notional / leverage rounded up at the notional's scale; the notional on spot. */
  readonly margin: Dec;
  /** Taker fee on the notional, exact. */
  readonly fee: Dec;
  /** Loss if the stop is hit at its distance, before fees: notional × stop. */
  readonly riskAtStop: Dec;
  readonly leverage: number;
  readonly bound: SizingBound;
  /** Each limit as an amount, so a log shows how far the others were (no margin buffer on spot). */
  readonly caps: Readonly<Partial<Record<SizingBound, Dec>>>;
}

export type SizingResult = { readonly ok: true; readonly size: SizedPosition } | { readonly ok: false; readonly reason: string; readonly numbers: Record<string, string | number> };

/**
 * Notional that loses `riskPct` of `equity` when price moves `stopPct` against it (§2.7.1.1):
 * notional = equity × risk / stop. Leverage does not enter: it changes the margin posted, not the
 * loss on a given notional. (§2.7.1.1's "$200 / (0.005 × 5) = $8,000" is that notional's margin at 5×.)
 */
export function riskNotional(equity: Dec, riskPct: number, stopPct: number): Dec {
  return equity.times(dec(riskPct)).div(dec(stopPct));
}

/**
 * Size an entry: the smallest of the risk budget, the per-position margin cap, the account's
 * margin buffer (leveraged markets) and what the account can pay, as an amount rounded down to the
 * market's precision. Every cap is an exact floor; nothing passes through a float.
 */
export function sizePosition(input: SizingInput): SizingResult {
  const { market, entryPrice: price, config: cfg } = input;
  const ap = market.amountPrecision;
  const lev = dec(input.leverage);
  const leveraged = isLeveraged(market.marketType);
  const stop = dec(input.stopDistancePct);
  const fee = dec(market.takerFee);
  const eq = input.moduleEquity;
  if (price.lte(0) || stop.lte(0)) return { ok: false, reason: 'entry price and stop distance must be positive', numbers: { price: price.toFixed(), stopDistancePct: input.stopDistancePct } };

  const floorOf = (n: Dec, d: Dec): Dec => (n.lte(0) ? ZERO : divDown(n, d, ap));
  const risk = floorOf(eq.times(dec(cfg.riskPerTradePct)), stop.times(price));
  const positionMargin = floorOf(eq.times(dec(cfg.maxPositionMarginPct)).times(lev), price);
  const acct = input.account;
  const room = acct.equity.times(dec(1).minus(dec(cfg.minMarginBufferPct))).minus(acct.usedMargin);
  // Spot posts no margin and cannot be liquidated: the buffer binds leveraged markets only.
  const buffer = leveraged ? floorOf(room.times(lev), price) : undefined;
  let balance: Dec;
  if (leveraged) balance = floorOf(acct.available.times(lev), price.times(dec(1).plus(fee.times(lev))));
  else if (input.side === 'long') balance = floorOf(acct.available, price.times(dec(1).plus(fee)));
  else balance = roundTo(acct.baseFree ?? ZERO, ap, 'down');

  const caps: Partial<Record<SizingBound, Dec>> = buffer === undefined ? { risk, position_margin: positionMargin, balance } : { risk, position_margin: positionMargin, margin_buffer: buffer, balance };
  let bound: SizingBound = SizingBound.Risk;
  let amount = risk;
  for (const b of Object.values(SizingBound)) {
    const cap = caps[b];
    if (cap !== undefined && cap.lt(amount)) [bound, amount] = [b, cap];
  }
  const numbers = { moduleEquity: eq.toFixed(), price: price.toFixed(), stopDistancePct: input.stopDistancePct, leverage: input.leverage, ...Object.fromEntries(Object.entries(caps).map(([k, v]) => [`cap_${k}`, v.toFixed()])) };
  if (amount.lte(0)) {
    const why = bound === SizingBound.Balance && !leveraged && input.side === 'short' ? `no ${market.base} to sell on spot` : `limited by ${bound}`;
    return { ok: false, reason: `size rounds to 0 at amount precision ${ap} (${why})`, numbers };
  }
  const notional = amount.times(price);
  const margin = leveraged ? divUp(notional, lev, market.pricePrecision + ap) : notional;
  return { ok: true, size: { amount, notional, margin, fee: notional.times(fee), riskAtStop: notional.times(stop), leverage: input.leverage, bound, caps } };
}
