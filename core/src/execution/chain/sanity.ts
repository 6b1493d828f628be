import { type Dec, dec, fromTape, roundTo } from '../money.js';
import { divDown } from '../../risk/sizing/exact-division.js';
import { isLeveraged } from '../../risk/sizing/leverage.js';
import type { SizedPosition } from '../../risk/sizing/position-size.js';
import { type ChainContext, type ChainDraft, type ExecutionHandler, type Verdict, passVerdict, rejectVerdict } from './chain-types.js';
import { fundsAfterPrelude } from './funds-after-prelude.js';
import { HandlerName } from './handler-name.js';

type Check = (ctx: ChainContext, draft: ChainDraft, size: SizedPosition) => Verdict | null;

const pct = (v: number): string => `${+(v * 100).toFixed(6)} %`;

const stopDistance: Check = (ctx) => {
  const stop = (ctx.signal.initialStopPct ?? ctx.signal.trailingStopPct);
  const max = ctx.limits.maxStopDistancePct;
  return stop > max ? rejectVerdict(`stop ${pct(stop)} from entry is wider than ${pct(max)}`, { stopDistancePct: stop, maxStopDistancePct: max }, 'stop_distance') : null;
};

const staleSignal: Check = (ctx) => {
  const max = ctx.limits.maxSignalAgeMs;
  if (max === undefined) return null;
  const age = ctx.clock.now() - ctx.signal.reference.ts;
  return age > max ? rejectVerdict(`signal is ${age} ms old (max ${max} ms)`, { ageMs: age, maxSignalAgeMs: max }, 'stale_signal') : null;
};

const fatFinger: Check = (ctx, draft) => {
  const price = draft.entry.price;
  const last = fromTape(ctx.lastTrade.price, ctx.signal.market.pricePrecision);
  const band = ctx.limits.fatFingerBandPct;
  if (last.lte(0)) return rejectVerdict('no last trade price to check the order against', { lastTrade: last.toFixed() }, 'fat_finger');
  const diff = price.minus(last).abs();
  if (diff.lte(last.times(dec(band)))) return null;
  return rejectVerdict(`price ${price.toFixed()} is ${pct(Number(divDown(diff, last, 8)))} from the last trade ${last.toFixed()} (band ${pct(band)})`, { price: price.toFixed(), lastTrade: last.toFixed(), deviationPct: divDown(diff, last, 8).toFixed(), bandPct: band }, 'fat_finger');
};

const precision: Check = (ctx, draft, size) => {
  const m = ctx.signal.market;
  const onGrid = (v: Dec, places: number): boolean => roundTo(v, places, 'down').eq(v);
  if (size.amount.gt(0) && onGrid(size.amount, m.amountPrecision) && onGrid(draft.entry.price, m.pricePrecision)) return null;
  return rejectVerdict(`amount ${size.amount.toFixed()} / price ${draft.entry.price.toFixed()} not on the market's grid (${m.amountPrecision} / ${m.pricePrecision} places)`, { amount: size.amount.toFixed(), price: draft.entry.price.toFixed(), amountPrecision: m.amountPrecision, pricePrecision: m.pricePrecision }, 'precision');
};

const minNotional: Check = (ctx, _draft, size) => {
  const min = dec(ctx.signal.market.minNotional);
  return size.notional.lt(min) ? rejectVerdict(`notional ${size.notional.toFixed()} below the market minimum ${min.toFixed()}`, { notional: size.notional.toFixed(), minNotional: min.toFixed() }, 'min_notional') : null;
};

const funds: Check = (ctx, draft, size) => {
  const f = fundsAfterPrelude(ctx, draft.closing);
  const m = ctx.signal.market;
  if (!isLeveraged(m.marketType) && ctx.signal.side === 'short') {
    const have = f.baseFree ?? dec(0);
    return size.amount.gt(have) ? rejectVerdict(`selling ${size.amount.toFixed()} ${m.base} on spot needs that much free; have ${have.toFixed()}`, { amount: size.amount.toFixed(), baseFree: have.toFixed() }, 'balance') : null;
  }
  const need = size.margin.plus(size.fee);
  const what = isLeveraged(m.marketType) ? 'margin + fee' : 'notional + fee';
  return need.gt(f.available) ? rejectVerdict(`${what} ${need.toFixed()} ${m.quote} exceeds available ${f.available.toFixed()}`, { required: need.toFixed(), available: f.available.toFixed(), margin: size.margin.toFixed(), fee: size.fee.toFixed() }, 'balance') : null;
};

const duplicate: Check = (ctx, draft) => {
  const cid = draft.entry.clientOrderId;
  if (ctx.openClientOrderIds.has(cid)) return rejectVerdict(`client order id ${cid} is already open`, { clientOrderId: cid }, 'duplicate');
  if (ctx.positions.some((p) => p.positionId === cid)) return rejectVerdict(`position ${cid} already exists for this signal`, { clientOrderId: cid }, 'duplicate');
  return null;
};

const CHECKS: readonly [string, Check][] = [
  ['stop_distance', stopDistance],
  ['stale_signal', staleSignal],
  ['fat_finger', fatFinger],
  ['precision', precision],
  ['min_notional', minNotional],
  ['balance', funds],
  ['duplicate', duplicate],
];

/**
 * §2.2.3 sanity checks before anything reaches a venue: stop no wider than allowed, signal fresh,
 * price within the fat-finger band of the last trade, amount and price on the market's grid,
 * minimum notional, funds for margin and fee (after a reversal's close), no duplicate client id.
 * The first failing check rejects and names itself in `check`.
 */
export const sanityHandler: ExecutionHandler = {
  name: HandlerName.Sanity,
  check(ctx, draft) {
    const size = draft.entry.size;
    if (size === undefined) return rejectVerdict('no size to check: the sizing handler must run first', {});
    for (const [, c] of CHECKS) {
      const v = c(ctx, draft, size);
      if (v !== null) return v;
    }
    const ran = CHECKS.map(([n]) => n).filter((n) => n !== 'stale_signal' || ctx.limits.maxSignalAgeMs !== undefined);
    return passVerdict(`ok: ${ran.join(', ')}`);
  },
};
