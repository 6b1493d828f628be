import { type Dec, ZERO, dec } from '../money.js';
import { moduleEquity } from '../../risk/sizing/module-equity.js';
import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { remainingPositions } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';

/** §2.2.4 ExposureCheckHandler: open notional plus this order within the module's limit. */
export const exposureHandler: ExecutionHandler = {
  name: HandlerName.Exposure,
  check(ctx, draft) {
    const size = draft.entry.size;
    if (size === undefined) return rejectVerdict('no size to check: the sizing handler must run first', {});
    const current = remainingPositions(ctx, draft.closing).reduce((sum: Dec, p) => sum.plus(dec(p.notional)), ZERO);
    const total = current.plus(size.notional);
    const byPct = moduleEquity(dec(ctx.account.equity), ctx.capitalAllocation).times(dec(ctx.limits.maxExposurePct));
    const abs = ctx.limits.maxExposureQuote === undefined ? undefined : dec(ctx.limits.maxExposureQuote);
    const cap = abs !== undefined && abs.lt(byPct) ? abs : byPct;
    const numbers = { current: current.toFixed(), order: size.notional.toFixed(), total: total.toFixed(), cap: cap.toFixed() };
    if (total.gt(cap)) return rejectVerdict(`exposure limit would be exceeded: ${total.toFixed()} > ${cap.toFixed()}`, numbers);
    return passVerdict(`exposure ${total.toFixed()} ≤ ${cap.toFixed()}`);
  },
};
