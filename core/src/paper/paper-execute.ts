import type { StrategyConfig } from '../config/strategy-config.js';
import { type Dec, ZERO, dec } from '../execution/money.js';
import { closedPnl } from '../execution/closed-pnl.js';
import { type ChainLogEntry, type ChainRejection, defaultExecutionChain, runChain } from '../execution/chain/run-chain.js';
import type { EntryPause } from '../execution/chain/chain-types.js';
import { initialStopPrice } from '../execution/chain/stop-price.js';
import { exitClientOrderId } from '../ids/derived-id.js';
import type { SignalGenerated } from '../messages/events/signal-generated.js';
import { ManualClock } from '../ports/clock.js';
import { type PaperAccount, type PaperPosition, applyClose, applyOpen, paperAccountView } from './paper-account.js';
import { type FillReference, type ReferenceFill, referenceTakerFill } from './reference-fill.js';
import type { MarketSpec } from '../model/market.js';
import { isolatedLiquidationPrice } from '../perp/liquidation-price.js';
import { BINANCE_USDM_TERMS } from '../perp/perp-terms.js';

export interface PaperClose {
  readonly position: PaperPosition;
  readonly clientOrderId: string;
  readonly fill: ReferenceFill;
  readonly gross: string;
  readonly fees: string;
  /** After both fees and the funding received while open. */
  readonly net: string;
  /** Funding received while open (negative = paid), exact; "0" off perpetuals. */
  readonly funding: string;
  readonly pnlPct: number;
  readonly reason: string;
  readonly closedAt: number;
  /** The trade the close filled against. */
  readonly reference: FillReference;
}

export type PaperEntryOutcome =
  | { readonly ok: true; readonly account: PaperAccount; readonly closes: readonly PaperClose[]; readonly opened: PaperPosition; readonly fill: ReferenceFill; readonly initialStopPrice: string; readonly log: readonly ChainLogEntry[] }
  | { readonly ok: false; readonly rejection: ChainRejection; readonly log: readonly ChainLogEntry[] };

/**
 * execute on the paper venue: the execution chain over the account as it is at the fill reference,
 * then every intent it returns — a reversal's close, the entry — filled against that reference trade.
 * One function for the execute function and the backtester, so both size, refuse and fill alike.
 */
export function paperExecuteEntry(signal: SignalGenerated['payload'], acct: PaperAccount, ref: FillReference, cfg: StrategyConfig, paused: readonly EntryPause[] = []): PaperEntryOutcome {
  const market = signal.market;
  const view = paperAccountView(acct, market, ref.price);
  const r = runChain(defaultExecutionChain, {
    signal,
    lastTrade: { price: ref.price, ts: ref.ts },
    account: view.account,
    capitalAllocation: cfg.paper.capitalAllocation,
    positions: view.positions,
    openClientOrderIds: new Set(),
    entriesPaused: paused,
    limits: cfg.execution,
    clock: new ManualClock(ref.ts),
  });
  if (!r.accepted) return { ok: false, rejection: r.rejection, log: r.log };
  let account = acct;
  const closes: PaperClose[] = [];
  let opened: PaperPosition | null = null;
  let fill: ReferenceFill | null = null;
  for (const i of r.intents) {
    if (i.kind === 'close') {
      const pos = account.positions[i.positionId];
      if (!pos) continue;
      const c = paperClose(pos, ref, cfg, 'reversal');
      closes.push(c);
      account = applyClose(account, pos, c.fill.notional, c.fill.fee, dec(c.gross), dec(c.net));
    } else if (i.kind === 'place') {
      fill = referenceTakerFill(market, cfg.paperVenue, i.side, dec(i.amount), ref);
      const margin = i.leverage > 1 ? fill.notional.div(i.leverage).round(market.pricePrecision + market.amountPrecision, 3) : fill.notional;
      opened = {
        positionId: i.clientOrderId,
        signalId: signal.signalId,
        market,
        exchange: market.exchange,
        marketType: market.marketType,
        symbol: market.symbol,
        side: signal.side,
        amount: fill.qty.toFixed(),
        entryPrice: fill.price.toFixed(),
        entryFee: fill.fee.toFixed(),
        margin: margin.toFixed(),
        openedAt: ref.ts,
        leverage: i.leverage,
        ...(market.marketType === 'perp' ? { liquidationPrice: liquidationOf(market, signal.side, fill.qty, fill.price, margin), funding: '0' } : {}),
      };
      account = applyOpen(account, opened, fill.notional);
    }
  }
  if (!opened || !fill) throw new Error('execution chain accepted a signal without a place intent');
  // The stop is measured from the real fill, not the reference (chain: MonitorIntent.initialStopPrice).
  const stop = initialStopPrice(signal.side, fill.price, signal.initialStopPct ?? signal.trailingStopPct, market.pricePrecision).toFixed();
  return { ok: true, account, closes, opened, fill, initialStopPrice: stop, log: r.log };
}

/** Isolated-margin liquidation price of a new perp position, with the market's maintenance terms (Binance defaults when absent). */
function liquidationOf(market: MarketSpec, side: 'long' | 'short', amount: Dec, entryPrice: Dec, margin: Dec): string | null {
  const terms = market.perp ?? BINANCE_USDM_TERMS;
  const lp = isolatedLiquidationPrice({ side, amount, entryPrice, margin, maintenanceMarginRate: terms.maintenanceMarginRate, maintenanceAmount: terms.maintenanceAmount, pricePrecision: market.pricePrecision });
  return lp ? lp.toFixed() : null;
}

export const LIQUIDATION = 'liquidation';

/**
 * Close a paper position whole against the reference trade. A `liquidation` of a perp position is the
 * venue's forced close instead: it fills at the liquidation price whatever the reference, and the
 * isolated margin left at that price (the maintenance margin) is forfeited as the liquidation
 * clearance fee, so the trade loses exactly its margin plus the entry fee, less funding received.
 */
export function paperClose(pos: PaperPosition, ref: FillReference, cfg: StrategyConfig, reason: string): PaperClose {
  const amount = dec(pos.amount);
  const funding = dec(pos.funding ?? '0');
  let fill: ReferenceFill;
  if (reason === LIQUIDATION && pos.liquidationPrice) {
    const price = dec(pos.liquidationPrice);
    const notional = price.times(amount);
    const gross = (pos.side === 'long' ? price.minus(pos.entryPrice) : dec(pos.entryPrice).minus(price)).times(amount);
    const left = dec(pos.margin).plus(gross);
    fill = { price, qty: amount, notional, fee: left.gt(0) ? left : ZERO, slippageBps: 0 };
  } else fill = referenceTakerFill(pos.market, cfg.paperVenue, pos.side === 'long' ? 'sell' : 'buy', amount, ref);
  const pnl = closedPnl(pos.side, dec(pos.entryPrice), fill.price, amount, dec(pos.entryFee), fill.fee);
  const net = pnl.net.plus(funding);
  const pnlPct = funding.eq(0) ? pnl.pct : Number(net.div(dec(pos.entryPrice).times(amount)).times(100).toFixed(6));
  return { position: pos, clientOrderId: exitClientOrderId(pos.positionId), fill, gross: pnl.gross.toFixed(), fees: pnl.fees.toFixed(), net: net.toFixed(), funding: funding.toFixed(), pnlPct, reason, closedAt: ref.ts, reference: ref };
}

/** Close and book it on the account. */
export function paperExecuteExit(acct: PaperAccount, positionId: string, ref: FillReference, cfg: StrategyConfig, reason: string): { account: PaperAccount; close: PaperClose } | null {
  const pos = acct.positions[positionId];
  if (!pos) return null;
  const close = paperClose(pos, ref, cfg, reason);
  return { account: applyClose(acct, pos, close.fill.notional, close.fill.fee, dec(close.gross), dec(close.net)), close };
}
