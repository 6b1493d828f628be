import { z } from 'zod';
import type { FieldError } from '@cascade/core';
import { DEFAULT_DURATION_HOURS } from './watchlist-store.js';

/** A ccxt exchange id: lower-case, and free of `_`, which separates exchange and market in `watchlists/{exchange_market}`. */
const Exchange = z.string().regex(/^[a-z0-9]{2,32}$/, 'expected a lower-case ccxt exchange id like binance');
/** §5.3's example says `futures`; the watchlist stores perpetuals as `perp`. */
const MarketType = z.enum(['spot', 'perp', 'futures', 'forex', 'dex']).transform((t) => (t === 'futures' ? 'perp' : t));
const SymbolInput = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9/:._-]*$/, 'expected a symbol like PEPEUSDT, PEPE/USDT or BTC/USDT:USDT');
/** A week at most: longer-lived interest belongs in the top-liquid set or a renewal. */
const DurationHours = z.number().positive().max(168).default(DEFAULT_DURATION_HOURS);
const Priority = z.number().int().min(1).max(5).default(3);

const SymbolRef = { exchange: Exchange, market_type: MarketType, symbol: SymbolInput };

export const AddBody = z.strictObject({ ...SymbolRef, duration_hours: DurationHours, priority: Priority });
export const RenewBody = z.strictObject({ ...SymbolRef, duration_hours: DurationHours });
export const RemoveBody = z.strictObject(SymbolRef);
export const ListQuery = z.strictObject({ exchange: Exchange, market_type: MarketType });

/**
 * `POST /api/v1/flatten`: `{"all": true, "confirm": "FLATTEN"}` or `{"module": "id", "confirm": "FLATTEN"}`.
 * The typed word is checked here too, so no client can flatten by one stray request.
 */
export const FlattenBody = z
  .strictObject({ all: z.literal(true).optional(), module: z.string().min(1).max(100).optional(), confirm: z.literal('FLATTEN', { message: 'type FLATTEN to confirm' }) })
  .refine((b) => (b.all === true) !== (b.module !== undefined), { message: 'name what to close: all: true or module (one of them)', path: ['all'] });

export type AddBody = z.infer<typeof AddBody>;
export type RenewBody = z.infer<typeof RenewBody>;
export type RemoveBody = z.infer<typeof RemoveBody>;
export type ListQuery = z.infer<typeof ListQuery>;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] };

/** Field errors name the JSON path the caller has to fix (`(body)` for the whole body). */
export function check<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })) };
}
