import { type ExecutionHandler, passVerdict, rejectVerdict } from './chain-types.js';
import { remainingPositions } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';

/** §2.2.4 PositionLimitHandler: at most `maxOpenPositions` open, counting a reversal's close as gone. */
export const positionLimitHandler: ExecutionHandler = {
  name: HandlerName.PositionLimit,
  check(ctx, draft) {
    const open = remainingPositions(ctx, draft.closing).length;
    const max = ctx.limits.maxOpenPositions;
    if (open + 1 > max) return rejectVerdict(`max positions limit reached: ${open}/${max}`, { open, max });
    return passVerdict(`${open + 1}/${max} positions with this one`);
  },
};
