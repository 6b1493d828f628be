import Big from 'big.js';
import type { MarketInterface } from 'ccxt';
import { type MarketSpec, MarketType, roundTo } from '@cascade/core';

/** ccxt's precision modes (ccxt/js/src/base/functions/number.js). */
export const CcxtPrecisionMode = { DecimalPlaces: 2, SignificantDigits: 3, TickSize: 4 } as const;

/** A finite ccxt number (or decimal string) as an exact decimal, null when absent. */
export function decimalOf(v: number | string | null | undefined): Big | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  try {
    // A double prints as its shortest round-trip decimal, so a venue decimal of ≤ 15 significant
    // digits that ccxt parsed into a number comes back as the digits the venue sent.
    return new Big(v);
  } catch {
    return null;
  }
}

/** Decimal places of a tick: 0.001 → 3, 0.5 → 1, 1 → 0, 10 → 0. */
export function decimalsOfTick(tick: Big): number {
  const s = tick.toFixed();
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * MarketSpec precisions are decimal places; ccxt's are a tick (TICK_SIZE, most venues), decimal
 * places, or significant digits. A tick that is not a power of ten (0.5, 0.25) keeps its decimal
 * places: rounding to them can still land between ticks, so the adapter lets ccxt's
 * priceToPrecision/amountToPrecision have the last word on what is sent.
 */
export function decimalsOfPrecision(precision: number | undefined, mode: number, fallback = 8): number {
  if (precision === undefined || !Number.isFinite(precision)) return fallback;
  if (mode === CcxtPrecisionMode.TickSize) {
    const tick = decimalOf(precision);
    return tick === null || tick.lte(0) ? fallback : decimalsOfTick(tick);
  }
  return Math.max(0, Math.round(precision));
}

/** Base units per contract: 1 on spot and on venues that quote perps in base (Binance, Bybit, Hyperliquid). */
export function contractSizeOf(m: Pick<MarketInterface, 'contract' | 'contractSize'>): Big {
  if (m.contract !== true) return new Big(1);
  const size = decimalOf(m.contractSize);
  return size === null || size.lte(0) ? new Big(1) : size;
}

export function marketSpecOf(venue: string, m: MarketInterface, precisionMode: number): MarketSpec {
  const size = contractSizeOf(m);
  let amountPrecision = decimalsOfPrecision(m.precision.amount, precisionMode);
  if (!size.eq(1) && precisionMode === CcxtPrecisionMode.TickSize) {
    // OKX quotes swaps in contracts: a base step is the contract step times the contract size.
    const step = decimalOf(m.precision.amount);
    if (step !== null) amountPrecision = decimalsOfTick(step.times(size));
  }
  return {
    exchange: venue,
    marketType: m.swap === true ? MarketType.Perp : MarketType.Spot,
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    pricePrecision: decimalsOfPrecision(m.precision.price, precisionMode),
    amountPrecision,
    takerFee: (decimalOf(m.taker) ?? new Big('0.001')).toFixed(),
    makerFee: (decimalOf(m.maker) ?? new Big('0.001')).toFixed(),
    minNotional: (decimalOf(m.limits.cost?.min) ?? new Big(0)).toFixed(),
  };
}

/** Base amount → what ccxt's createOrder takes (contracts on contract markets), truncated to the step. */
export function baseToContracts(base: string, m: MarketInterface, spec: MarketSpec): Big {
  const amount = roundTo(new Big(base), spec.amountPrecision, 'down');
  return amount.div(contractSizeOf(m));
}

/** ccxt amount (contracts on contract markets) → base amount at the market's precision. */
export function contractsToBase(contracts: number | string | null | undefined, m: MarketInterface, spec: MarketSpec): string {
  const c = decimalOf(contracts) ?? new Big(0);
  return roundTo(c.times(contractSizeOf(m)), spec.amountPrecision, 'half').toFixed(spec.amountPrecision);
}
