import type { PositionDoc, TradeDoc } from './read-models.js';

/**
 * Paper and live are separate books, and each book is per quote currency: figures of different
 * books are never added together (a paper USDT profit plus a live USD loss is not a number).
 */
export const Mode = { Paper: 'paper', Live: 'live' } as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export interface BookKey {
  readonly mode: Mode;
  readonly quote: string;
}

export const bookId = (k: BookKey): string => `${k.mode}:${k.quote}`;
export const bookLabel = (k: BookKey): string => `${k.mode === Mode.Live ? 'Live' : 'Paper'} · ${k.quote}`;

/** The quote currency of a symbol (`ETH/USDT`, `BTC/USDT:USDT` → USDT). */
export function quoteOf(symbol: string): string {
  return symbol.split(':')[0]?.split('/')[1] ?? '?';
}

/** Live positions are written by live execution or reconciliation (`live: true`, a `venueId`); the rest are paper. */
export function positionBook(p: PositionDoc): BookKey {
  return { mode: p.live === true || p.venueId !== undefined ? Mode.Live : Mode.Paper, quote: p.market?.quote ?? quoteOf(p.symbol) };
}

/** Live closes name their venue; paper closes do not. */
export function tradeBook(t: TradeDoc): BookKey {
  return { mode: t.venueId !== undefined ? Mode.Live : Mode.Paper, quote: t.quote ?? quoteOf(t.symbol) };
}

/** `binance_spot`, `binance_perp`: the venue key modules name. */
export function venueKey(exchange: string, marketType: string | undefined, symbol: string): string {
  const kind = marketType === 'perp' || (marketType === undefined && symbol.includes(':')) ? 'perp' : 'spot';
  return `${exchange}_${kind}`;
}
