import { z } from 'zod';
import { DecimalString, PositionMarkSchema } from '@cascade/core';

/**
 * What the dashboard reads of each trading-state document. The writers are the server's (execute,
 * decide, notify, analytics, the streamer); these schemas name only the fields the views use and let
 * the rest through, so a new server field never blanks a view, while a missing or mistyped field the
 * view needs is shown as a parse error naming the document and the field.
 */
const Side = z.enum(['long', 'short']);
const Market = z.object({ exchange: z.string(), symbol: z.string(), marketType: z.string().optional(), quote: z.string().optional() }).passthrough();


export const PositionDocSchema = z.object({
  positionId: z.string(),
  symbol: z.string(),
  exchange: z.string(),
  market: Market.optional(),
  side: Side,
  entryPrice: DecimalString,
  amount: DecimalString,
  openedAt: z.number(),
  trailingStopPct: z.number().optional(),
  initialStopPrice: DecimalString.nullable().optional(),
  liquidationPrice: DecimalString.nullable().optional(),
  leverage: z.number().optional(),
  live: z.boolean().optional(),
  venueId: z.string().optional(),
  moduleId: z.string().optional(),
  protectiveStop: z.union([z.string(), z.object({ status: z.string(), stopPrice: DecimalString.nullable().optional() }).passthrough()]).optional(),
  mark: PositionMarkSchema.optional(),
}).passthrough();
export type PositionDoc = z.infer<typeof PositionDocSchema>;

const Level = z.object({ level: z.string(), passed: z.boolean(), detail: z.string() });
const ScoreItem = z.object({ name: z.string(), points: z.number(), max: z.number(), detail: z.string() });
export const SignalDocSchema = z.object({
  signalId: z.string(),
  exchange: z.string(),
  symbol: z.string(),
  side: Side,
  decision: z.enum(['trade', 'no_trade']),
  score: z.number(),
  reason: z.string().nullable(),
  strength: z.string().nullable(),
  explanation: z.array(ScoreItem),
  levels: z.array(Level),
  tsEvent: z.number(),
  createdAt: z.number(),
}).passthrough();
export type SignalDoc = z.infer<typeof SignalDocSchema>;

export const OrderDocSchema = z.object({
  clientOrderId: z.string(),
  symbol: z.string().optional(),
  exchange: z.string().optional(),
  intent: z.string().optional(),
  status: z.string(),
  side: z.string().optional(),
  price: DecimalString.optional(),
  amount: DecimalString.optional(),
  fee: DecimalString.optional(),
  venue: z.string().optional(),
  reason: z.string().optional(),
  createdAt: z.number(),
}).passthrough();
export type OrderDoc = z.infer<typeof OrderDocSchema>;

/** `trade_history/{positionId}`: a closed position (the `position.closed` payload plus where it traded). */
export const TradeDocSchema = z.object({
  positionId: z.string(),
  symbol: z.string(),
  exchange: z.string(),
  side: Side,
  /** Null for a live close whose fill price is unknown (reconciled). */
  pnl: DecimalString.nullable(),
  fees: DecimalString.nullable().optional(),
  closedAt: z.number(),
  openedAt: z.number(),
  reason: z.string(),
  quote: z.string().optional(),
  /** Live closes name their venue (`binance_spot`); paper closes do not. */
  venueId: z.string().optional(),
  marketType: z.string().optional(),
}).passthrough();
export type TradeDoc = z.infer<typeof TradeDocSchema>;

export const NotificationDocSchema = z.object({
  eventType: z.string().optional(),
  severity: z.string().optional(),
  subject: z.string().optional(),
  channel: z.string().optional(),
  state: z.string().optional(),
  createdAt: z.number(),
  deliveredAt: z.number().optional(),
  deadLetterReason: z.string().optional(),
}).passthrough();
export type NotificationDoc = z.infer<typeof NotificationDocSchema>;
