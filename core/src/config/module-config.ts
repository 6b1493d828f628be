import { z } from 'zod';

/** A Secret Manager resource name: credentials are referenced, never stored in Firestore. */
export const SecretRef = z.string().regex(/^projects\/[^/]+\/secrets\/[^/]+(\/versions\/[^/]+)?$/, 'expected a Secret Manager reference like projects/P/secrets/NAME/versions/latest');

/**
 * `modules/{id}`: a trading module (a strategy on a set of venues) — enabled or not, its share of the
 * capital, and which account it trades through.
 */
export const ModuleConfigSchema = z.strictObject({
  enabled: z.boolean().default(false),
  strategy: z.enum(['orderflow_scalp', 'meme', 'arbitrage']).default('orderflow_scalp'),
  strategyConfigId: z.string().default('default'),
  /** Fraction of total equity this module may use (§2.2.3 per-module capital allocation). */
  capitalAllocation: z.number().min(0).max(1).default(0.25),
  venues: z.array(z.string().regex(/^[a-z0-9]+_(spot|perp|forex|dex)$/, 'expected exchange_market like binance_spot')).default(['binance_spot']),
  mode: z.enum(['paper', 'live']).default('paper'),
  /** Exchange credentials (API key + secret as one JSON secret) — a reference, never the key. */
  credentialsSecretRef: SecretRef.optional(),
});
export type ModuleConfig = z.infer<typeof ModuleConfigSchema>;
