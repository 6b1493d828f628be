import { z } from 'zod';
import { formatIssues } from '@cascade/core';
import { type CcxtVenueMarkets, venueMarkets } from '@cascade/adapters/venues/ccxt';
import { ccxtOverrides } from './params.js';

/** `CCXT_OVERRIDES`: `{exchange id: ccxt constructor config}`. */
const CcxtOverridesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Parses the CCXT_OVERRIDES value ('' = none); a malformed value fails loudly, naming the param. */
export function parseCcxtOverrides(raw: string): z.infer<typeof CcxtOverridesSchema> {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new Error(`CCXT_OVERRIDES is not JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const r = CcxtOverridesSchema.safeParse(json);
  if (!r.success) throw new Error(`CCXT_OVERRIDES must be {exchange: ccxt config}: ${formatIssues(r.error.issues)}`);
  return r.data;
}

/** The instance's venue markets, with the deploy-time ccxt overrides. */
export function instanceVenueMarkets(): CcxtVenueMarkets {
  return venueMarkets(parseCcxtOverrides(ccxtOverrides.value()));
}
