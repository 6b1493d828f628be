import { z } from 'zod';
import { type ModuleConfig, ModuleConfigSchema, type VenuePort } from '@cascade/core';
import { realSleeper, systemRandom } from '../clock/system-time.js';
import type { Deps } from '../firestore/deps.js';
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

/**
 * Which modules give a venue. Entries go only where an enabled live module trades. Exits go wherever
 * a position is: a module disabled, switched to paper or mis-configured after it opened positions
 * still names the venue and holds its credentials, and those positions must close there (issue 11 #5).
 */
export const VenueUse = { Entries: 'entries', Exits: 'exits' } as const;
export type VenueUse = (typeof VenueUse)[keyof typeof VenueUse];

/**
 * `CASCADE_VENUE_URLS`: a JSON object `{ "<exchange>": <ccxt urls> }` deep-merged into the ccxt client's
 * `urls` — the local stack and its tests point the deployed functions at a venue fake, an operator at
 * a venue's testnet. Unset in production: the venues' own hosts.
 */
const VenueUrlsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export function parseVenueUrls(raw: string): Readonly<Record<string, Record<string, unknown>>> {
  if (raw === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('CASCADE_VENUE_URLS is not JSON: set it to {"binance": {"api": {...}}} (ccxt urls per exchange) or unset it');
  }
  const parsed = VenueUrlsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`CASCADE_VENUE_URLS must map exchange ids to ccxt urls objects: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** The credentials reference and venues of a module document, read leniently (exits must survive a bad edit). */
const ExitModuleSchema = z.object({ venues: z.array(z.string()).default([]), credentialsSecretRef: z.string().optional(), mode: z.string().optional() });

export async function liveVenues(d: Deps, use: VenueUse = VenueUse.Entries): Promise<VenuePort[]> {
  return (await liveVenueEntries(d, use)).map((v) => v.venue);
}

/** `{ venues, credentialsSecretRef }` of the modules that give venues for `use`, in document order. */
async function venueModules(d: Deps, use: VenueUse): Promise<Pick<ModuleConfig, 'venues' | 'credentialsSecretRef'>[]> {
  const snap = await d.db.collection('modules').get();
  const out: Pick<ModuleConfig, 'venues' | 'credentialsSecretRef'>[] = [];
  for (const doc of snap.docs) {
    const m = ModuleConfigSchema.safeParse(doc.data());
    if (m.success && m.data.enabled && m.data.mode === 'live') {
      out.push(m.data);
      continue;
    }
    if (use === VenueUse.Entries) {
      if (!m.success) d.log(`live venues: modules/${doc.id} is invalid and is skipped for entries: ${m.error.message}`);
      continue;
    }
    // Exits: any module that still names venues and credentials (disabled, paper now, or invalid elsewhere).
    const loose = ExitModuleSchema.safeParse(doc.data());
    if (loose.success && loose.data.credentialsSecretRef !== undefined && loose.data.venues.length > 0) out.push({ venues: loose.data.venues, credentialsSecretRef: loose.data.credentialsSecretRef });
  }
  return out;
}

export async function liveVenueEntries(d: Deps, use: VenueUse = VenueUse.Entries): Promise<LiveVenue[]> {
  const live = await venueModules(d, use);
  if (live.length === 0) return [];
  const edge = d.live;
  if (!edge) throw new Error('a live module is enabled but this process was given no live venue settings (Deps.live): build its deps with the venue URLs and a secret resolver');
  const [{ CcxtVenue }, { createCcxtClient, routeExceptionsByPath }, { venueProfile }, faults] = await Promise.all([
    import('../venues/ccxt/ccxt-venue.js'),
    import('../venues/ccxt/ccxt-client.js'),
    import('../venues/ccxt/venue-profile.js'),
    import('@cascade/core'),
  ]);
  const urls = parseVenueUrls(edge.venueUrlsJson);
  const secrets = edge.secrets;
  const seen = new Set<string>();
  const out: LiveVenue[] = [];
  for (const m of live) {
    if (!m.credentialsSecretRef) {
      d.log(`live venues: a live module names no credentialsSecretRef; skipped`);
      continue;
    }
    const credentials = parseVenueCredentials(m.credentialsSecretRef, await secrets.resolve(m.credentialsSecretRef));
    for (const v of m.venues) {
      const [exchange, market] = v.split('_') as [string, string];
      const kind = market === 'perp' ? 'perp' : 'spot';
      const key = `${exchange}_${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const profile = venueProfile(exchange);
      const clock = d.clock;
      const override = urls[exchange];
      const client = createCcxtClient(profile, kind, { credentials, ...(override === undefined ? {} : { urls: override }) });
      if (override !== undefined) routeExceptionsByPath(client);
      out.push({
        key,
        venue: new CcxtVenue({
          profile,
          kind,
          client,
          clock,
          sleeper: realSleeper,
          random: systemRandom,
          breaker: new faults.CircuitBreaker(key, faults.CircuitBreakerConfigSchema.parse({}), clock),
        }),
      });
    }
  }
  return out;
}
