import { type ModuleConfig, ModuleConfigSchema, type VenuePort } from '@cascade/core';
import { realSleeper, systemRandom } from '../clock/system-time.js';
import type { Deps } from '../firestore/deps.js';
import { secretResolver } from '../secrets/secrets.js';
import { parseVenueCredentials } from '../secrets/venue-credentials.js';

/**
 * The live venues the engine trades: every enabled `modules/{id}` in `live` mode, one per venue it
 * names (`binance_perp` → binance USDT perpetuals), with the credentials its Secret Manager reference
 * holds (a JSON object of ccxt credential fields: apiKey, secret, password, walletAddress, privateKey).
 * Paper modules have none. ccxt is loaded only when a live module exists, so paper functions never
 * pay for it.
 */
export interface LiveVenue {
  /** `binance_perp`: the exchange and account kind, as module and market configs name venues. */
  readonly key: string;
  readonly venue: VenuePort;
}

export async function liveVenues(d: Deps): Promise<VenuePort[]> {
  return (await liveVenueEntries(d)).map((v) => v.venue);
}

export async function liveVenueEntries(d: Deps): Promise<LiveVenue[]> {
  const snap = await d.db.collection('modules').get();
  const live: ModuleConfig[] = [];
  for (const doc of snap.docs) {
    const m = ModuleConfigSchema.safeParse(doc.data());
    if (!m.success) {
      d.log(`live venues: modules/${doc.id} is invalid and is skipped: ${m.error.message}`);
      continue;
    }
    if (m.data.enabled && m.data.mode === 'live') live.push(m.data);
  }
  if (live.length === 0) return [];
  const [{ CcxtVenue }, { createCcxtClient }, { venueProfile }, faults] = await Promise.all([
    import('../venues/ccxt/ccxt-venue.js'),
    import('../venues/ccxt/ccxt-client.js'),
    import('../venues/ccxt/venue-profile.js'),
    import('@cascade/core'),
  ]);
  const secrets = secretResolver();
  const seen = new Set<string>();
  const out: LiveVenue[] = [];
  for (const m of live) {
    if (!m.credentialsSecretRef) {
      d.log(`live venues: a live module names no credentialsSecretRef; skipped`);
      continue;
    }
    const credentials = parseVenueCredentials(m.credentialsSecretRef, await secrets.resolve(m.credentialsSecretRef));
    for (const v of m.venues) {
      if (seen.has(v)) continue;
      seen.add(v);
      const [exchange, market] = v.split('_') as [string, string];
      const kind = market === 'perp' ? 'perp' : 'spot';
      const profile = venueProfile(exchange);
      const clock = d.clock;
      out.push({
        key: `${exchange}_${kind}`,
        venue: new CcxtVenue({
          profile,
          kind,
          client: createCcxtClient(profile, kind, { credentials }),
          clock,
          sleeper: realSleeper,
          random: systemRandom,
          breaker: new faults.CircuitBreaker(`${exchange}_${kind}`, faults.CircuitBreakerConfigSchema.parse({}), clock),
        }),
      });
    }
  }
  return out;
}
