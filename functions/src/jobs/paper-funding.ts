import { z } from 'zod';
import { BINANCE_USDM_TERMS, DecimalString, MarketConfigSchema, type PaperPosition, lastFundingTime } from '@cascade/core';
import { type FundingQuote, fundPaperAccount } from '@cascade/adapters/firestore';
import type { JobContext } from './definitions.js';

/**
 * `funding_rates/{exchange}:{symbol}` (symbol with `/` as `-`): the latest settled rate known for a
 * perpetual, when something records one (an operator, a rate feed). Absent, the config's constant applies.
 */
const LatestFundingSchema = z.looseObject({ rate: DecimalString, fundingTime: z.number().int().optional(), markPrice: DecimalString.optional() });

export function fundingRateDocId(exchange: string, symbol: string): string {
  return `${exchange}:${symbol}`.replace(/\//g, '-');
}

/**
 * Paper funding (every 8 h, 00:00/08:00/16:00 UTC, as Binance USDⓈ-M settles): each paper account's
 * open perp positions receive or pay size × mark × rate for the funding time the run is scheduled
 * for. The rate is the latest known one (`funding_rates`), else the market config's constant
 * (`market_configs/{exchange}_perp.fundingRate`), else the market's own (Binance base 0.01 %). The
 * functions have no mark feed: the mark is the recorded one when `funding_rates` has it, else the
 * entry price (a scalp moves well under 1 % of it). One transaction per account; applying a funding
 * time twice does nothing, so at-least-once delivery cannot double it.
 */
export async function paperFundingHandler(ctx: JobContext): Promise<void> {
  const fundingTime = lastFundingTime(ctx.scheduledTime);
  const accounts = await ctx.db.collection('paper_accounts').get();
  const configRate = new Map<string, string | null>();
  const latest = new Map<string, z.infer<typeof LatestFundingSchema> | null>();
  // Reads first, outside the account transactions: rates change at most every 8 h.
  for (const doc of accounts.docs) {
    const positions = (doc.get('positions') ?? {}) as Record<string, { exchange?: unknown; symbol?: unknown; marketType?: unknown }>;
    for (const p of Object.values(positions)) {
      if (p.marketType !== 'perp' || typeof p.exchange !== 'string' || typeof p.symbol !== 'string') continue;
      if (!configRate.has(p.exchange)) {
        const mc = MarketConfigSchema.safeParse((await ctx.db.doc(`market_configs/${p.exchange}_perp`).get()).data());
        configRate.set(p.exchange, mc.success ? (mc.data.fundingRate ?? null) : null);
      }
      const key = fundingRateDocId(p.exchange, p.symbol);
      if (!latest.has(key)) {
        const l = LatestFundingSchema.safeParse((await ctx.db.collection('funding_rates').doc(key).get()).data());
        latest.set(key, l.success ? l.data : null);
      }
    }
  }
  const quoteOf = (p: PaperPosition): FundingQuote => {
    const known = latest.get(fundingRateDocId(p.exchange, p.symbol)) ?? null;
    const rate = known?.rate ?? configRate.get(p.exchange) ?? p.market.perp?.fundingRate ?? BINANCE_USDM_TERMS.fundingRate;
    return { rate, mark: known?.markPrice ?? p.entryPrice };
  };
  let n = 0;
  for (const doc of accounts.docs) {
    const funded = await fundPaperAccount(ctx.db, doc.ref, fundingTime, quoteOf);
    for (const f of funded) ctx.log(`paper-funding ${new Date(fundingTime).toISOString()}: ${doc.id} position ${f.positionId} received ${f.received}`);
    n += funded.length;
  }
  ctx.log(`paper-funding: ${n} position(s) funded for ${new Date(fundingTime).toISOString()}`);
}
