import { fromTape } from '../money.js';
import { entryClientOrderId } from '../../ids/derived-id.js';
import type { ChainContext, ChainDraft, ExecutionHandler, VerdictNumbers } from './chain-types.js';
import { entryGateHandler } from './entry-gate.js';
import { existingPositionHandler } from './existing-position.js';
import { exposureHandler } from './exposure.js';
import { monitoringHandler } from './monitoring.js';
import type { OrderIntent } from './order-intent.js';
import { placementHandler } from './placement.js';
import { positionLimitHandler } from './position-limit.js';
import { reversalHandler } from './reversal.js';
import { sanityHandler } from './sanity.js';
import { sizingHandler } from './sizing-handler.js';

export interface ChainLogEntry {
  readonly handler: string;
  readonly verdict: 'pass' | 'reject' | 'skipped';
  readonly detail: string;
  readonly numbers?: VerdictNumbers;
  readonly check?: string;
}

export interface ChainRejection {
  readonly handler: string;
  readonly reason: string;
  readonly numbers: VerdictNumbers;
  /** Which sanity check, when the sanity handler rejected. */
  readonly check?: string;
}

export type ChainResult =
  | { readonly accepted: true; readonly intents: readonly OrderIntent[]; readonly log: readonly ChainLogEntry[] }
  | { readonly accepted: false; readonly intents: readonly []; readonly rejection: ChainRejection; readonly log: readonly ChainLogEntry[] };

/** §2.2.4 order, with the entry gate first and sizing before the exposure check that needs it. */
export const defaultExecutionChain: readonly ExecutionHandler[] = [entryGateHandler, existingPositionHandler, reversalHandler, positionLimitHandler, sizingHandler, exposureHandler, sanityHandler, placementHandler, monitoringHandler];

export function initialDraft(ctx: ChainContext): ChainDraft {
  const s = ctx.signal;
  return {
    entry: { clientOrderId: entryClientOrderId(s.signalId), side: s.side === 'long' ? 'buy' : 'sell', price: fromTape((s.fillReference ?? s.reference).price, s.market.pricePrecision) },
    closing: [],
    intents: [],
  };
}

/**
 * Run the handlers in order over one snapshot. Fail-fast: the first rejection ends the chain and
 * nothing is done, not even a reversal's close (all or nothing, so a retried signal meets the same
 * state); the handlers after it are logged as skipped, so the log always names every handler.
 */
export function runChain(handlers: readonly ExecutionHandler[], ctx: ChainContext): ChainResult {
  let draft = initialDraft(ctx);
  const log: ChainLogEntry[] = [];
  let rejection: ChainRejection | undefined;
  for (const h of handlers) {
    if (rejection !== undefined) {
      log.push({ handler: h.name, verdict: 'skipped', detail: `not run: ${rejection.handler} rejected` });
      continue;
    }
    const v = h.check(ctx, draft);
    if (v.verdict === 'reject') {
      rejection = v.check === undefined ? { handler: h.name, reason: v.reason, numbers: v.numbers } : { handler: h.name, reason: v.reason, numbers: v.numbers, check: v.check };
      log.push({ handler: h.name, verdict: 'reject', detail: v.reason, numbers: v.numbers, ...(v.check === undefined ? {} : { check: v.check }) });
    } else {
      log.push({ handler: h.name, verdict: 'pass', detail: v.detail });
      if (v.draft !== undefined) draft = v.draft;
    }
  }
  return rejection === undefined ? { accepted: true, intents: draft.intents, log } : { accepted: false, intents: [], rejection, log };
}
