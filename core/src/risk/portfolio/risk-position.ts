import { z } from 'zod';
import { type Dec, dec } from '../../execution/money.js';
import { DecimalString } from '../../messages/decimal-string.js';
import { MarketType } from '../../model/market.js';
import type { ValueOf } from '../../util/value-of.js';

/** The module strategies of `modules/{id}.strategy`: max hold times and the meme-only rules key on them. */
export const RiskStrategy = {
  OrderflowScalp: 'orderflow_scalp',
  Meme: 'meme',
  Arbitrage: 'arbitrage',
} as const;
export type RiskStrategy = ValueOf<typeof RiskStrategy>;

export const PositionSide = {
  Long: 'long',
  Short: 'short',
} as const;
export type PositionSide = ValueOf<typeof PositionSide>;

/**
 * What the portfolio risk manager needs to know about an open position. `symbol` is the key the
 * caller also feeds trades and candles under; prices and amounts are exact decimal strings.
 */
export const RiskPositionSchema = z.strictObject({
  positionId: z.string().min(1),
  symbol: z.string().min(1),
  marketType: z.enum([MarketType.Spot, MarketType.Perp, MarketType.Forex, MarketType.Dex]),
  strategy: z.enum([RiskStrategy.OrderflowScalp, RiskStrategy.Meme, RiskStrategy.Arbitrage]),
  moduleId: z.string().min(1).optional(),
  side: z.enum([PositionSide.Long, PositionSide.Short]),
  entryPrice: DecimalString.refine((s) => dec(s).gt(0), 'entry price must be positive'),
  amount: DecimalString.refine((s) => dec(s).gt(0), 'amount must be positive'),
  openedAt: z.number().int().nonnegative(),
});
export type RiskPositionInput = z.infer<typeof RiskPositionSchema>;

/** A tracked position with its money parsed once. */
export interface RiskPosition extends RiskPositionInput {
  readonly entry: Dec;
  readonly qty: Dec;
}

export function toRiskPosition(input: RiskPositionInput): RiskPosition {
  const p = RiskPositionSchema.parse(input);
  return { ...p, entry: dec(p.entryPrice), qty: dec(p.amount) };
}

/** Unrealised P&L in quote currency at `mark`, exact: (mark − entry) × qty for longs, mirrored for shorts. */
export function unrealizedPnl(p: Pick<RiskPosition, 'side' | 'entry' | 'qty'>, mark: Dec): Dec {
  const diff = p.side === PositionSide.Long ? mark.minus(p.entry) : p.entry.minus(mark);
  return diff.times(p.qty);
}
