import type { MarketSpec } from '../model/market.js';

/**
 * A replayed tape carries no venue market info, so the spec comes from what the tape shows: its
 * precision, and the venue's standard spot fees (Binance spot 0.1 % taker/maker: binance.com/en/fee).
 * Live markets take all of this from ccxt `loadMarkets()` instead.
 */
export function marketFromTape(exchange: string, symbol: string, precision: { pricePrecision: number; amountPrecision: number }, marketType: MarketSpec['marketType'] = 'spot'): MarketSpec {
  const [base = symbol, quoteSettle = ''] = symbol.split('/');
  const quote = quoteSettle.split(':')[0] ?? quoteSettle;
  return {
    exchange,
    marketType,
    symbol,
    base,
    quote,
    pricePrecision: precision.pricePrecision,
    amountPrecision: precision.amountPrecision,
    takerFee: marketType === 'forex' ? '0' : '0.001',
    makerFee: marketType === 'forex' ? '0' : '0.001',
    minNotional: '0',
  };
}
