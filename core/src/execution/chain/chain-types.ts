import type { Dec } from '../money.js';
import type { Clock } from '../../ports/clock.js';
import type { SignalGenerated } from '../../messages/events/signal-generated.js';
import type { SizedPosition } from '../../risk/sizing/position-size.js';
import type { ExecutionLimits } from './execution-limits.js';
import type { OrderIntent } from './order-intent.js';

/**
 * An open position as the chain sees it. Money is in the signal market's quote currency: the
 * adapter converts positions quoted in something else before it runs the chain.
 */
export interface PositionView {
  readonly positionId: string;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly amount: string;
  /** Current notional (amount × mark). */
  readonly notional: string;
  /** Initial margin posted (leveraged); the notional on spot. */
  readonly margin: string;
  readonly unrealizedPnl: string;
}

/** Account funds in the signal market's quote currency. */
export interface AccountView {
  /** Wallet balance + unrealised P&L, whole account. */
  readonly equity: string;
  /** Spendable now: free quote (spot) or available margin (leveraged). */
  readonly available: string;
  /** Margin posted by open positions (leveraged); "0" on spot. */
  readonly usedMargin: string;
  /** Spot: free base currency of the signal's market (what a sell can sell). */
  readonly baseFree?: string;
}

/** Something upstream says no new entries: venue breaker open, health < 70, drawdown level… */
export interface EntryPause {
  readonly source: string;
  readonly reason: string;
}

/**
 * Everything the chain needs, assembled by the adapter before it runs: the chain reads no port but
 * the clock, so it is a pure function of this snapshot and replays identically.
 */
export interface ChainContext {
  readonly signal: SignalGenerated['payload'];
  /** The venue's latest trade on the signal's market (tape values, as in `Trade`). */
  readonly lastTrade: { readonly price: number; readonly ts: number };
  readonly account: AccountView;
  /** `modules/{id}.capitalAllocation`: the module's share of account equity. */
  readonly capitalAllocation: number;
  /** Leverage configured for the market (`market_configs`); the sizing default when absent. */
  readonly leverage?: number;
  /** Open positions on every symbol the limits cover. */
  readonly positions: readonly PositionView[];
  /** Client order ids of open (and recently placed) orders. */
  readonly openClientOrderIds: ReadonlySet<string>;
  readonly entriesPaused?: readonly EntryPause[];
  readonly limits: ExecutionLimits;
  readonly clock: Clock;
}

/** The entry order as it takes shape along the chain. */
export interface EntryDraft {
  readonly clientOrderId: string;
  readonly side: 'buy' | 'sell';
  /** Signal reference price at the market's tick. */
  readonly price: Dec;
  /** Set by the sizing handler. */
  readonly size?: SizedPosition;
}

export interface ChainDraft {
  readonly entry: EntryDraft;
  /** Positions a reversal closes before the entry. */
  readonly closing: readonly PositionView[];
  readonly intents: readonly OrderIntent[];
}

export type VerdictNumbers = Readonly<Record<string, string | number>>;

export type Verdict =
  | { readonly verdict: 'pass'; readonly detail: string; readonly draft?: ChainDraft }
  | { readonly verdict: 'reject'; readonly reason: string; readonly numbers: VerdictNumbers; readonly check?: string };

/** One link of the chain: looks at the snapshot and the draft so far, passes (maybe reshaping the draft) or rejects. */
export interface ExecutionHandler {
  readonly name: string;
  check(ctx: ChainContext, draft: ChainDraft): Verdict;
}

export const passVerdict = (detail: string, draft?: ChainDraft): Verdict => (draft === undefined ? { verdict: 'pass', detail } : { verdict: 'pass', detail, draft });
export const rejectVerdict = (reason: string, numbers: VerdictNumbers, check?: string): Verdict => (check === undefined ? { verdict: 'reject', reason, numbers } : { verdict: 'reject', reason, numbers, check });
