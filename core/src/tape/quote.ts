import type { Trade } from '../model/trade.js';
import { numberToDecimalText } from './decimal-text.js';
import type { TapePrecision } from './tape-format.js';
import { type RawTrade, type TapeParseStats, TradeAssembler, emptyRawTrade } from './trade-assembler.js';

/** Top of book from a quote-only feed (FX): no trades, no sizes. */
export interface Quote {
  /** UTC epoch milliseconds. */
  readonly ts: number;
  readonly bid: number;
  readonly ask: number;
}

/**
 * Quote feeds carry no traded size: every tick made from one has this amount, so volume-based
 * analytics on FX count ticks (tick volume), not units.
 */
export const quoteTickAmount = '1';

/**
 * The exact decimal mid of two decimal texts (`86.655`, `86.728` → `86.6915`), or null when either is
 * not a positive plain decimal. Worked in scaled integers: `(bid + ask) / 2` in doubles would give
 * 86.69149999999999.
 */
export function midDecimalText(bid: string, ask: string): string | null {
  const b = scaled(bid);
  const a = scaled(ask);
  if (b === null || a === null) return null;
  const scale = Math.max(b.scale, a.scale);
  const sum = b.units * 10n ** BigInt(scale - b.scale) + a.units * 10n ** BigInt(scale - a.scale);
  // sum / 2 = sum * 5 / 10: one more decimal place, always exact.
  return formatScaled(sum * 5n, scale + 1);
}

function scaled(text: string): { units: bigint; scale: number } | null {
  if (!/^\d+(?:\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) return null;
  const dot = text.indexOf('.');
  const digits = dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1);
  const units = BigInt(digits);
  if (units <= 0n) return null;
  return { units, scale: dot < 0 ? 0 : text.length - dot - 1 };
}

function formatScaled(units: bigint, scale: number): string {
  const s = units.toString().padStart(scale + 1, '0');
  const whole = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * Quotes → ticks, for engines that consume trades: each quote that moves the mid becomes a trade at
 * the mid, amount `quoteTickAmount`, side by the tick rule (`sideInferred` true). Quotes that leave
 * the mid where it was are counted in `unchangedQuotes` and yield nothing. Ticks are validated like
 * any trade (a quote with bid or ask ≤ 0 is a `bad_price`).
 */
export class QuoteTicker {
  private readonly assembler: TradeAssembler;
  private readonly raw: RawTrade = emptyRawTrade();
  private lastMid: string | null = null;

  constructor(idWindow?: number) {
    this.assembler = new TradeAssembler(idWindow);
  }

  /** The tick for `q` (id as given, e.g. the quote's line number) or null. */
  push(q: Quote, id: string): Trade | null {
    return this.pushText(q.ts, numberToDecimalText(q.bid), numberToDecimalText(q.ask), id);
  }

  /** As `push`, from the feed's own decimal texts (keeps the printed precision exactly). */
  pushText(ts: number, bid: string, ask: string, id: string): Trade | null {
    const mid = midDecimalText(bid, ask);
    if (mid !== null && mid === this.lastMid) {
      this.assembler.unchangedQuotes += 1;
      return null;
    }
    const raw = this.raw;
    raw.id = id;
    raw.ts = ts;
    raw.price = mid ?? 'NaN';
    raw.amount = quoteTickAmount;
    raw.side = null;
    const tick = this.assembler.accept(raw);
    if (tick !== null) this.lastMid = mid;
    return tick;
  }

  /** Counts a quote row that could not be read. */
  rejectMalformed(): void {
    this.assembler.rejectMalformed();
  }

  get precision(): TapePrecision {
    return this.assembler.precision;
  }

  stats(): TapeParseStats {
    return this.assembler.stats();
  }
}

/** Ticks for a whole list of quotes; ids are the quotes' 1-based positions. */
export function quotesToTicks(quotes: Iterable<Quote>): { ticks: Trade[]; precision: TapePrecision; stats: TapeParseStats } {
  const ticker = new QuoteTicker();
  const ticks: Trade[] = [];
  let n = 0;
  for (const q of quotes) {
    n += 1;
    const t = ticker.push(q, `${n}`);
    if (t !== null) ticks.push(t);
  }
  return { ticks, precision: ticker.precision, stats: ticker.stats() };
}
