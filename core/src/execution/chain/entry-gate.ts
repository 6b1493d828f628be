import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { HandlerName } from './handler-name.js';

/**
 * First link: stop conditions from outside the chain (venue circuit breaker open, portfolio health
 * below 70, a drawdown level that blocks entries). Nothing else is worth checking while they hold.
 */
export const entryGateHandler: ExecutionHandler = {
  name: HandlerName.EntryGate,
  check(ctx) {
    const paused = ctx.entriesPaused ?? [];
    if (paused.length === 0) return passVerdict('entries open');
    return rejectVerdict(`new entries paused: ${paused.map((p) => `${p.source} (${p.reason})`).join('; ')}`, Object.fromEntries(paused.map((p) => [p.source, p.reason])));
  },
};
