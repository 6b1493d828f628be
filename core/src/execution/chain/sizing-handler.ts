import { dec } from '../money.js';
import { chooseLeverage } from '../../risk/sizing/leverage.js';
import { moduleEquity } from '../../risk/sizing/module-equity.js';
import { sizePosition } from '../../risk/sizing/position-size.js';
import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { fundsAfterPrelude } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';

/**
 * Sets the entry's amount (§2.2.3 position size calculator, §2.7.1.1 sizing with leverage). The
 * document's chain has no sizing step, but the exposure check after it needs a size: it sits here.
 */
export const sizingHandler: ExecutionHandler = {
  name: HandlerName.Sizing,
  check(ctx, draft) {
    const cfg = ctx.limits.sizing;
    const lev = chooseLeverage(ctx.signal.market.marketType, ctx.leverage, cfg);
    const funds = fundsAfterPrelude(ctx, draft.closing);
    const me = moduleEquity(dec(ctx.account.equity), ctx.capitalAllocation);
    const r = sizePosition({
      market: ctx.signal.market,
      side: ctx.signal.side,
      entryPrice: draft.entry.price,
      // The initial stop (zone edge) is what is lost if the entry is wrong: size from it (§2.5).
      stopDistancePct: ctx.signal.initialStopPct ?? ctx.signal.trailingStopPct,
      moduleEquity: me,
      account: funds,
      leverage: lev.leverage,
      config: cfg,
    });
    if (!r.ok) return rejectVerdict(r.reason, r.numbers);
    const s = r.size;
    const clamp = lev.clampedFrom === undefined ? '' : ` (leverage ${lev.clampedFrom}× capped to ${lev.leverage}×)`;
    return passVerdict(`${s.amount.toFixed()} ${ctx.signal.market.base} = ${s.notional.toFixed()} ${ctx.signal.market.quote} at ${s.leverage}×, ${s.riskAtStop.toFixed()} at the stop, bound by ${s.bound}${clamp}`, { ...draft, entry: { ...draft.entry, size: s } });
  },
};
