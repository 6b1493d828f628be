import { z } from 'zod';
import { DecimalString } from '../messages/decimal-string.js';
import { MarketSpecSchema } from '../messages/market-spec.schema.js';
import { type Dec, ZERO, dec, fromTape } from '../execution/money.js';
import type { AccountView, PositionView } from '../execution/chain/chain-types.js';
import type { MarketSpec } from '../model/market.js';
import { isLeveraged } from '../risk/sizing/leverage.js';

export const PaperPositionSchema = z.strictObject({
  positionId: z.string(),
  signalId: z.string(),
  /** The market as it was at entry: what pricing the close needs (precision, fees). */
  market: MarketSpecSchema,
  exchange: z.string(),
  marketType: z.enum(['spot', 'perp', 'forex', 'dex']),
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  amount: DecimalString,
  entryPrice: DecimalString,
  entryFee: DecimalString,
  /** Margin posted (leveraged) or the entry notional (spot). */
  margin: DecimalString,
  openedAt: z.number().int(),
  /** Leverage the margin was posted at (1 on spot); absent on positions stored before perpetuals. */
  leverage: z.number().min(1).optional(),
  /** Perpetuals, isolated margin: where the venue would liquidate (core/src/perp/liquidation-price); null = unreachable. */
  liquidationPrice: DecimalString.nullable().optional(),
  /** Funding received so far (negative = paid), exact; booked to the wallet at each funding time. */
  funding: DecimalString.optional(),
  /** The last funding time (UTC ms) applied: funding is applied once per (position, funding time). */
  fundedUntil: z.number().int().optional(),
});
export type PaperPosition = z.infer<typeof PaperPositionSchema>;

/**
 * The paper venue's account in one quote currency, exact: `cash` is the wallet (spot: quote held;
 * leveraged: margin wallet), positions are what is open. Serialisable as is (Firestore
 * `paper_accounts/{exchange}:{quote}` in the stack, memory in the backtester).
 */
export const PaperAccountSchema = z.strictObject({
  currency: z.string(),
  startingEquity: DecimalString,
  cash: DecimalString,
  realizedPnl: DecimalString,
  positions: z.record(z.string(), PaperPositionSchema),
});
export type PaperAccount = z.infer<typeof PaperAccountSchema>;

export function newPaperAccount(currency: string, startingEquity: string): PaperAccount {
  return { currency, startingEquity, cash: dec(startingEquity).toFixed(), realizedPnl: '0', positions: {} };
}

/**
 * The account as the execution chain sees it, marking positions of `market` at `markPrice` (others at
 * entry: the paper venue has no other marks at hand). Spot: equity = cash + Σ amount × mark, nothing
 * borrowed. Leveraged: equity = wallet + unrealised P&L; available = wallet − posted margin.
 */
export function paperAccountView(acct: PaperAccount, market: MarketSpec, markPrice: number): { account: AccountView; positions: PositionView[] } {
  const mark = fromTape(markPrice, market.pricePrecision);
  let equity = dec(acct.cash);
  let used = ZERO;
  let baseFree = ZERO;
  const positions: PositionView[] = [];
  for (const p of Object.values(acct.positions)) {
    const px = p.symbol === market.symbol && p.exchange === market.exchange ? mark : dec(p.entryPrice);
    const amount = dec(p.amount);
    const notional = amount.times(px);
    const upnl = (p.side === 'long' ? px.minus(p.entryPrice) : dec(p.entryPrice).minus(px)).times(amount);
    if (isLeveraged(p.marketType)) {
      equity = equity.plus(upnl);
      used = used.plus(p.margin);
    } else {
      equity = equity.plus(notional);
      if (p.symbol === market.symbol && p.side === 'long') baseFree = baseFree.plus(amount);
    }
    positions.push({ positionId: p.positionId, exchange: p.exchange, symbol: p.symbol, side: p.side, amount: p.amount, notional: notional.toFixed(), margin: p.margin, unrealizedPnl: upnl.toFixed() });
  }
  const leveraged = isLeveraged(market.marketType);
  const available = leveraged ? dec(acct.cash).minus(used) : dec(acct.cash);
  const account: AccountView = { equity: equity.toFixed(), available: (available.lt(0) ? ZERO : available).toFixed(), usedMargin: used.toFixed(), ...(leveraged ? {} : { baseFree: baseFree.toFixed() }) };
  return { account, positions };
}

/** Open: spot pays notional + fee from cash; leveraged pays the fee (margin is reserved, not spent). */
export function applyOpen(acct: PaperAccount, p: PaperPosition, notional: Dec): PaperAccount {
  const cost = isLeveraged(p.marketType) ? dec(p.entryFee) : notional.plus(p.entryFee);
  return { ...acct, cash: dec(acct.cash).minus(cost).toFixed(), positions: { ...acct.positions, [p.positionId]: p } };
}

/**
 * One funding time on an open perpetual: the wallet receives (or pays) `received`, and the position
 * remembers it (its trade's P&L includes it) and the funding time, so applying the same funding time
 * again changes nothing. A position opened at or after the funding time is not funded by it.
 */
export function applyFunding(acct: PaperAccount, positionId: string, fundingTime: number, received: Dec): PaperAccount {
  const p = acct.positions[positionId];
  if (!p || !isLeveraged(p.marketType) || p.openedAt >= fundingTime || (p.fundedUntil ?? Number.NEGATIVE_INFINITY) >= fundingTime) return acct;
  const funded: PaperPosition = { ...p, funding: dec(p.funding ?? '0').plus(received).toFixed(), fundedUntil: fundingTime };
  return { ...acct, cash: dec(acct.cash).plus(received).toFixed(), positions: { ...acct.positions, [positionId]: funded } };
}

/** Close: spot receives exit notional − fee; leveraged books gross P&L − exit fee. `net` is the position's P&L after both fees. */
export function applyClose(acct: PaperAccount, p: PaperPosition, exitNotional: Dec, exitFee: Dec, gross: Dec, net: Dec): PaperAccount {
  const credit = isLeveraged(p.marketType) ? gross.minus(exitFee) : exitNotional.minus(exitFee);
  const positions = { ...acct.positions };
  delete positions[p.positionId];
  return { ...acct, cash: dec(acct.cash).plus(credit).toFixed(), realizedPnl: dec(acct.realizedPnl).plus(net).toFixed(), positions };
}
