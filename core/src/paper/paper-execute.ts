import type { StrategyConfig } from '../config/strategy-config.js';
import { dec } from '../execution/money.js';
import { closedPnl } from '../execution/closed-pnl.js';
import { type ChainLogEntry, type ChainRejection, defaultExecutionChain, runChain } from '../execution/chain/run-chain.js';
import type { EntryPause } from '../execution/chain/chain-types.js';
import { initialStopPrice } from '../execution/chain/stop-price.js';
import { exitClientOrderId } from '../ids/derived-id.js';
import type { SignalGenerated } from '../messages/events/signal-generated.js';
import { ManualClock } from '../ports/clock.js';
import { type PaperAccount, type PaperPosition, applyClose, applyOpen, paperAccountView } from './paper-account.js';
import { type FillReference, type ReferenceFill, referenceTakerFill } from './reference-fill.js';

export interface PaperClose {
  readonly position: PaperPosition;
  readonly clientOrderId: string;
  readonly fill: ReferenceFill;
  readonly gross: string;
  readonly fees: string;
  readonly net: string;
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
        margin: i.leverage > 1 ? fill.notional.div(i.leverage).round(market.pricePrecision + market.amountPrecision, 3).toFixed() : fill.notional.toFixed(),
        openedAt: ref.ts,
      };
      account = applyOpen(account, opened, fill.notional);
    }
  }
  if (!opened || !fill) throw new Error('execution chain accepted a signal without a place intent');
  // The stop is measured from the real fill, not the reference (chain: MonitorIntent.initialStopPrice).
  const stop = initialStopPrice(signal.side, fill.price, signal.initialStopPct ?? signal.trailingStopPct, market.pricePrecision).toFixed();
  return { ok: true, account, closes, opened, fill, initialStopPrice: stop, log: r.log };
}

/** Close a paper position whole against the reference trade. */
export function paperClose(pos: PaperPosition, ref: FillReference, cfg: StrategyConfig, reason: string): PaperClose {
  const fill = referenceTakerFill(pos.market, cfg.paperVenue, pos.side === 'long' ? 'sell' : 'buy', dec(pos.amount), ref);
  const pnl = closedPnl(pos.side, dec(pos.entryPrice), fill.price, dec(pos.amount), dec(pos.entryFee), fill.fee);
  return { position: pos, clientOrderId: exitClientOrderId(pos.positionId), fill, gross: pnl.gross.toFixed(), fees: pnl.fees.toFixed(), net: pnl.net.toFixed(), pnlPct: pnl.pct, reason, closedAt: ref.ts, reference: ref };
}

/** Close and book it on the account. */
export function paperExecuteExit(acct: PaperAccount, positionId: string, ref: FillReference, cfg: StrategyConfig, reason: string): { account: PaperAccount; close: PaperClose } | null {
  const pos = acct.positions[positionId];
  if (!pos) return null;
  const close = paperClose(pos, ref, cfg, reason);
  return { account: applyClose(acct, pos, close.fill.notional, close.fill.fee, dec(close.gross), dec(close.net)), close };
}
